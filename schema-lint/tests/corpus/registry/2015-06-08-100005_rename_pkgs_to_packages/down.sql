ALTER TABLE packages RENAME TO pkgs;
