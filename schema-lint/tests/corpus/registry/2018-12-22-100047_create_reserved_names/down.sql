DROP TABLE reserved_names;
