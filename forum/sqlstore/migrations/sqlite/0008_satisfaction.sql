-- "Did this solve your problem?": the asker answers once per thread, after
-- it is solved. answer_post_id and answerer_id are the accepted answer and
-- its author at that moment, so the result counts for the right person.
CREATE TABLE satisfaction (
    thread_id      INTEGER PRIMARY KEY REFERENCES threads (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    solved         INTEGER NOT NULL CHECK (solved IN (0, 1)),
    rating         INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT    NOT NULL DEFAULT '',
    answer_post_id INTEGER REFERENCES posts (id),
    answerer_id    INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX satisfaction_created ON satisfaction (created_at);
