REINDEX TABLE releases;
