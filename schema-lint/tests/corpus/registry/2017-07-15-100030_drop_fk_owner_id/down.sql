ALTER TABLE package_owners ADD CONSTRAINT package_owners_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES accounts (id);
