package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Copying a community from SQLite to PostgreSQL, for a forum that grows
// from one node to several. The tables are the same in both dialects (the
// migrations are numbered alike), so the copy derives what it needs from
// the databases themselves: the tables and their foreign keys from
// SQLite, the column types, keys and identity columns from PostgreSQL.

// copyBatch is how many rows one statement writes (one statement, so
// one transaction, per batch). Each column goes as one array parameter,
// so a batch costs PostgreSQL one small statement to plan, whatever its
// size.
const copyBatch = 1000

// copySkip are the tables Copy leaves alone: each store keeps its own
// record of its migrations (Copy checks that the versions match).
var copySkip = map[string]bool{"schema_migrations": true}

// copyAppendOnly are the tables whose rows never change once written:
// Copy only adds the rows the destination lacks, and refuses a
// destination that holds rows the source does not (a node has written
// there since the last copy).
var copyAppendOnly = map[string]bool{"audit_log": true}

// CopyProgress is how far Copy has come, for a progress bar.
type CopyProgress struct {
	// Step is "copy" while rows are written, "links" while the references
	// that had to wait for their rows are set (threads.accepted_post_id
	// points at posts, which point at threads), and "prune" while the
	// destination's rows that the source no longer has are looked for.
	Step        string
	Table       string
	Done, Total int64
}

// CopiedTable is what Copy did to one table.
type CopiedTable struct {
	Name string
	// AppendOnly tables only gain rows (the audit log).
	AppendOnly bool
	// Source is the number of rows in the source's snapshot: what was
	// copied. SourceNow is the number after the copy, which differs when
	// the forum wrote meanwhile.
	Source, SourceNow int64
	// Inserted and Updated count the rows the copy added and the rows it
	// changed; a re-run of an unchanged table writes none.
	Inserted, Updated int64
	// Removed is how many rows the destination had that the source has no
	// more (deleted since an earlier run).
	Removed int64
	// Dest is the number of rows in the destination afterwards. Copy
	// fails when it differs from Source.
	Dest int64
}

// CopyReport says what Copy did.
type CopyReport struct {
	Tables []CopiedTable
	// SourceChanged says the forum wrote to the source while Copy read
	// it: the destination has the source as it was when the copy began,
	// and a second run with the forum stopped brings the rest.
	SourceChanged bool
	Took          time.Duration
}

// Copy copies every table of src (SQLite) into dst (PostgreSQL), both at
// the same schema version, and checks that each table of dst then has as
// many rows as src had.
//
// It reads src in one read transaction: one consistent snapshot, while the
// forum goes on serving and writing. It writes dst in batches of a few
// hundred rows, parents before children, each row inserted or, when dst
// has it from an earlier run, brought up to date (the audit log only gains
// rows). References that form a cycle (a thread's accepted answer is a
// post of the thread) or point into their own table are set once all rows
// are in. Rows that dst has and the source's snapshot has not (deleted in
// the source since an earlier run: a signed-out session, a withdrawn vote,
// a delivered notification job) are removed from dst, so that dst becomes
// a copy of the snapshot and not a superset. Last, each identity sequence
// of dst is moved past the highest id, so that rows made on PostgreSQL get
// fresh ids.
//
// Run it again as often as needed: it writes only what changed. The move
// is: copy while the forum serves (the long part), stop the forum, copy
// again (quick; now nothing can change underneath), start the nodes on
// PostgreSQL. dst must not be in use meanwhile: Copy makes it the source's
// copy, and undoes whatever was written there. It refuses a dst whose
// accounts or audit log do not match the source's (another forum, or one
// where nodes have run since the last copy).
//
// Copy reports progress to progress (which may be nil). The report says
// whether the forum wrote to src while Copy read it; then it is not the
// final pass.
func Copy(ctx context.Context, src, dst *DB, progress func(CopyProgress)) (*CopyReport, error) {
	start := time.Now()
	if progress == nil {
		progress = func(CopyProgress) {}
	}
	if src.pg {
		return nil, errors.New("copy: the source must be a SQLite database; it is PostgreSQL")
	}
	if !dst.pg {
		return nil, errors.New("copy: the destination must be a PostgreSQL database; it is SQLite")
	}
	conn, err := src.r.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	defer conn.Close()
	// data_version changes when another connection commits: it tells
	// whether the forum wrote while the snapshot was read.
	var before, after int64
	if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&before); err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	snap, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	defer snap.Rollback() //nolint:errcheck // a read transaction: nothing to undo
	c := &copier{snap: snap, dst: dst, progress: progress}
	if err := c.plan(ctx); err != nil {
		return nil, err
	}
	if err := c.preflight(ctx); err != nil {
		return nil, err
	}
	rep := &CopyReport{}
	for _, t := range c.order {
		if err := c.copyTable(ctx, t); err != nil {
			return nil, err
		}
	}
	for _, t := range c.order {
		if err := c.link(ctx, t); err != nil {
			return nil, err
		}
	}
	if err := c.prune(ctx); err != nil {
		return nil, err
	}
	if err := c.moveSequences(ctx); err != nil {
		return nil, err
	}
	if err := c.analyze(ctx); err != nil {
		return nil, err
	}
	if err := snap.Commit(); err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&after); err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	rep.SourceChanged = after != before
	var wrong []string
	for _, t := range c.order {
		ct := CopiedTable{Name: t.name, AppendOnly: t.appendOnly, Source: t.count, SourceNow: t.count, Inserted: t.inserted, Updated: t.updated, Removed: t.removed}
		if err := dst.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteID(t.name)).Scan(&ct.Dest); err != nil {
			return nil, fmt.Errorf("copy: count %s in the destination: %w", t.name, err)
		}
		if rep.SourceChanged {
			if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteID(t.name)).Scan(&ct.SourceNow); err != nil {
				return nil, fmt.Errorf("copy: count %s in the source: %w", t.name, err)
			}
		}
		if ct.Dest != ct.Source {
			wrong = append(wrong, fmt.Sprintf("%s has %d rows in the destination, %d in the source", t.name, ct.Dest, ct.Source))
		}
		rep.Tables = append(rep.Tables, ct)
	}
	rep.Took = time.Since(start)
	if len(wrong) > 0 {
		// The counts are the snapshot's, not the live source's: a forum
		// that goes on writing does not explain a difference; something
		// else wrote to the destination meanwhile.
		return rep, fmt.Errorf("copy: verification failed: %s (has something else written to the destination meanwhile?)", strings.Join(wrong, "; "))
	}
	return rep, nil
}

// copier is one run of Copy.
type copier struct {
	snap     *sql.Tx // the source's snapshot
	dst      *DB
	progress func(CopyProgress)
	order    []*copyTable // parents before children
	// sqliteSeq is sqlite_sequence: the highest id an AUTOINCREMENT
	// table ever gave, which its sequence must pass even when that row
	// is gone (the outbox is trimmed, and readers remember positions).
	sqliteSeq map[string]int64
}

// copyTable is one table as Copy sees it.
type copyTable struct {
	name string
	cols []copyCol
	pk   []int // indexes into cols, in the key's order
	// deferred are the nullable references Copy writes after all rows
	// (cycles and references into the table itself), indexes into cols.
	deferred   []int
	fks        []copyFK
	appendOnly bool
	count      int64 // rows in the snapshot
	inserted   int64
	updated    int64
	removed    int64
	// fresh are the keys (rowKey) of the rows this run inserted, kept for
	// a table with deferred references: setting those is no update.
	fresh map[string]bool
	extra [][]any // keys of the destination's rows the snapshot lacks
}

type copyCol struct {
	name     string
	pgType   string // format_type's name of the type, without modifiers
	notNull  bool
	identity bool
}

type copyFK struct {
	col    int    // index into cols
	parent string // the referenced table
}

// plan reads both schemas, checks that they match, and orders the tables.
func (c *copier) plan(ctx context.Context) error {
	var srcVersion, dstVersion int
	if err := c.snap.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&srcVersion); err != nil {
		return fmt.Errorf("copy: source schema version: %w", err)
	}
	if err := c.dst.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&dstVersion); err != nil {
		return fmt.Errorf("copy: destination schema version: %w", err)
	}
	if srcVersion != dstVersion {
		return fmt.Errorf("copy: the source is at schema version %d, the destination at %d: both must be at the same version (run the same Chorus on both)", srcVersion, dstVersion)
	}

	names, err := queryStrings(ctx, c.snap, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("copy: source tables: %w", err)
	}
	pgCols, pgKeys, err := c.destinationSchema(ctx)
	if err != nil {
		return err
	}
	tables := map[string]*copyTable{}
	for _, name := range names {
		if copySkip[name] {
			continue
		}
		t, err := c.sourceTable(ctx, name)
		if err != nil {
			return err
		}
		if err := t.matchDestination(pgCols[name], pgKeys[name]); err != nil {
			return err
		}
		tables[name] = t
	}
	// A table only the destination has is not Chorus's (or is filled on
	// PostgreSQL alone): nothing to copy into it.
	if c.order, err = copyOrder(tables); err != nil {
		return err
	}

	c.sqliteSeq = map[string]int64{}
	var hasSeq int
	if err := c.snap.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'`).Scan(&hasSeq); err != nil {
		return fmt.Errorf("copy: source: %w", err)
	}
	if hasSeq > 0 {
		rows, err := c.snap.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
		if err != nil {
			return fmt.Errorf("copy: source: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var seq int64
			if err := rows.Scan(&name, &seq); err != nil {
				return fmt.Errorf("copy: source: %w", err)
			}
			c.sqliteSeq[name] = seq
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("copy: source: %w", err)
		}
	}
	return nil
}

// sourceTable reads a table's columns, key and references from SQLite,
// and counts its rows in the snapshot.
func (c *copier) sourceTable(ctx context.Context, name string) (*copyTable, error) {
	t := &copyTable{name: name, appendOnly: copyAppendOnly[name]}
	rows, err := c.snap.QueryContext(ctx, `SELECT name, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, name)
	if err != nil {
		return nil, fmt.Errorf("copy: columns of %s: %w", name, err)
	}
	type keyCol struct{ pos, col int }
	var keys []keyCol
	for rows.Next() {
		var col copyCol
		var pk int
		if err := rows.Scan(&col.name, &col.notNull, &pk); err != nil {
			_ = rows.Close() // the scan error says why
			return nil, fmt.Errorf("copy: columns of %s: %w", name, err)
		}
		if pk > 0 {
			keys = append(keys, keyCol{pk, len(t.cols)})
		}
		t.cols = append(t.cols, col)
	}
	_ = rows.Close() // its error, if any, is rows.Err's
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("copy: columns of %s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("copy: table %s has no primary key: Copy cannot bring its rows up to date on a second run", name)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].pos < keys[j].pos })
	for _, k := range keys {
		t.pk = append(t.pk, k.col)
	}

	rows, err = c.snap.QueryContext(ctx, `SELECT "table", "from" FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name)
	if err != nil {
		return nil, fmt.Errorf("copy: references of %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var parent, from string
		if err := rows.Scan(&parent, &from); err != nil {
			return nil, fmt.Errorf("copy: references of %s: %w", name, err)
		}
		col := t.col(from)
		if col < 0 {
			return nil, fmt.Errorf("copy: %s references %s through a column %s it does not have", name, parent, from)
		}
		t.fks = append(t.fks, copyFK{col: col, parent: parent})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("copy: references of %s: %w", name, err)
	}
	if err := c.snap.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteID(name)).Scan(&t.count); err != nil {
		return nil, fmt.Errorf("copy: count %s: %w", name, err)
	}
	return t, nil
}

// destinationSchema reads the column types, identity columns and primary
// keys of the destination's tables.
func (c *copier) destinationSchema(ctx context.Context) (cols map[string]map[string]copyCol, keys map[string][]string, err error) {
	// pg_catalog rather than information_schema: its key_column_usage
	// takes a second to answer.
	rows, err := c.dst.r.QueryContext(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, NULL), a.attidentity <> ''
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`)
	if err != nil {
		return nil, nil, fmt.Errorf("copy: destination tables: %w", err)
	}
	defer rows.Close()
	cols = map[string]map[string]copyCol{}
	for rows.Next() {
		var table string
		var col copyCol
		if err := rows.Scan(&table, &col.name, &col.pgType, &col.identity); err != nil {
			return nil, nil, fmt.Errorf("copy: destination tables: %w", err)
		}
		if cols[table] == nil {
			cols[table] = map[string]copyCol{}
		}
		cols[table][col.name] = col
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("copy: destination tables: %w", err)
	}
	krows, err := c.dst.r.QueryContext(ctx, `SELECT c.relname, a.attname
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, pos)
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
		WHERE i.indisprimary AND n.nspname = current_schema()
		ORDER BY c.relname, k.pos`)
	if err != nil {
		return nil, nil, fmt.Errorf("copy: destination keys: %w", err)
	}
	defer krows.Close()
	keys = map[string][]string{}
	for krows.Next() {
		var table, col string
		if err := krows.Scan(&table, &col); err != nil {
			return nil, nil, fmt.Errorf("copy: destination keys: %w", err)
		}
		keys[table] = append(keys[table], col)
	}
	return cols, keys, krows.Err()
}

// matchDestination checks the table against the destination's and takes
// its column types.
func (t *copyTable) matchDestination(cols map[string]copyCol, key []string) error {
	if cols == nil {
		return fmt.Errorf("copy: the destination has no table %s: the schemas differ", t.name)
	}
	if len(cols) != len(t.cols) {
		return fmt.Errorf("copy: %s has %d columns in the source and %d in the destination: the schemas differ", t.name, len(t.cols), len(cols))
	}
	for i := range t.cols {
		pc, ok := cols[t.cols[i].name]
		if !ok {
			return fmt.Errorf("copy: the destination's %s has no column %s: the schemas differ", t.name, t.cols[i].name)
		}
		if !pgTypeKnown(pc.pgType) {
			return fmt.Errorf("copy: %s.%s is %s in the destination, a type Copy does not convert to", t.name, pc.name, pc.pgType)
		}
		t.cols[i].pgType, t.cols[i].identity = pc.pgType, pc.identity
	}
	var srcKey []string
	for _, i := range t.pk {
		srcKey = append(srcKey, t.cols[i].name)
	}
	if strings.Join(srcKey, ",") != strings.Join(key, ",") {
		return fmt.Errorf("copy: %s's primary key is (%s) in the source and (%s) in the destination: the schemas differ",
			t.name, strings.Join(srcKey, ", "), strings.Join(key, ", "))
	}
	return nil
}

func (t *copyTable) col(name string) int {
	for i, c := range t.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

// copyOrder orders the tables so that a table comes after every table it
// references. A reference into the table itself, and one that closes a
// cycle, are deferred: written as NULL first and set once all rows are in,
// which needs a nullable column.
func copyOrder(tables map[string]*copyTable) ([]*copyTable, error) {
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t := tables[name]
		for _, fk := range t.fks {
			if tables[fk.parent] == nil && !copySkip[fk.parent] {
				return nil, fmt.Errorf("copy: %s references %s, which is not a table of the source", t.name, fk.parent)
			}
			if fk.parent == t.name && !t.isDeferred(fk.col) {
				if t.cols[fk.col].notNull {
					return nil, fmt.Errorf("copy: %s.%s references its own table and may not be NULL: Copy cannot order its rows", t.name, t.cols[fk.col].name)
				}
				t.deferred = append(t.deferred, fk.col)
			}
		}
	}
	done := map[string]bool{}
	// waiting lists the references of t whose parent is not copied yet.
	waiting := func(t *copyTable) []copyFK {
		var w []copyFK
		for _, fk := range t.fks {
			if !done[fk.parent] && fk.parent != t.name && !t.isDeferred(fk.col) && tables[fk.parent] != nil {
				w = append(w, fk)
			}
		}
		return w
	}
	var order []*copyTable
	for len(order) < len(names) {
		progressed := false
		for _, name := range names {
			if t := tables[name]; !done[name] && len(waiting(t)) == 0 {
				order, done[name], progressed = append(order, t), true, true
			}
		}
		if progressed {
			continue
		}
		// Every table left waits for another: break a cycle at a table on
		// it whose waiting references may all be NULL, the one with the
		// fewest.
		var best *copyTable
		var bestWait []copyFK
		for _, name := range names {
			t := tables[name]
			if done[name] || !onCycle(t, tables, waiting) {
				continue
			}
			w := waiting(t)
			nullable := true
			for _, fk := range w {
				nullable = nullable && !t.cols[fk.col].notNull
			}
			if nullable && (best == nil || len(w) < len(bestWait)) {
				best, bestWait = t, w
			}
		}
		if best == nil {
			var left []string
			for _, name := range names {
				if !done[name] {
					left = append(left, name)
				}
			}
			return nil, fmt.Errorf("copy: tables %s reference each other through columns that may not be NULL: Copy cannot order them", strings.Join(left, ", "))
		}
		for _, fk := range bestWait {
			best.deferred = append(best.deferred, fk.col)
		}
	}
	return order, nil
}

// onCycle reports whether t waits, through other waiting tables, for
// itself.
func onCycle(t *copyTable, tables map[string]*copyTable, waiting func(*copyTable) []copyFK) bool {
	seen := map[string]bool{}
	var visit func(*copyTable) bool
	visit = func(u *copyTable) bool {
		for _, fk := range waiting(u) {
			if fk.parent == t.name {
				return true
			}
			if !seen[fk.parent] {
				seen[fk.parent] = true
				if visit(tables[fk.parent]) {
					return true
				}
			}
		}
		return false
	}
	return visit(t)
}

// preflight refuses, before anything is written, a destination that is
// not an empty forum or an earlier copy of this source: accounts whose
// creation time differs from the source's account of the same id are
// another forum's; audit entries the source lacks were written by a node
// running on the destination. Copying over either would destroy them.
func (c *copier) preflight(ctx context.Context) error {
	for _, check := range []struct{ table, what string }{
		{"users", "account"},
		{"audit_log", "audit log entry"},
	} {
		var t *copyTable
		for _, u := range c.order {
			if u.name == check.table {
				t = u
			}
		}
		if t == nil {
			continue
		}
		id, created := t.col("id"), t.col("created_at")
		if id < 0 || created < 0 {
			continue
		}
		missing, n, err := c.notInSnapshot(ctx, t, []int{id, created}, "", 0)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("copy refused, nothing was written: the destination has %d %s(s) that the source lacks (the first: id %v, created at %v): "+
				"it is another forum, or Chorus has run on it since the last copy, and copying would undo that; copy into an empty PostgreSQL database or schema",
				n, check.what, missing[0][0], fromMS(asInt(missing[0][1])).Format(time.RFC3339))
		}
	}
	return nil
}

// copyTable copies one table's rows in batches: new rows are inserted,
// rows the destination has are updated where they differ.
func (c *copier) copyTable(ctx context.Context, t *copyTable) error {
	c.progress(CopyProgress{Step: "copy", Table: t.name, Total: t.count})
	if t.count == 0 {
		return nil
	}
	all := make([]int, len(t.cols))
	for i := range all {
		all[i] = i
	}
	upsert := t.upsertSQL()
	// SQLite is read while PostgreSQL writes the batch before: the two
	// take about as long.
	readCtx, stop := context.WithCancel(ctx)
	batches := c.readBatches(readCtx, t)
	defer func() {
		stop()
		for range batches { // the reader is done with the snapshot when it closes
		}
	}()
	var done int64
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		if err := c.upsert(ctx, t, upsert, t.arrays(b.rows, all)); err != nil {
			return fmt.Errorf("copy: write %s (rows %s to %s): %w", t.name, t.keyString(b.rows[0]), t.keyString(b.rows[len(b.rows)-1]), err)
		}
		done += int64(len(b.rows))
		c.progress(CopyProgress{Step: "copy", Table: t.name, Done: done, Total: t.count})
	}
	if done != t.count {
		return fmt.Errorf("copy: read %d rows of %s where the snapshot counted %d", done, t.name, t.count)
	}
	return nil
}

// upsert runs the upsert statement and counts what it inserted and
// updated (a row PostgreSQL has just inserted has no xmax; one updated
// on conflict has).
func (c *copier) upsert(ctx context.Context, t *copyTable, query string, args []any) error {
	rows, err := c.dst.w.QueryContext(ctx, query+` RETURNING d.xmax = 0, `+t.keyList("d."), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows, 1+len(t.pk))
		if err != nil {
			return err
		}
		if inserted, _ := r[0].(bool); !inserted {
			t.updated++
			continue
		}
		t.inserted++
		if len(t.deferred) > 0 {
			if t.fresh == nil {
				t.fresh = map[string]bool{}
			}
			t.fresh[rowKey(r[1:])] = true
		}
	}
	return rows.Err()
}

// rowBatch is a batch of rows read from the snapshot, or why none came.
type rowBatch struct {
	rows [][]any
	err  error
}

// readBatches reads t's rows from the snapshot, converted for the
// destination, in batches, until ctx ends; the channel closes after the
// last.
func (c *copier) readBatches(ctx context.Context, t *copyTable) <-chan rowBatch {
	out := make(chan rowBatch, 1)
	go func() {
		defer close(out)
		send := func(b rowBatch) bool {
			select {
			case out <- b:
				return true
			case <-ctx.Done():
				return false
			}
		}
		// #nosec G202 -- table and column names come from the schemas themselves, quoted by quoteID
		rows, err := c.snap.QueryContext(ctx, `SELECT `+t.colList("")+` FROM `+quoteID(t.name)+` ORDER BY `+t.keyList(""))
		if err != nil {
			send(rowBatch{err: fmt.Errorf("copy: read %s: %w", t.name, err)})
			return
		}
		defer rows.Close()
		buf := make([][]any, 0, copyBatch)
		for rows.Next() {
			r, err := scanRow(rows, len(t.cols))
			if err == nil {
				err = t.convert(r)
			}
			if err != nil {
				send(rowBatch{err: fmt.Errorf("copy: read %s: %w", t.name, err)})
				return
			}
			for _, d := range t.deferred {
				r[d] = nil // set by link, once every row it may point at is in
			}
			if buf = append(buf, r); len(buf) == copyBatch {
				if !send(rowBatch{rows: buf}) {
					return
				}
				buf = make([][]any, 0, copyBatch)
			}
		}
		if err := rows.Err(); err != nil {
			send(rowBatch{err: fmt.Errorf("copy: read %s: %w", t.name, err)})
			return
		}
		if len(buf) > 0 {
			send(rowBatch{rows: buf})
		}
	}()
	return out
}

// upsertSQL is the statement that writes a batch of rows of t, given as
// one array per column: each row inserted, or, when the key is there, its
// other columns updated where they differ (an unchanged row is not
// rewritten). The deferred references of a row that is there keep their
// value until link sets them.
func (t *copyTable) upsertSQL() string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + quoteID(t.name) + ` AS d (` + t.colList("") + `)`)
	for _, c := range t.cols {
		if c.identity {
			b.WriteString(` OVERRIDING SYSTEM VALUE`) // the ids are the source's
			break
		}
	}
	all := make([]int, len(t.cols))
	for i := range all {
		all[i] = i
	}
	b.WriteString(` SELECT * FROM ` + t.unnest(all))
	b.WriteString(` ON CONFLICT (` + t.keyList("") + `) `)
	var set []int
	for i := range t.cols {
		if !t.isKey(i) && !t.isDeferred(i) {
			set = append(set, i)
		}
	}
	if t.appendOnly || len(set) == 0 {
		b.WriteString(`DO NOTHING`)
		return b.String()
	}
	b.WriteString(`DO UPDATE SET `)
	var old, fresh []string
	for k, i := range set {
		if k > 0 {
			b.WriteString(`, `)
		}
		name := quoteID(t.cols[i].name)
		b.WriteString(name + ` = excluded.` + name)
		old, fresh = append(old, `d.`+name), append(fresh, `excluded.`+name)
	}
	b.WriteString(` WHERE (` + strings.Join(old, `, `) + `) IS DISTINCT FROM (` + strings.Join(fresh, `, `) + `)`)
	return b.String()
}

// link sets the deferred references of every row to the snapshot's
// values, now that the rows they point at are in.
func (c *copier) link(ctx context.Context, t *copyTable) error {
	if len(t.deferred) == 0 || t.count == 0 {
		return nil
	}
	c.progress(CopyProgress{Step: "links", Table: t.name, Total: t.count})
	cols := append(append([]int(nil), t.pk...), t.deferred...)
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = quoteID(t.cols[col].name)
	}
	// #nosec G202 -- table and column names come from the schemas themselves, quoted by quoteID
	rows, err := c.snap.QueryContext(ctx, `SELECT `+strings.Join(names, `, `)+` FROM `+quoteID(t.name)+` ORDER BY `+t.keyList(""))
	if err != nil {
		return fmt.Errorf("copy: read %s: %w", t.name, err)
	}
	defer rows.Close()
	batch := copyBatch
	var done int64
	flush := func(buf [][]any) error {
		var b strings.Builder
		b.WriteString(`UPDATE ` + quoteID(t.name) + ` AS d SET `)
		var old, fresh []string
		for k, col := range t.deferred {
			if k > 0 {
				b.WriteString(`, `)
			}
			name := quoteID(t.cols[col].name)
			b.WriteString(name + ` = v.` + name)
			old, fresh = append(old, `d.`+name), append(fresh, `v.`+name)
		}
		b.WriteString(` FROM ` + t.unnest(cols) + ` AS v (` + strings.Join(names, `, `) + `) WHERE `)
		vals := make([][]any, len(buf))
		for i, r := range buf {
			vals[i] = make([]any, len(t.cols))
			for k, col := range cols {
				vals[i][col] = r[k]
			}
		}
		args := t.arrays(vals, cols)
		for k, col := range t.pk {
			if k > 0 {
				b.WriteString(` AND `)
			}
			name := quoteID(t.cols[col].name)
			b.WriteString(`d.` + name + ` = v.` + name)
		}
		b.WriteString(` AND (` + strings.Join(old, `, `) + `) IS DISTINCT FROM (` + strings.Join(fresh, `, `) + `)`)
		b.WriteString(` RETURNING ` + t.keyList("d."))
		err := func() error {
			rows, err := c.dst.w.QueryContext(ctx, b.String(), args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				key, err := scanRow(rows, len(t.pk))
				if err != nil {
					return err
				}
				if !t.fresh[rowKey(key)] {
					t.updated++
				}
			}
			return rows.Err()
		}()
		if err != nil {
			return fmt.Errorf("copy: set the references of %s (rows %s to %s): %w", t.name, t.keyString(buf[0]), t.keyString(buf[len(buf)-1]), err)
		}
		done += int64(len(buf))
		c.progress(CopyProgress{Step: "links", Table: t.name, Done: done, Total: t.count})
		return nil
	}
	buf := make([][]any, 0, batch)
	for rows.Next() {
		r, err := scanRow(rows, len(cols))
		if err != nil {
			return fmt.Errorf("copy: read %s: %w", t.name, err)
		}
		for i, col := range cols {
			if r[i], err = pgValue(r[i], t.cols[col].pgType); err != nil {
				return fmt.Errorf("copy: %s.%s: %w", t.name, t.cols[col].name, err)
			}
		}
		buf = append(buf, r)
		if len(buf) == batch {
			if err := flush(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("copy: read %s: %w", t.name, err)
	}
	if len(buf) > 0 {
		return flush(buf)
	}
	return nil
}

// prune removes the destination's rows that the snapshot lacks: rows an
// earlier run copied and the source has deleted since. Every table was
// written in full, so the destination holds at least the snapshot's rows;
// only a table with more looks for them. The removal is one transaction:
// the deferred references of the rows to go are cleared first (a removed
// thread may point at a removed post), then the rows go, children before
// parents.
func (c *copier) prune(ctx context.Context) error {
	var anyExtra bool
	for _, t := range c.order {
		var n int64
		if err := c.dst.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteID(t.name)).Scan(&n); err != nil {
			return fmt.Errorf("copy: count %s in the destination: %w", t.name, err)
		}
		if n <= t.count {
			continue
		}
		extra, _, err := c.notInSnapshot(ctx, t, t.pk, "prune", n)
		if err != nil {
			return err
		}
		if len(extra) > 0 && t.appendOnly {
			return fmt.Errorf("copy: the destination's %s has %d rows that the source lacks, and they may not be removed: has a Chorus node run on the destination?", t.name, len(extra))
		}
		t.extra, anyExtra = extra, anyExtra || len(extra) > 0
	}
	if !anyExtra {
		return nil
	}
	tx, err := c.dst.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("copy: destination: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	for _, t := range c.order {
		if len(t.extra) == 0 || len(t.deferred) == 0 {
			continue
		}
		var set []string
		for _, col := range t.deferred {
			set = append(set, quoteID(t.cols[col].name)+` = NULL`)
		}
		if err := t.eachKeyBatch(t.extra, func(where string, args []any) error {
			_, err := tx.ExecContext(ctx, `UPDATE `+quoteID(t.name)+` SET `+strings.Join(set, `, `)+` WHERE `+where, args...)
			return err
		}); err != nil {
			return fmt.Errorf("copy: clear the references of %s's removed rows: %w", t.name, err)
		}
	}
	for i := len(c.order) - 1; i >= 0; i-- {
		t := c.order[i]
		if len(t.extra) == 0 {
			continue
		}
		if err := t.eachKeyBatch(t.extra, func(where string, args []any) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM `+quoteID(t.name)+` WHERE `+where, args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			t.removed += n
			return nil
		}); err != nil {
			return fmt.Errorf("copy: remove %s's rows that the source has no more: %w", t.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("copy: destination: %w", err)
	}
	return nil
}

// eachKeyBatch calls fn with a WHERE clause that matches a batch of keys,
// and its arguments.
func (t *copyTable) eachKeyBatch(keys [][]any, fn func(where string, args []any) error) error {
	for len(keys) > 0 {
		n := min(len(keys), copyBatch)
		vals := make([][]any, n)
		for i, k := range keys[:n] {
			vals[i] = make([]any, len(t.cols))
			for j, col := range t.pk {
				vals[i][col] = k[j]
			}
		}
		where := `(` + t.keyList("") + `) IN (SELECT * FROM ` + t.unnest(t.pk) + `)`
		if err := fn(where, t.arrays(vals, t.pk)); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// notInSnapshot returns the destination's values of cols (a key, and maybe
// more) that no row of the snapshot has (for a prune all of them, else the
// first thousand), and how many there are. step, when set, names the
// progress step, of total rows.
func (c *copier) notInSnapshot(ctx context.Context, t *copyTable, cols []int, step string, total int64) ([][]any, int64, error) {
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = quoteID(t.cols[col].name)
	}
	list := strings.Join(names, `, `)
	if step != "" {
		c.progress(CopyProgress{Step: step, Table: t.name, Total: total})
	}
	rows, err := c.dst.r.QueryContext(ctx, `SELECT `+list+` FROM `+quoteID(t.name))
	if err != nil {
		return nil, 0, fmt.Errorf("copy: read %s in the destination: %w", t.name, err)
	}
	defer rows.Close()
	var missing [][]any
	var n, done int64
	// SQLite has row values: (a, b) IN (VALUES (?, ?), ...) finds each by
	// its index.
	check := func(buf [][]any) error {
		var b strings.Builder
		b.WriteString(`SELECT ` + list + ` FROM ` + quoteID(t.name) + ` WHERE (` + list + `) IN (VALUES `)
		row := `(` + strings.TrimSuffix(strings.Repeat(`?, `, len(cols)), `, `) + `)`
		args := make([]any, 0, len(buf)*len(cols))
		for i, r := range buf {
			if i > 0 {
				b.WriteString(`, `)
			}
			b.WriteString(row)
			args = append(args, r...)
		}
		b.WriteString(`)`)
		found := map[string]bool{}
		srows, err := c.snap.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return fmt.Errorf("copy: look up %s in the source: %w", t.name, err)
		}
		defer srows.Close()
		for srows.Next() {
			r, err := scanRow(srows, len(cols))
			if err != nil {
				return fmt.Errorf("copy: look up %s in the source: %w", t.name, err)
			}
			for i, col := range cols {
				if r[i], err = pgValue(r[i], t.cols[col].pgType); err != nil {
					return fmt.Errorf("copy: %s.%s: %w", t.name, t.cols[col].name, err)
				}
			}
			found[rowKey(r)] = true
		}
		if err := srows.Err(); err != nil {
			return fmt.Errorf("copy: look up %s in the source: %w", t.name, err)
		}
		for _, r := range buf {
			if !found[rowKey(r)] {
				n++
				if len(missing) < 1000 || step == "prune" {
					missing = append(missing, r)
				}
			}
		}
		done += int64(len(buf))
		if step != "" {
			c.progress(CopyProgress{Step: step, Table: t.name, Done: done, Total: total})
		}
		return nil
	}
	buf := make([][]any, 0, copyBatch)
	for rows.Next() {
		r, err := scanRow(rows, len(cols))
		if err != nil {
			return nil, 0, fmt.Errorf("copy: read %s in the destination: %w", t.name, err)
		}
		buf = append(buf, r)
		if len(buf) == copyBatch {
			if err := check(buf); err != nil {
				return nil, 0, err
			}
			buf = buf[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("copy: read %s in the destination: %w", t.name, err)
	}
	if len(buf) > 0 {
		if err := check(buf); err != nil {
			return nil, 0, err
		}
	}
	return missing, n, nil
}

// moveSequences moves each identity sequence of the destination past the
// highest id of its table (and past the highest an AUTOINCREMENT table of
// the source ever gave), so that the next row made on PostgreSQL gets a
// fresh id.
func (c *copier) moveSequences(ctx context.Context) error {
	for _, t := range c.order {
		for _, col := range t.cols {
			if !col.identity {
				continue
			}
			_, err := c.dst.w.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE(MAX(`+quoteID(col.name)+`), 0), ?) + 1, false) FROM `+quoteID(t.name),
				quoteID(t.name), col.name, c.sqliteSeq[t.name])
			if err != nil {
				return fmt.Errorf("copy: move the sequence of %s.%s: %w", t.name, col.name, err)
			}
		}
	}
	return nil
}

// analyze gathers the planner's statistics of every table copied. Without
// them PostgreSQL plans a freshly filled table as if it were empty (until
// autovacuum comes by): a thread page's posts were read by a scan of the
// whole table, and nodes started at once on the copy served 100 pages a
// second instead of thousands.
func (c *copier) analyze(ctx context.Context) error {
	for _, t := range c.order {
		if _, err := c.dst.w.ExecContext(ctx, `ANALYZE `+quoteID(t.name)); err != nil {
			return fmt.Errorf("copy: analyze %s: %w", t.name, err)
		}
	}
	return nil
}

// convert turns a row read from SQLite into the destination's types.
func (t *copyTable) convert(r []any) error {
	for i := range r {
		v, err := pgValue(r[i], t.cols[i].pgType)
		if err != nil {
			return fmt.Errorf("row %s, column %s: %w", t.keyString(r), t.cols[i].name, err)
		}
		r[i] = v
	}
	return nil
}

func pgTypeKnown(typ string) bool {
	switch typ {
	case "bigint", "integer", "smallint", "boolean", "double precision", "real", "text", "character varying", "bytea":
		return true
	}
	return false
}

// pgValue converts a value SQLite gave into one for a PostgreSQL column of
// type typ. Flags are 0/1 integers in both; NULL stays NULL.
func pgValue(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
	case "boolean":
		if x, ok := v.(int64); ok {
			return x != 0, nil
		}
	case "double precision", "real":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text", "character varying":
		switch x := v.(type) {
		case string:
			if strings.IndexByte(x, 0) < 0 && utf8.ValidString(x) {
				return x, nil
			}
		case []byte:
			if bytes.IndexByte(x, 0) < 0 && utf8.Valid(x) {
				return string(x), nil
			}
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	}
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return nil, fmt.Errorf("the source holds %T %q, which does not fit PostgreSQL's %s", v, s, typ)
}

// unnest is "unnest(?::type[], ...)": a batch's values of the columns
// cols, one array each, as rows.
func (t *copyTable) unnest(cols []int) string {
	parts := make([]string, len(cols))
	for i, col := range cols {
		parts[i] = `?::` + t.cols[col].pgType + `[]`
	}
	return `unnest(` + strings.Join(parts, `, `) + `)`
}

// arrays turns rows (converted, see pgValue) into one array per column of
// cols, typed for pgx, NULL as nil.
func (t *copyTable) arrays(rows [][]any, cols []int) []any {
	out := make([]any, len(cols))
	for k, col := range cols {
		switch t.cols[col].pgType {
		case "bigint", "integer", "smallint":
			a := make([]*int64, len(rows))
			for i, r := range rows {
				if v, ok := r[col].(int64); ok {
					a[i] = &v
				}
			}
			out[k] = a
		case "boolean":
			a := make([]*bool, len(rows))
			for i, r := range rows {
				if v, ok := r[col].(bool); ok {
					a[i] = &v
				}
			}
			out[k] = a
		case "double precision", "real":
			a := make([]*float64, len(rows))
			for i, r := range rows {
				if v, ok := r[col].(float64); ok {
					a[i] = &v
				}
			}
			out[k] = a
		case "bytea":
			a := make([][]byte, len(rows))
			for i, r := range rows {
				if v, ok := r[col].([]byte); ok {
					a[i] = v
				}
			}
			out[k] = a
		default: // text
			a := make([]*string, len(rows))
			for i, r := range rows {
				if v, ok := r[col].(string); ok {
					a[i] = &v
				}
			}
			out[k] = a
		}
	}
	return out
}

func (t *copyTable) colList(prefix string) string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = prefix + quoteID(c.name)
	}
	return strings.Join(names, `, `)
}

func (t *copyTable) keyList(prefix string) string {
	names := make([]string, len(t.pk))
	for i, col := range t.pk {
		names[i] = prefix + quoteID(t.cols[col].name)
	}
	return strings.Join(names, `, `)
}

func (t *copyTable) isKey(col int) bool {
	for _, k := range t.pk {
		if k == col {
			return true
		}
	}
	return false
}

func (t *copyTable) isDeferred(col int) bool {
	for _, d := range t.deferred {
		if d == col {
			return true
		}
	}
	return false
}

// keyString names a row by its key, for messages.
func (t *copyTable) keyString(r []any) string {
	parts := make([]string, len(t.pk))
	for i, col := range t.pk {
		switch v := r[col].(type) {
		case []byte:
			parts[i] = fmt.Sprintf("%x", v)
		default:
			parts[i] = fmt.Sprint(v)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// rowKey encodes values so that equal rows, and only they, give equal
// strings.
func rowKey(r []any) string {
	var b strings.Builder
	for _, v := range r {
		switch x := v.(type) {
		case nil:
			b.WriteString("n;")
		case int64:
			b.WriteString("i" + strconv.FormatInt(x, 10) + ";")
		case float64:
			b.WriteString("f" + strconv.FormatFloat(x, 'g', -1, 64) + ";")
		case bool:
			b.WriteString("b" + strconv.FormatBool(x) + ";")
		case string:
			b.WriteString("s" + strconv.Itoa(len(x)) + ":" + x)
		case []byte:
			b.WriteString("x" + strconv.Itoa(len(x)) + ":" + string(x))
		default:
			fmt.Fprintf(&b, "?%T:%v;", v, v)
		}
	}
	return b.String()
}

func asInt(v any) int64 {
	n, _ := v.(int64)
	return n
}

func scanRow(rows *sql.Rows, n int) ([]any, error) {
	r := make([]any, n)
	ptrs := make([]any, n)
	for i := range r {
		ptrs[i] = &r[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	return r, nil
}

func queryStrings(ctx context.Context, tx *sql.Tx, query string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// quoteID quotes an SQL identifier, the same in both dialects.
func quoteID(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// OpenCopySource opens the SQLite database at path for Copy to read, and
// only to read: unlike Open it makes no file when there is none, migrates
// nothing and writes nothing, so it is safe on a forum that is serving
// (and on a forum run by another version of Chorus, which it refuses). The
// database must be at this Chorus's schema version.
func OpenCopySource(ctx context.Context, path string) (*DB, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("there is no database at %s", path)
	case err != nil:
		return nil, err
	case st.IsDir():
		return nil, fmt.Errorf("%s is a folder, not a SQLite database (the forum's is chorus.db in its data folder)", path)
	}
	f, err := os.Open(path) // #nosec G304 -- the operator names the database
	if err != nil {
		return nil, err
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	_ = f.Close() // read-only
	if err != nil || string(head) != "SQLite format 3\x00" {
		return nil, fmt.Errorf("%s is not a SQLite database", path)
	}
	// mode=ro: SQLite opens the file read-only and never creates it;
	// query_only refuses writes on top.
	params := url.Values{}
	params.Set("mode", "ro")
	params.Set("_query_only", "1")
	params.Set("_busy_timeout", "5000")
	h, err := sql.Open("sqlite3", "file:"+path+"?"+params.Encode())
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(2)
	p := &pool{DB: h}
	db := &DB{w: p, r: p, node: nodeName()}
	var tables int
	if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&tables); err != nil {
		_ = db.Close() // already failing
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if tables == 0 {
		_ = db.Close()
		return nil, fmt.Errorf("%s is not a Chorus database (it has no schema_migrations table)", path)
	}
	var version int
	if err := h.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if v := SchemaVersion(); version != v {
		_ = db.Close()
		if version < v {
			return nil, fmt.Errorf("%s is at schema version %d and this Chorus at %d: run this version of Chorus on the forum first (it migrates at start), then copy", path, version, v)
		}
		return nil, fmt.Errorf("%s is at schema version %d, newer than this Chorus (%d): copy with the Chorus that runs the forum", path, version, v)
	}
	return db, nil
}

// CheckPostgresURL reports whether s is a PostgreSQL connection URL
// (postgres://user@host:5432/db?sslmode=...) that OpenPostgres can use,
// without connecting: for commands that check their flags before they
// open anything.
func CheckPostgresURL(s string) error {
	if !IsPostgresURL(s) {
		return errors.New("not a PostgreSQL URL: give one like postgres://user@host:5432/database")
	}
	if _, err := pgx.ParseConfig(s); err != nil {
		return err
	}
	return nil
}
