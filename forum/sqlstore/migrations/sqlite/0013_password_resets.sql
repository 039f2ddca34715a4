-- Password resets by mail: the SHA-256 of a link's secret, single-use and
-- expiring. Asking again replaces the unused ones.
CREATE TABLE password_resets (
    hash       BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_resets_user ON password_resets (user_id);
