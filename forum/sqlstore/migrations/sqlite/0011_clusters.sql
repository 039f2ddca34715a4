-- Clusters of similar new reports that cluster detection raised, and what
-- staff decided about them. stats holds the detector's explanation (counts
-- against the baseline, the hourly sparkline, the top words) as JSON;
-- centroid its strongest terms, by which later reports of the same
-- problem find it.
CREATE TABLE clusters (
    id               INTEGER PRIMARY KEY,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'dismissed', 'confirmed')),
    label            TEXT    NOT NULL,
    stats            TEXT    NOT NULL DEFAULT '{}',
    centroid         TEXT    NOT NULL DEFAULT '{}',
    people           INTEGER NOT NULL,
    raised_at        INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    decided_by       INTEGER REFERENCES users (id),
    decided_at       INTEGER,
    dismissed_people INTEGER NOT NULL DEFAULT 0,
    known_issue_id   INTEGER REFERENCES known_issues (thread_id)
);
CREATE INDEX clusters_status ON clusters (status, updated_at);

CREATE TABLE cluster_threads (
    cluster_id INTEGER NOT NULL REFERENCES clusters (id),
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, thread_id)
);
CREATE INDEX cluster_threads_thread ON cluster_threads (thread_id);

-- Each pass reads the "me too"s of the last hours.
CREATE INDEX metoo_created ON metoo (created_at);
