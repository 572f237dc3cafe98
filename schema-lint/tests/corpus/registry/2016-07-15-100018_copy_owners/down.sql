DELETE FROM package_owners;
