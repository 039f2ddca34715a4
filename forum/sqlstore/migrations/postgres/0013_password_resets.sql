-- Password resets by mail: the SHA-256 of a link's secret, single-use and
-- expiring. Asking again replaces the unused ones.
CREATE TABLE password_resets (
    hash       BYTEA    PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT 
);
CREATE INDEX password_resets_user ON password_resets (user_id);
