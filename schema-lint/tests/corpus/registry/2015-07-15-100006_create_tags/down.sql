DROP TABLE packages_tags;
DROP TABLE tags;
