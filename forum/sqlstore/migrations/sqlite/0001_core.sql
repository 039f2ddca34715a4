-- Chorus core schema. Times are Unix milliseconds (UTC) in INTEGER columns,
-- which sort, subtract and port to PostgreSQL's bigint unchanged.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'member'
                  CHECK (role IN ('member', 'moderator', 'staff', 'admin')),
    language      TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

-- Browser sessions and API tokens, by the SHA-256 of the secret.
CREATE TABLE tokens (
    hash         BLOB    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('session', 'api')),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

-- Fixed-window counters for rate limits, in the database so that several
-- nodes would share them.
CREATE TABLE rate_limits (
    key          TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

CREATE TABLE categories (
    id                    INTEGER PRIMARY KEY,
    slug                  TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    description           TEXT    NOT NULL DEFAULT '',
    response_target_hours INTEGER NOT NULL CHECK (response_target_hours > 0),
    position              INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE threads (
    id               INTEGER PRIMARY KEY,
    category_id      INTEGER NOT NULL REFERENCES categories (id),
    author_id        INTEGER NOT NULL REFERENCES users (id),
    title            TEXT    NOT NULL,
    slug             TEXT    NOT NULL,
    lang             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    answer_count     INTEGER NOT NULL DEFAULT 0,
    metoo_count      INTEGER NOT NULL DEFAULT 0,
    accepted_post_id INTEGER REFERENCES posts (id),
    first_answer_at  INTEGER,
    deleted_at       INTEGER,
    hidden_at        INTEGER,
    locked_at        INTEGER,
    closed_at        INTEGER,
    merged_into_id   INTEGER REFERENCES threads (id)
);
CREATE INDEX threads_created ON threads (created_at);
CREATE INDEX threads_activity ON threads (last_activity_at);
CREATE INDEX threads_category_created ON threads (category_id, created_at);
CREATE INDEX threads_author ON threads (author_id);

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES threads (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    is_question INTEGER NOT NULL DEFAULT 0,
    body_md     TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    score       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    deleted_at  INTEGER
);
CREATE INDEX posts_thread ON posts (thread_id, created_at);
CREATE INDEX posts_author ON posts (author_id);

-- Every version of every post, the first included.
CREATE TABLE post_revisions (
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    number     INTEGER NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    body_md    TEXT    NOT NULL,
    editor_id  INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, number)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body_md    TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX comments_post ON comments (post_id, created_at);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

CREATE TABLE thread_tags (
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    tag_id    INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (thread_id, tag_id)
);
CREATE INDEX thread_tags_tag ON thread_tags (tag_id);

-- One vote per member and answer; changing it replaces the row.
CREATE TABLE votes (
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- One "me too" per member and thread.
CREATE TABLE metoo (
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

-- Threads changed since the search index last caught up, written in the
-- same transaction as the change.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
