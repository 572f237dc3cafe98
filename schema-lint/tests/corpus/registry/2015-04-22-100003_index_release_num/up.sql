CREATE INDEX index_release_num ON releases (num);
