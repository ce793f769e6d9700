-- Whether the authorization request named its redirect_uri: then the code exchange must name the
-- same one (RFC 6749 §4.1.3). Codes granted before this migration (ten minutes' worth) are taken as
-- not having named one, as they were checked before.
ALTER TABLE oauth_authorizations ADD COLUMN redirect_uri_named BOOLEAN NOT NULL DEFAULT FALSE;
