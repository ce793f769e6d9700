ALTER TABLE oauth_authorizations DROP COLUMN redirect_uri_named;
