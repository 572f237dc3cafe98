SET lock_timeout = '5s';
ALTER TABLE package_owners VALIDATE CONSTRAINT fk_package_owners_owner_id;
