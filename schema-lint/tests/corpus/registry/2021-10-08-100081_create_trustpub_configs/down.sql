DROP TABLE trustpub_configs;
