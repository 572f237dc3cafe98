DROP TABLE deleted_packages;
