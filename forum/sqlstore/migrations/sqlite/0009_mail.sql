-- Mail. Notifications become mails for the people who want them (per
-- kind: at once, in a daily digest, or not at all); mails wait in a durable
-- queue with retries, so a restart or an SMTP outage loses none.
ALTER TABLE users ADD COLUMN email_bounced_at INTEGER;
ALTER TABLE users ADD COLUMN last_digest_at INTEGER;
ALTER TABLE notifications ADD COLUMN mailed INTEGER NOT NULL DEFAULT 0;
-- History is not mailed.
UPDATE notifications SET mailed = 1;
CREATE INDEX notifications_unmailed ON notifications (id) WHERE mailed = 0;

CREATE TABLE email_prefs (
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT    NOT NULL,
    mode    TEXT    NOT NULL CHECK (mode IN ('now', 'digest', 'off')),
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER REFERENCES users (id),
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    unsubscribe_url TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Server secrets, made at first use (the key that signs unsubscribe links).
CREATE TABLE secrets (
    name       TEXT    PRIMARY KEY,
    value      BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
