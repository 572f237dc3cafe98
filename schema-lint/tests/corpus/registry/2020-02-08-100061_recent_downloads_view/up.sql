CREATE MATERIALIZED VIEW recent_package_downloads (package_id, downloads) AS
    SELECT r.pkg_id, sum(d.downloads)
    FROM release_downloads d JOIN releases r ON r.id = d.release_id
    WHERE d.date > CURRENT_DATE - interval '90 days'
    GROUP BY r.pkg_id;
CREATE UNIQUE INDEX index_recent_package_downloads ON recent_package_downloads (package_id);
