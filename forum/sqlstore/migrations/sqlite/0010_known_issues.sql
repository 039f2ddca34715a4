-- Known issues: a public thread with a status, a workaround, an expected
-- fix time, a history of updates and the reports linked to it.
CREATE TABLE known_issues (
    thread_id       INTEGER PRIMARY KEY REFERENCES threads (id),
    status          TEXT    NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'fixed')),
    workaround_md   TEXT    NOT NULL DEFAULT '',
    workaround_html TEXT    NOT NULL DEFAULT '',
    expected_fix_at INTEGER,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX known_issues_status ON known_issues (status, updated_at);

CREATE TABLE known_issue_updates (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES known_issues (thread_id),
    status     TEXT    NOT NULL,
    note_md    TEXT    NOT NULL DEFAULT '',
    note_html  TEXT    NOT NULL DEFAULT '',
    actor_id   INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX known_issue_updates_issue ON known_issue_updates (thread_id, id);

-- A report belongs to at most one known issue.
CREATE TABLE known_issue_links (
    thread_id       INTEGER PRIMARY KEY REFERENCES threads (id),
    known_issue_id  INTEGER NOT NULL REFERENCES known_issues (thread_id),
    linked_by       INTEGER NOT NULL REFERENCES users (id),
    linked_at       INTEGER NOT NULL
);
CREATE INDEX known_issue_links_issue ON known_issue_links (known_issue_id);
