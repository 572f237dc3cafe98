ALTER TABLE pkgs RENAME TO packages;
