DROP TABLE release_owner_actions;
