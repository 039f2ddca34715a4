-- Imports from other forums (a Stack Exchange dump). Every object an import
-- writes is recorded with the ID it had in the dump, in the same
-- transaction: a second run skips what is there, and a run cut short
-- resumes after its last committed batch.
CREATE TABLE import_map (
    source      TEXT    NOT NULL, -- 'stackexchange:bicycles.meta.stackexchange.com'
    kind        TEXT    NOT NULL, -- user, thread, post, comment, duplicate, accepted
    external_id INTEGER NOT NULL,
    local_id    INTEGER NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);

-- What CC BY-SA asks a page to show of an imported post: where it came
-- from, who wrote it (as the source named them) and under which licence.
CREATE TABLE post_sources (
    post_id     INTEGER PRIMARY KEY REFERENCES posts (id),
    site        TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    author_name TEXT    NOT NULL,
    author_url  TEXT    NOT NULL DEFAULT '',
    license     TEXT    NOT NULL,
    -- The score the post had there; votes here add to it.
    base_score  INTEGER NOT NULL DEFAULT 0
);

-- An imported account has no password (password_hash is '') and an
-- address that never delivers, until an administrator gives it a password.
ALTER TABLE users ADD COLUMN imported_from TEXT NOT NULL DEFAULT '';
