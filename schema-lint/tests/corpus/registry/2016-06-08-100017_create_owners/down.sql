DROP TABLE package_owners;
