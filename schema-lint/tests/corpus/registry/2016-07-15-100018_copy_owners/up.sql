INSERT INTO package_owners (package_id, owner_id, created_by)
    SELECT id, account_id, account_id FROM packages;
