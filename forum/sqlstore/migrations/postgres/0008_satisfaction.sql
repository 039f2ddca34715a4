-- "Did this solve your problem?": the asker answers once per thread, after
-- it is solved. answer_post_id and answerer_id are the accepted answer and
-- its author at that moment, so the result counts for the right person.
CREATE TABLE satisfaction (
    thread_id      BIGINT  PRIMARY KEY REFERENCES threads (id),
    user_id        BIGINT  NOT NULL REFERENCES users (id),
    solved         BIGINT  NOT NULL CHECK (solved IN (0, 1)),
    rating         BIGINT  CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT    NOT NULL DEFAULT '',
    answer_post_id BIGINT  REFERENCES posts (id),
    answerer_id    BIGINT  REFERENCES users (id),
    created_at     BIGINT  NOT NULL
);
CREATE INDEX satisfaction_created ON satisfaction (created_at);
