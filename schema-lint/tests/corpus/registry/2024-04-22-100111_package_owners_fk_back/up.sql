SET lock_timeout = '5s';
ALTER TABLE package_owners ADD CONSTRAINT fk_package_owners_owner_id FOREIGN KEY (owner_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;
