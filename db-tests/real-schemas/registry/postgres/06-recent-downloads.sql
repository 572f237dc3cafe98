-- Download counts over the last days, as a materialized view the application refreshes from a
-- job: each crate's downloads over 90, 30 and 7 days (daily counts of its releases), with the
-- unique index REFRESH ... CONCURRENTLY needs, and the SQL function that refreshes it.
CREATE MATERIALIZED VIEW recent_crate_downloads AS
    SELECT releases.crate_id,
           sum(release_downloads.downloads) AS downloads,
           sum(release_downloads.downloads) FILTER (WHERE release_downloads.day > CURRENT_DATE - 30) AS downloads_30d,
           sum(release_downloads.downloads) FILTER (WHERE release_downloads.day > CURRENT_DATE - 7) AS downloads_7d
    FROM release_downloads
    JOIN releases ON releases.id = release_downloads.release_id
    WHERE release_downloads.day > CURRENT_DATE - 90
    GROUP BY releases.crate_id;
CREATE UNIQUE INDEX recent_crate_downloads_crate_id ON recent_crate_downloads USING btree (crate_id);
COMMENT ON MATERIALIZED VIEW recent_crate_downloads IS 'Refreshed hourly by refresh_recent_crate_downloads()';

CREATE FUNCTION refresh_recent_crate_downloads() RETURNS void
    LANGUAGE sql
    AS $$REFRESH MATERIALIZED VIEW CONCURRENTLY recent_crate_downloads$$;
