DROP INDEX index_release_num;
