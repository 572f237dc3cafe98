DROP TABLE package_downloads;
