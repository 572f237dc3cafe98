UPDATE releases SET description = packages.description
    FROM packages WHERE packages.id = releases.pkg_id;
