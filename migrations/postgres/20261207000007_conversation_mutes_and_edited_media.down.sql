DROP TABLE status_edit_media;
DROP TABLE conversation_mutes;
ALTER TABLE statuses DROP COLUMN thread_id;
