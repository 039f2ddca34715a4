-- Moderation: suspensions, thread and post states, flags, merges,
-- subscriptions, notifications, the audit log and the spam words.

-- A suspended account cannot sign in; a silenced one reads and votes but
-- cannot write. A permanent suspension is a date in the year 9999.
ALTER TABLE users ADD COLUMN suspended_until INTEGER;
ALTER TABLE users ADD COLUMN suspend_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN silenced_until INTEGER;

-- hidden_reason says why hidden_at is set: 'flags' (the community's flags
-- hid it pending review), 'moderator', or 'held' (awaiting approval).
ALTER TABLE threads ADD COLUMN pinned_at INTEGER;
ALTER TABLE threads ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE threads ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE threads ADD COLUMN duplicate_of_id INTEGER REFERENCES threads (id);
CREATE INDEX threads_pinned ON threads (pinned_at) WHERE pinned_at IS NOT NULL;
CREATE INDEX threads_hidden ON threads (hidden_at) WHERE hidden_at IS NOT NULL;

ALTER TABLE posts ADD COLUMN hidden_at INTEGER;
ALTER TABLE posts ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
-- merged_from_id is the thread a post came from when its thread was merged.
ALTER TABLE posts ADD COLUMN merged_from_id INTEGER REFERENCES threads (id);
CREATE INDEX posts_hidden ON posts (hidden_at) WHERE hidden_at IS NOT NULL;

-- One flag per member and post. weight is the flagger's standing when they
-- flagged; resolution is 'agreed', 'disagreed' or 'ignored'.
CREATE TABLE flags (
    id              INTEGER PRIMARY KEY,
    post_id         INTEGER NOT NULL REFERENCES posts (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    reason          TEXT    NOT NULL CHECK (reason IN ('spam', 'abusive', 'off_topic', 'duplicate', 'other')),
    note            TEXT    NOT NULL DEFAULT '',
    duplicate_of_id INTEGER REFERENCES threads (id),
    weight          REAL    NOT NULL,
    created_at      INTEGER NOT NULL,
    resolved_at     INTEGER,
    resolved_by     INTEGER REFERENCES users (id),
    resolution      TEXT    NOT NULL DEFAULT '',
    UNIQUE (post_id, user_id)
);
CREATE INDEX flags_pending ON flags (post_id) WHERE resolved_at IS NULL;
CREATE INDEX flags_user ON flags (user_id);

-- Each merge, with what it moved, so that it can be undone.
CREATE TABLE merges (
    id               INTEGER PRIMARY KEY,
    from_thread_id   INTEGER NOT NULL REFERENCES threads (id),
    into_thread_id   INTEGER NOT NULL REFERENCES threads (id),
    question_post_id INTEGER NOT NULL REFERENCES posts (id),
    actor_id         INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    undone_at        INTEGER,
    -- The target's times before the merge, put back by an undo.
    into_last_activity_at INTEGER NOT NULL,
    into_first_answer_at  INTEGER
);
CREATE INDEX merges_from ON merges (from_thread_id);

CREATE TABLE merge_posts (
    merge_id INTEGER NOT NULL REFERENCES merges (id),
    post_id  INTEGER NOT NULL REFERENCES posts (id),
    PRIMARY KEY (merge_id, post_id)
);

-- The people of the merged thread: kind is 'metoo' or 'subscriber';
-- added says whether the merge added them to the target (they were not
-- there already), so undoing removes exactly those.
CREATE TABLE merge_people (
    merge_id   INTEGER NOT NULL REFERENCES merges (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('metoo', 'subscriber')),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    in_source  INTEGER NOT NULL,
    added      INTEGER NOT NULL,
    PRIMARY KEY (merge_id, kind, user_id)
);

-- Who follows a thread. Asking, answering, commenting and "me too"
-- subscribe; notifications (issue 5) go to these people.
CREATE TABLE subscriptions (
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL,
    thread_id  INTEGER REFERENCES threads (id),
    post_id    INTEGER REFERENCES posts (id),
    actor_id   INTEGER REFERENCES users (id),
    title      TEXT    NOT NULL DEFAULT '',
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Every moderator and staff action. actor_id NULL is the system (a post
-- hidden by flags). before and after are JSON objects. Append-only: the
-- triggers refuse changes, so a moderator cannot cover their tracks
-- through any code path.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT    NOT NULL,
    target_type TEXT    NOT NULL,
    target_id   INTEGER NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    before      TEXT    NOT NULL DEFAULT '{}',
    after       TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, created_at);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- INSERT OR REPLACE deletes without firing delete triggers; refuse it.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IN (SELECT id FROM audit_log)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Every rate-limit hit drops the windows older than a day; without this
-- index that was a scan of the whole table, which grows with the number
-- of active accounts now that posts, votes and flags are limited too.
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- Words that hold a post for review, edited by admins.
CREATE TABLE spam_words (
    word     TEXT    PRIMARY KEY,
    added_at INTEGER NOT NULL
);

-- Existing askers, answerers, commenters and "me too" follow their threads.
INSERT OR IGNORE INTO subscriptions (thread_id, user_id, created_at)
    SELECT id, author_id, created_at FROM threads;
INSERT OR IGNORE INTO subscriptions (thread_id, user_id, created_at)
    SELECT thread_id, author_id, MIN(created_at) FROM posts GROUP BY thread_id, author_id;
INSERT OR IGNORE INTO subscriptions (thread_id, user_id, created_at)
    SELECT p.thread_id, c.author_id, MIN(c.created_at) FROM comments c JOIN posts p ON p.id = c.post_id
    GROUP BY p.thread_id, c.author_id;
INSERT OR IGNORE INTO subscriptions (thread_id, user_id, created_at)
    SELECT thread_id, user_id, created_at FROM metoo;
