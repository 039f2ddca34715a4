package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/cluster"
)

var _ forum.ClusterStore = (*DB)(nil)

// ClusterReports returns the recent visible threads, and those with a
// recent "me too", for a detection pass: the newest limit of them.
func (db *DB) ClusterReports(ctx context.Context, since time.Time, limit int) ([]forum.ClusterReport, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.author_id, c.slug, t.title, COALESCE(p.body_md, ''), t.created_at,
			COALESCE(l.known_issue_id, 0)
		FROM threads t JOIN categories c ON c.id = t.category_id
		LEFT JOIN posts p ON p.thread_id = t.id AND p.is_question = 1
		LEFT JOIN known_issue_links l ON l.thread_id = t.id
		WHERE t.id IN (SELECT id FROM threads WHERE created_at > :since UNION SELECT thread_id FROM metoo WHERE created_at > :since)
			AND`+visibleThread+` AND t.id NOT IN (SELECT thread_id FROM known_issues)
		ORDER BY t.created_at DESC, t.id DESC LIMIT :limit`, sql.Named("since", ms(since)), sql.Named("limit", limit))
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.ClusterReport
	byID := map[int64]int{}
	for rows.Next() {
		var r forum.ClusterReport
		var created int64
		if err := rows.Scan(&r.ID, &r.AuthorID, &r.Category, &r.Title, &r.Body, &created, &r.KnownIssue); err != nil {
			return nil, dbErr(err)
		}
		r.CreatedAt = fromMS(created)
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err)
	}
	slices.Reverse(out)
	for id, i := range byID {
		byID[id] = len(out) - 1 - i
	}
	votes, err := db.r.QueryContext(ctx, `SELECT thread_id, user_id, created_at FROM metoo WHERE created_at > ?`, ms(since))
	if err != nil {
		return nil, dbErr(err)
	}
	defer votes.Close()
	for votes.Next() {
		var thread, user, at int64
		if err := votes.Scan(&thread, &user, &at); err != nil {
			return nil, dbErr(err)
		}
		if i, ok := byID[thread]; ok {
			out[i].MeToo = append(out[i].MeToo, cluster.Vote{User: user, At: fromMS(at)})
		}
	}
	return out, dbErr(votes.Err())
}

// CountClusterHistory counts the threads created in [from, to) from the
// index alone; hidden and deleted ones are few enough not to matter for a
// sampling rate.
func (db *DB) CountClusterHistory(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM threads WHERE created_at >= ? AND created_at < ?`, ms(from), ms(to)).Scan(&n)
	return n, dbErr(err)
}

// ClusterHistory returns the visible threads created in [from, to) whose
// ID is a multiple of stride, with their questions.
func (db *DB) ClusterHistory(ctx context.Context, from, to time.Time, stride int64) (int, []forum.ClusterText, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.title, COALESCE(p.body_md, '')
		FROM threads t LEFT JOIN posts p ON p.thread_id = t.id AND p.is_question = 1
		WHERE t.created_at >= ? AND t.created_at < ? AND t.id % ? = 0 AND`+visibleThread, ms(from), ms(to), max(1, stride))
	if err != nil {
		return 0, nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.ClusterText
	for rows.Next() {
		var t forum.ClusterText
		if err := rows.Scan(&t.ID, &t.Title, &t.Body); err != nil {
			return 0, nil, dbErr(err)
		}
		out = append(out, t)
	}
	return len(out), out, dbErr(rows.Err())
}

// OpenKnownIssueTexts returns each open known issue with its question
// and the questions of its latest visible linked reports.
func (db *DB) OpenKnownIssueTexts(ctx context.Context, perIssue int) ([]forum.KnownIssueTexts, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT k.thread_id, t.title, k.created_by, COALESCE(p.body_md, '')
		FROM known_issues k JOIN threads t ON t.id = k.thread_id
		LEFT JOIN posts p ON p.thread_id = t.id AND p.is_question = 1
		WHERE k.status <> 'fixed' AND`+visibleThread+` ORDER BY k.thread_id`)
	if err != nil {
		return nil, dbErr(err)
	}
	var out []forum.KnownIssueTexts
	for rows.Next() {
		var k forum.KnownIssueTexts
		var body string
		if err := rows.Scan(&k.ID, &k.Title, &k.CreatedBy, &body); err != nil {
			_ = rows.Close()
			return nil, dbErr(err)
		}
		k.Texts = append(k.Texts, forum.ClusterText{ID: k.ID, Title: k.Title, Body: body})
		out = append(out, k)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, dbErr(err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	byID := make(map[int64]int, len(out))
	for i, k := range out {
		byID[k.ID] = i
	}
	// The latest perIssue linked reports of every open known issue, in one
	// query.
	reports, err := db.r.QueryContext(ctx, `SELECT known_issue_id, id, title, body FROM (
			SELECT l.known_issue_id, t.id, t.title, COALESCE(p.body_md, '') AS body,
				ROW_NUMBER() OVER (PARTITION BY l.known_issue_id ORDER BY l.linked_at DESC, t.id DESC) AS n
			FROM known_issue_links l JOIN known_issues k ON k.thread_id = l.known_issue_id
			JOIN threads t ON t.id = l.thread_id
			LEFT JOIN posts p ON p.thread_id = t.id AND p.is_question = 1
			WHERE k.status <> 'fixed' AND`+visibleThread+`) r
		WHERE n <= ? ORDER BY known_issue_id, n`, perIssue)
	if err != nil {
		return nil, dbErr(err)
	}
	defer reports.Close()
	for reports.Next() {
		var known int64
		var t forum.ClusterText
		if err := reports.Scan(&known, &t.ID, &t.Title, &t.Body); err != nil {
			return nil, dbErr(err)
		}
		if i, ok := byID[known]; ok {
			out[i].Texts = append(out[i].Texts, t)
		}
	}
	if err := reports.Err(); err != nil {
		return nil, dbErr(err)
	}
	return out, nil
}

// TrackedClusters returns the open clusters and those changed since.
func (db *DB) TrackedClusters(ctx context.Context, since, threadsSince time.Time) ([]cluster.Tracked, error) {
	// Dismissed clusters stay tracked for 30 days after the decision, so a
	// dismissal holds while nothing doubles; confirmed ones while their
	// known issue is open.
	rows, err := db.r.QueryContext(ctx, `SELECT id, status, dismissed_people, COALESCE(known_issue_id, 0), centroid
		FROM clusters WHERE status = 'open' OR updated_at >= :since
			OR status = 'dismissed' AND decided_at >= :dismissed
			OR status = 'confirmed' AND known_issue_id IN (SELECT thread_id FROM known_issues WHERE status <> 'fixed')
		ORDER BY id`, sql.Named("since", ms(since)), sql.Named("dismissed", ms(since.Add(-23*24*time.Hour))))
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []cluster.Tracked
	byID := map[int64]int{}
	for rows.Next() {
		var t cluster.Tracked
		var centroid string
		if err := rows.Scan(&t.ID, &t.Status, &t.DismissedPeople, &t.KnownIssue, &centroid); err != nil {
			return nil, dbErr(err)
		}
		if err := json.Unmarshal([]byte(centroid), &t.Centroid); err != nil {
			return nil, forum.Internalf("cluster %d: centroid: %w", t.ID, err)
		}
		byID[t.ID] = len(out)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(out))
	for _, t := range out {
		ids = append(ids, t.ID)
	}
	err = db.queryIDs(ctx, ids, func(in string) string {
		// #nosec G202 -- placeholders and a formatted integer are concatenated; the IDs go in args.
		return `SELECT ct.cluster_id, ct.thread_id FROM cluster_threads ct JOIN threads t ON t.id = ct.thread_id
			WHERE ct.cluster_id IN (` + in + `) AND (t.created_at > ` + strconv.FormatInt(ms(threadsSince), 10) + `
				OR EXISTS (SELECT 1 FROM metoo m WHERE m.thread_id = t.id AND m.created_at > ` + strconv.FormatInt(ms(threadsSince), 10) + `))
			ORDER BY ct.cluster_id, ct.thread_id`
	}, func(rows *sql.Rows) error {
		var c, t int64
		if err := rows.Scan(&c, &t); err != nil {
			return err
		}
		out[byID[c]].Threads = append(out[byID[c]].Threads, t)
		return nil
	})
	return out, err
}

// SaveClusterPass stores a detection pass in one transaction.
func (db *DB) SaveClusterPass(ctx context.Context, changes []forum.ClusterChange, autoLink bool, now time.Time) error {
	if len(changes) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *txn) error {
		for i := range changes {
			ch := &changes[i]
			stats, err := json.Marshal(ch.Group.Stats)
			if err != nil {
				return err
			}
			centroid, err := json.Marshal(ch.Group.Centroid())
			if err != nil {
				return err
			}
			switch {
			case ch.New && ch.KnownIssue != 0:
				// New reports of a known issue no cluster tracks yet.
				var err error
				if ch.ID, err = tx.insertID(ctx, `INSERT INTO clusters (status, label, stats, centroid, people, raised_at, updated_at,
						decided_by, decided_at, known_issue_id)
					VALUES ('confirmed', ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.Label, stats, centroid, ch.Group.Stats.People, ms(now), ms(now),
					ch.DecidedBy, ms(now), ch.KnownIssue); err != nil {
					return err
				}
				if err := audit(ctx, tx, clusterAudit("cluster.suggest", ch, now)); err != nil {
					return err
				}
			case ch.New:
				var err error
				if ch.ID, err = tx.insertID(ctx, `INSERT INTO clusters (status, label, stats, centroid, people, raised_at, updated_at)
					VALUES ('open', ?, ?, ?, ?, ?, ?)`, ch.Label, stats, centroid, ch.Group.Stats.People, ms(now), ms(now)); err != nil {
					return err
				}
				if err := audit(ctx, tx, clusterAudit("cluster.raise", ch, now)); err != nil {
					return err
				}
				if err := tellStaff(ctx, tx, ch, now); err != nil {
					return err
				}
			case ch.Suggested:
				// Only new reports of its known issue: its figures stay.
				ch.ID = ch.Tracked.ID
				if _, err := tx.ExecContext(ctx, `UPDATE clusters SET updated_at = ? WHERE id = ?`, ms(now), ch.ID); err != nil {
					return err
				}
			default:
				ch.ID = ch.Tracked.ID
				if _, err := tx.ExecContext(ctx, `UPDATE clusters SET label = ?, stats = ?, centroid = ?, people = ?, updated_at = ?
					WHERE id = ?`, ch.Label, stats, centroid, ch.Group.Stats.People, ms(now), ch.ID); err != nil {
					return err
				}
				// Reopen only what is still dismissed: staff may have
				// confirmed it while the pass ran.
				reopened := false
				if ch.Reopen {
					res, err := tx.ExecContext(ctx, `UPDATE clusters SET status = 'open' WHERE id = ? AND status = 'dismissed'`, ch.ID)
					if err != nil {
						return err
					}
					n, _ := res.RowsAffected()
					reopened = n == 1
				}
				if reopened {
					if err := audit(ctx, tx, clusterAudit("cluster.reopen", ch, now)); err != nil {
						return err
					}
					if err := tellStaff(ctx, tx, ch, now); err != nil {
						return err
					}
				}
			}
			for _, id := range ch.Added {
				if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_threads (cluster_id, thread_id, added_at) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING`, ch.ID, id, ms(now)); err != nil {
					return err
				}
			}
			known := ch.KnownIssue
			if ch.Tracked != nil && ch.Tracked.Status == cluster.StatusConfirmed {
				known = ch.Tracked.KnownIssue
			}
			if autoLink && known != 0 {
				if err := autoLinkThreads(ctx, tx, ch, known, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// tellStaff notifies every active staff member and admin of a raised
// cluster; the mailer sends it as their mail settings say.
func tellStaff(ctx context.Context, tx *txn, ch *forum.ClusterChange, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, created_at)
		SELECT u.id, 'cluster', :label, :now FROM users u WHERE u.role IN ('staff', 'admin') AND `+activeUser,
		sql.Named("label", ch.Label), sql.Named("now", ms(now)))
	return err
}

// autoLinkThreads links a confirmed cluster's new threads to its known
// issue, in the name of whoever confirmed it, each link audited as the
// system's.
func autoLinkThreads(ctx context.Context, tx *txn, ch *forum.ClusterChange, known int64, now time.Time) error {
	var by int64
	if err := tx.QueryRowContext(ctx, `SELECT decided_by FROM clusters WHERE id = ?`, ch.ID).Scan(&by); err != nil {
		return err
	}
	var fixed bool
	err := tx.QueryRowContext(ctx, `SELECT status = 'fixed' FROM known_issues WHERE thread_id = ?`, known).Scan(&fixed)
	if errors.Is(err, sql.ErrNoRows) || err == nil && fixed {
		return nil // gone or fixed: nothing joins it by itself any more
	}
	if err != nil {
		return err
	}
	for _, id := range ch.Added {
		ok, err := autoLinkable(ctx, tx, id, known, true)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		a := &forum.AuditEntry{Action: "known_issue.link", TargetType: "thread", TargetID: id, CreatedAt: now,
			After: forum.JSONObject("known_issue", known, "cluster", ch.ID, "automatic", true)}
		if _, err := linkReport(ctx, tx, known, id, by, true, now, a); err != nil {
			return err
		}
	}
	return nil
}

// linkable reports whether a thread may be linked to a known issue by a
// cluster: visible, not a known issue itself, not linked to another one
// already (staff linked it there on purpose), and the known issue still
// shown.
func linkable(ctx context.Context, tx *txn, threadID, knownID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM threads t WHERE t.id = :thread AND`+visibleThread+`
		AND t.id NOT IN (SELECT thread_id FROM known_issues)
		AND NOT EXISTS (SELECT 1 FROM known_issue_links l WHERE l.thread_id = t.id AND l.known_issue_id <> :known)
		AND EXISTS (SELECT 1 FROM known_issues k JOIN threads kt ON kt.id = k.thread_id
			WHERE k.thread_id = :known AND kt.deleted_at IS NULL AND kt.hidden_at IS NULL AND kt.merged_into_id IS NULL)`,
		sql.Named("thread", threadID), sql.Named("known", knownID)).Scan(&n)
	return n == 1, err
}

// wasUnlinked reports whether staff ever unlinked a report from a known
// issue: an automatic link must not undo that.
func wasUnlinked(ctx context.Context, tx *txn, threadID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE target_type = 'thread' AND target_id = ?
		AND action = 'known_issue.unlink'`, threadID).Scan(&n)
	return n > 0, err
}

// autoLinkable is linkable and, when unlinks count, not unlinked by staff.
// Its errors are returned, not read as "no": on PostgreSQL a failed
// statement spoils the transaction, and only a returned error retries it.
func autoLinkable(ctx context.Context, tx *txn, threadID, knownID int64, unlinksCount bool) (bool, error) {
	ok, err := linkable(ctx, tx, threadID, knownID)
	if err != nil || !ok || !unlinksCount {
		return ok, err
	}
	unlinked, err := wasUnlinked(ctx, tx, threadID)
	return !unlinked, err
}

func clusterAudit(action string, ch *forum.ClusterChange, now time.Time) *forum.AuditEntry {
	s := ch.Group.Stats
	return &forum.AuditEntry{Action: action, TargetType: "cluster", TargetID: ch.ID, CreatedAt: now,
		After: forum.JSONObject("label", ch.Label, "people", s.People, "expected", s.Expected, "chance", s.Chance, "threads", len(ch.Group.Threads))}
}

const clusterCols = `c.id, c.status, c.label, c.stats, c.people, c.raised_at, c.updated_at, c.decided_by, COALESCE(u.username, ''),
	COALESCE(u.role, ''), c.decided_at, COALESCE(c.known_issue_id, 0), COALESCE(kt.title, ''),
	(SELECT COUNT(*) FROM cluster_threads ct JOIN threads t ON t.id = ct.thread_id
		LEFT JOIN known_issue_links l ON l.thread_id = ct.thread_id
		WHERE ct.cluster_id = c.id AND c.known_issue_id IS NOT NULL AND l.thread_id IS NULL AND` + visibleThread + `
			AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.target_type = 'thread' AND a.target_id = ct.thread_id
				AND a.action = 'known_issue.unlink'))
	FROM clusters c LEFT JOIN users u ON u.id = c.decided_by
	LEFT JOIN threads kt ON kt.id = c.known_issue_id AND kt.deleted_at IS NULL AND kt.hidden_at IS NULL AND kt.merged_into_id IS NULL`

// Clusters lists clusters, each with its threads.
func (db *DB) Clusters(ctx context.Context, status string, since time.Time, limit int) ([]forum.Cluster, error) {
	where := `c.status = 'open' OR c.updated_at >= :since OR c.decided_at >= :since`
	if status != "" {
		where = `c.status = :status`
	}
	// #nosec G202 -- where is one of two constant conditions.
	rows, err := db.r.QueryContext(ctx, `SELECT `+clusterCols+` WHERE `+where+` ORDER BY c.status = 'open' DESC, c.updated_at DESC, c.id DESC LIMIT :limit`,
		sql.Named("since", ms(since)), sql.Named("status", status), sql.Named("limit", limit))
	if err != nil {
		return nil, dbErr(err)
	}
	var out []forum.Cluster
	for rows.Next() {
		c, err := scanCluster(rows)
		if err != nil {
			_ = rows.Close()
			return nil, dbErr(err)
		}
		out = append(out, *c)
	}
	_ = rows.Close() // before clusterThreads queries again on the same pool
	if err := rows.Err(); err != nil {
		return nil, dbErr(err)
	}
	for i := range out {
		if err := db.clusterThreads(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Cluster returns one cluster with its threads.
func (db *DB) Cluster(ctx context.Context, id int64) (*forum.Cluster, error) {
	c, err := scanCluster(db.r.QueryRowContext(ctx, `SELECT `+clusterCols+` WHERE c.id = ?`, id))
	if err != nil {
		if err == sql.ErrNoRows {
			return nil, forum.E(forum.NotFound, "error.cluster_unknown")
		}
		return nil, dbErr(err)
	}
	return c, db.clusterThreads(ctx, c)
}

func scanCluster(row scanner) (*forum.Cluster, error) {
	var c forum.Cluster
	var stats, username, role string
	var raised, updated int64
	var decidedBy, decidedAt sql.NullInt64
	if err := row.Scan(&c.ID, &c.Status, &c.Label, &stats, &c.People, &raised, &updated, &decidedBy, &username, &role,
		&decidedAt, &c.KnownIssueID, &c.KnownIssueTitle, &c.Unlinked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(stats), &c.Stats); err != nil {
		return nil, forum.Internalf("cluster %d: stats: %w", c.ID, err)
	}
	c.RaisedAt, c.UpdatedAt = fromMS(raised), fromMS(updated)
	if decidedBy.Valid {
		r, _ := forum.ParseRole(role)
		c.DecidedBy = &forum.UserRef{ID: decidedBy.Int64, Username: username, Role: r}
	}
	c.DecidedAt = nullTime(decidedAt)
	return &c, nil
}

// clusterThreads loads a cluster's latest visible threads, oldest first,
// and counts them all.
func (db *DB) clusterThreads(ctx context.Context, c *forum.Cluster) error {
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM cluster_threads ct JOIN threads t ON t.id = ct.thread_id
		WHERE ct.cluster_id = ? AND`+visibleThread, c.ID).Scan(&c.ThreadCount)
	if err != nil {
		return dbErr(err)
	}
	ids, err := db.ids(ctx, `SELECT ct.thread_id FROM cluster_threads ct JOIN threads t ON t.id = ct.thread_id
		WHERE ct.cluster_id = ? AND`+visibleThread+` ORDER BY ct.thread_id DESC LIMIT ?`, c.ID, forum.ClusterThreadsShown)
	if err != nil {
		return err
	}
	threads, err := db.ThreadsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	c.Threads = c.Threads[:0]
	for _, t := range threads {
		if t.Visible() {
			c.Threads = append(c.Threads, t)
		}
	}
	slices.SortFunc(c.Threads, func(a, b forum.Thread) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return nil
}

// DecideCluster records a staff decision, linking the cluster's threads
// on a confirmation, all in one transaction.
func (db *DB) DecideCluster(ctx context.Context, d forum.ClusterDecision) error {
	return db.tx(ctx, func(tx *txn) error {
		var status string
		var known int64
		err := tx.QueryRowContext(ctx, `SELECT status, COALESCE(known_issue_id, 0) FROM clusters WHERE id = ?`, d.ClusterID).Scan(&status, &known)
		if err == sql.ErrNoRows {
			return forum.E(forum.NotFound, "error.cluster_unknown")
		}
		if err != nil {
			return err
		}
		if d.Status == cluster.StatusDismissed {
			res, err := tx.ExecContext(ctx, `UPDATE clusters SET status = 'dismissed', dismissed_people = people, decided_by = ?,
				decided_at = ?, updated_at = ? WHERE id = ? AND status = 'open'`, d.ActorID, ms(d.Now), ms(d.Now), d.ClusterID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return forum.E(forum.Conflict, "error.cluster_decided")
			}
			return audit(ctx, tx, d.Audit)
		}
		if d.Create != nil {
			if status == cluster.StatusConfirmed {
				return forum.E(forum.Conflict, "error.cluster_decided")
			}
			if err := createKnownIssue(ctx, tx, d.Create.Thread, d.Create.Post, d.Create.Issue); err != nil {
				return err
			}
			d.KnownID = d.Create.Thread.ID
			if err := audit(ctx, tx, &forum.AuditEntry{Actor: d.Audit.Actor, Action: "known_issue.create", TargetType: "thread",
				TargetID: d.KnownID, CreatedAt: d.Now, After: forum.JSONObject("title", d.Create.Thread.Title, "cluster", d.ClusterID)}); err != nil {
				return err
			}
		}
		if status == cluster.StatusConfirmed && known != d.KnownID {
			return forum.E(forum.Conflict, "error.cluster_decided")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE clusters SET status = 'confirmed', known_issue_id = ?, decided_by = COALESCE(decided_by, ?),
				decided_at = COALESCE(decided_at, ?), updated_at = ? WHERE id = ?`, d.KnownID, d.ActorID, ms(d.Now), ms(d.Now), d.ClusterID); err != nil {
			return err
		}
		ids, err := queryIDList(ctx, tx, `SELECT thread_id FROM cluster_threads WHERE cluster_id = ? ORDER BY thread_id`, d.ClusterID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			// Linking a confirmed cluster's new reports leaves alone
			// those staff unlinked since.
			ok, err := autoLinkable(ctx, tx, id, d.KnownID, status == cluster.StatusConfirmed)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			a := &forum.AuditEntry{Actor: d.Audit.Actor, Action: "known_issue.link", TargetType: "thread", TargetID: id, CreatedAt: d.Now,
				After: forum.JSONObject("known_issue", d.KnownID, "cluster", d.ClusterID)}
			if _, err := linkReport(ctx, tx, d.KnownID, id, d.ActorID, true, d.Now, a); err != nil {
				return err
			}
		}
		d.Audit.After = forum.JSONObject("known_issue", d.KnownID, "threads", len(ids))
		return audit(ctx, tx, d.Audit)
	})
}
