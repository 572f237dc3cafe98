DROP TABLE publish_rate_overrides;
DROP TABLE publish_limit_buckets;
