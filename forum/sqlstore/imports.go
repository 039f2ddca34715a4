package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/stackexchange"
)

// Importer returns the store side of an import from source (a name such
// as "stackexchange:bicycles.meta.stackexchange.com").
func (db *DB) Importer(source string) stackexchange.ImportStore {
	return &importStore{db: db, source: source}
}

type importStore struct {
	db     *DB
	source string
}

func (s *importStore) ImportBatch(ctx context.Context, fn func(stackexchange.ImportTx) error) error {
	return s.db.tx(ctx, func(tx *txn) error {
		return fn(&importTx{ctx: ctx, tx: tx, source: s.source})
	})
}

type importTx struct {
	ctx    context.Context
	tx     *txn
	source string
}

func (t *importTx) record(kind string, external, local int64) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO import_map (source, kind, external_id, local_id) VALUES (?, ?, ?, ?)`,
		t.source, kind, external, local)
	return err
}

func (t *importTx) Known(kind string, id int64) (int64, bool, error) {
	var local int64
	err := t.tx.QueryRowContext(t.ctx, `SELECT local_id FROM import_map WHERE source = ? AND kind = ? AND external_id = ?`,
		t.source, kind, id).Scan(&local)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return local, err == nil, err
}

// AddUser makes a placeholder account: no password (it cannot sign in), an
// address under .invalid (no mail can reach it), the name made unique with
// a number when taken.
func (t *importTx) AddUser(u stackexchange.User) (int64, error) {
	email := fmt.Sprintf("se-%d@%s.import.invalid", u.DumpID, strings.ReplaceAll(t.source, ":", "."))
	name := u.Username
	for n := 2; ; n++ {
		var taken bool
		if err := t.tx.QueryRowContext(t.ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = ?)`, asciiLower(name)).Scan(&taken); err != nil {
			return 0, err
		}
		if !taken {
			break
		}
		name = u.Username + "-" + strconv.Itoa(n)
	}
	id, err := t.tx.insertID(t.ctx, `INSERT INTO users (username, email, password_hash, role, created_at, imported_from)
		VALUES (?, ?, '', 'member', ?, ?)`, name, email, ms(u.CreatedAt), t.source)
	if err != nil {
		return 0, err
	}
	return id, t.record(stackexchange.KindUser, u.DumpID, id)
}

func (t *importTx) attribute(postID int64, a stackexchange.Attribution, score int64) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO post_sources (post_id, site, url, author_name, author_url, license, base_score)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, postID, a.Site, a.URL, a.AuthorName, a.AuthorURL, a.License, score)
	return err
}

// AddQuestion writes a thread with its question, tags, first revision and
// outbox entry (so the index picks it up), but no notification: an import
// is history, not news.
func (t *importTx) AddQuestion(q stackexchange.Question) (int64, int64, error) {
	threadID, err := t.tx.insertID(t.ctx, `INSERT INTO threads (category_id, author_id, title, slug, lang, created_at, last_activity_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, q.CategoryID, q.AuthorID, q.Title, forum.Slugify(q.Title), q.Lang,
		ms(q.CreatedAt), ms(q.CreatedAt), msPtr(q.ClosedAt))
	if err != nil {
		return 0, 0, err
	}
	postID, err := t.addPost(threadID, q.AuthorID, true, q.Title, q.BodyMD, q.BodyHTML, q.Score, q.CreatedAt)
	if err != nil {
		return 0, 0, err
	}
	if err := setTags(t.ctx, t.tx, threadID, q.Tags); err != nil {
		return 0, 0, err
	}
	if err := t.attribute(postID, q.Source, q.Score); err != nil {
		return 0, 0, err
	}
	if err := t.record(stackexchange.KindThread, q.DumpID, threadID); err != nil {
		return 0, 0, err
	}
	if err := t.record(stackexchange.KindPost, q.DumpID, postID); err != nil {
		return 0, 0, err
	}
	return threadID, postID, outbox(t.ctx, t.tx, threadID, time.Now())
}

func (t *importTx) addPost(threadID, authorID int64, question bool, title, md, html string, score int64, at time.Time) (int64, error) {
	postID, err := t.tx.insertID(t.ctx, `INSERT INTO posts (thread_id, author_id, is_question, body_md, body_html, score, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, threadID, authorID, question, md, html, score, ms(at))
	if err != nil {
		return 0, err
	}
	if !question {
		title = ""
	}
	return postID, insertRevision(t.ctx, t.tx, postID, title, md, authorID, at)
}

func (t *importTx) AddAnswer(a stackexchange.Answer) (int64, error) {
	postID, err := t.addPost(a.ThreadID, a.AuthorID, false, "", a.BodyMD, a.BodyHTML, a.Score, a.CreatedAt)
	if err != nil {
		return 0, err
	}
	if err := t.attribute(postID, a.Source, a.Score); err != nil {
		return 0, err
	}
	return postID, t.record(stackexchange.KindPost, a.DumpID, postID)
}

func (t *importTx) AddComment(c stackexchange.Comment) (int64, error) {
	id, err := t.tx.insertID(t.ctx, `INSERT INTO comments (post_id, author_id, body_md, body_html, created_at)
		VALUES (?, ?, ?, ?, ?)`, c.PostID, c.AuthorID, c.Body, c.BodyHTML, ms(c.CreatedAt))
	if err != nil {
		return 0, err
	}
	return id, t.record(stackexchange.KindComment, c.DumpID, id)
}

func (t *importTx) AddTag(name string) (bool, error) {
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t *importTx) Accept(key, threadID, postID int64) error {
	// Only an answer of the same thread: a damaged dump must not mark
	// another thread's post.
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE threads SET accepted_post_id = ? WHERE id = ? AND accepted_post_id IS NULL
		AND EXISTS (SELECT 1 FROM posts WHERE id = ? AND thread_id = ? AND is_question = 0)`,
		postID, threadID, postID, threadID); err != nil {
		return err
	}
	if err := outbox(t.ctx, t.tx, threadID, time.Now()); err != nil {
		return err
	}
	return t.record(stackexchange.KindAccepted, key, postID)
}

// Duplicate closes a thread as a duplicate of another, as a moderator
// would, unless staff here have decided about it since.
func (t *importTx) Duplicate(key, threadID, ofThreadID int64, at time.Time) error {
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE threads SET duplicate_of_id = ?, closed_at = COALESCE(closed_at, ?)
		WHERE id = ? AND duplicate_of_id IS NULL`, ofThreadID, ms(at), threadID); err != nil {
		return err
	}
	if err := outbox(t.ctx, t.tx, threadID, time.Now()); err != nil {
		return err
	}
	return t.record(stackexchange.KindDup, key, threadID)
}

// Finish recounts every thread of the source, not only this run's: a run
// that was cut short never got here, and the one that resumes it must
// count the answers the first one added too.
func (t *importTx) Finish() error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE threads SET
		answer_count = (SELECT COUNT(*) FROM posts p WHERE p.thread_id = threads.id AND p.is_question = 0 AND p.deleted_at IS NULL),
		first_answer_at = (SELECT MIN(created_at) FROM posts p WHERE p.thread_id = threads.id AND p.is_question = 0),
		last_activity_at = COALESCE((SELECT MAX(created_at) FROM posts p WHERE p.thread_id = threads.id
			AND p.created_at > threads.created_at), created_at)
		WHERE id IN (SELECT local_id FROM import_map WHERE source = ? AND kind = 'thread')`, t.source)
	return err
}
