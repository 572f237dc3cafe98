CREATE TABLE reserved_names (name text PRIMARY KEY);
CREATE UNIQUE INDEX index_reserved_names_lower ON reserved_names (lower(name));
INSERT INTO reserved_names (name) VALUES ('alloc'), ('core'), ('std'), ('test'), ('proc_macro');
