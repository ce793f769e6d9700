-- How a status's source text is written (Pleroma's content_type: text/plain or text/markdown), so
-- that an edit that does not name it renders the text as it was written. Statuses from before
-- were plain unless their author asked otherwise, which was not kept: plain is the best guess.
ALTER TABLE statuses ADD COLUMN content_type TEXT NOT NULL DEFAULT 'text/plain';
