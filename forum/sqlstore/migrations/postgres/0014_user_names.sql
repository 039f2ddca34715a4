-- The ICU collation of 0001 ignored more than case (zero-width spaces,
-- full-width letters, ligatures: 'ａlice' was 'alice'). Names and addresses
-- are now plain bytes ("C"), unique and looked up by lower(), which under
-- "C" folds ASCII letters only, exactly as SQLite's NOCASE.
ALTER TABLE users DROP CONSTRAINT users_username_key;
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ALTER COLUMN username TYPE TEXT COLLATE "C";
ALTER TABLE users ALTER COLUMN email TYPE TEXT COLLATE "C";
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
DROP COLLATION nocase;
