-- Notifications are fanned out after the write that caused them: the
-- write appends a job in its own transaction, and the notifier turns each
-- job into one notification per follower, deleting the job in the same
-- transaction (so none is lost and none sent twice).
CREATE TABLE notify_jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    post_id    INTEGER REFERENCES posts (id),
    actor_id   INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);

-- Who follows a category or a tag: they hear of every new question there.
CREATE TABLE category_subscriptions (
    category_id INTEGER NOT NULL REFERENCES categories (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (category_id, user_id)
);
CREATE TABLE tag_subscriptions (
    tag        TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tag, user_id)
);
