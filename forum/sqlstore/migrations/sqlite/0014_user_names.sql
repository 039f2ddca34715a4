-- Names and addresses are looked up as lower(x) = lower(?), the same SQL on
-- SQLite and PostgreSQL (lower() folds ASCII only on both, as NOCASE does);
-- these indexes serve those look-ups. Uniqueness stays with NOCASE.
CREATE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_email_lower ON users (lower(email));
