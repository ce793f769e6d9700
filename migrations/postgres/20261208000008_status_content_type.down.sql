ALTER TABLE statuses DROP COLUMN content_type;
