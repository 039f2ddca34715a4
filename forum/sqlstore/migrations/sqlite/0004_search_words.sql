-- German compound parts the admins add to the shipped dictionary
-- (product names, local terms), one row per word.
CREATE TABLE search_words (
    word     TEXT    PRIMARY KEY,
    added_at INTEGER NOT NULL
);
