-- What the first schema lacked: an index under every foreign key whose child column had none,
-- since deleting a parent (an account, an app, a status, an invite) looks up and updates or
-- deletes its children by that column, and without an index each such delete scans the child
-- table. Columns led by another index (a UNIQUE pair, a composite) are already covered.
CREATE INDEX accounts_moved_to ON accounts (moved_to_id);
CREATE INDEX invites_created_by ON invites (created_by_account_id);
CREATE INDEX users_invite ON users (invite_id);
CREATE INDEX oauth_apps_owner ON oauth_apps (owner_account_id);
CREATE INDEX oauth_authorizations_app ON oauth_authorizations (app_id);
CREATE INDEX oauth_authorizations_account ON oauth_authorizations (account_id);
CREATE INDEX oauth_tokens_app ON oauth_tokens (app_id);
CREATE INDEX statuses_object ON statuses (object_id);
CREATE INDEX statuses_in_reply_to_account ON statuses (in_reply_to_account_id);
CREATE INDEX statuses_app ON statuses (app_id);
CREATE INDEX bookmarks_status ON bookmarks (status_id);
CREATE INDEX notifications_from_account ON notifications (from_account_id);
CREATE INDEX notifications_status ON notifications (status_id);

-- HTTP signature checks find the signing account by its key id. Not unique: the id is what a
-- remote server says, and a duplicate must not make an account impossible to store.
CREATE INDEX accounts_public_key_id ON accounts (public_key_id);

-- Follower, following and follow-request pages select by one side of the follow and page by the
-- row id (WHERE target_account_id = $1 AND id < $2 ORDER BY id DESC): (side, id) answers a page by
-- reading just its rows. The (target_account_id, id) indexes also serve the foreign key, so the
-- single-column ones they replace go.
DROP INDEX follows_target;
CREATE INDEX follows_target_page ON follows (target_account_id, id);
CREATE INDEX follows_account_page ON follows (account_id, id);
DROP INDEX follow_requests_target;
CREATE INDEX follow_requests_target_page ON follow_requests (target_account_id, id);
