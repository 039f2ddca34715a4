package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
)

// TestPostgresOutage cuts a node's way to PostgreSQL under write load and
// brings it back: while it is cut, requests answer 503 with a message in
// the person's language (never 500), /readyz fails, and nothing is half
// written; when it is back the node serves again by itself, without a
// restart, and every acknowledged post is there.
func TestPostgresOutage(t *testing.T) {
	dbURL := storetest.Schema(t)
	if testing.Short() {
		t.Skip("starts a server")
	}
	link := newCuttableLink(t, dbURL)
	bin := buildChorus(t)
	f := newPostgresForum(t, bin, dbURL, 4)
	s := startChorus(t, bin, filepath.Join(t.TempDir(), "node"), "--database", link.url)
	f.createCategory(t, s)
	members := f.memberClients(t, s, 0, len(f.members))
	ctx := context.Background()

	var l ledger
	var stop atomic.Bool
	var wg sync.WaitGroup
	var statuses statusCount
	for i, m := range members {
		wg.Go(func() {
			for n := 0; !stop.Load(); n++ {
				marker := newMarker()
				id, status, err := m.ask(ctx, marker, fmt.Sprintf("writer %d post %d", i, n))
				statuses.add(status)
				time.Sleep(100 * time.Millisecond) // under the posting limit
				if err == nil {
					l.addThread(ackedThread{id: id, marker: marker})
				}
			}
		})
	}
	time.Sleep(time.Second)
	link.cut()
	cutAt := time.Now()
	time.Sleep(1500 * time.Millisecond)

	// During the outage: 503 and the reason, in English and in German.
	res, body := getIn(t, s.base+"/api/v1/threads", "en")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "cannot reach its database") {
		t.Errorf("API during the outage: %d %s, want 503 saying the database cannot be reached", res.StatusCode, body)
	}
	res, body = getIn(t, s.base+"/", "de")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "erreicht seine Datenbank gerade nicht") {
		t.Errorf("German page during the outage: %d, want 503 with the German reason:\n%s", res.StatusCode, lastLines(body, 5))
	}
	if res, _ := getIn(t, s.base+"/readyz", "en"); res.StatusCode == http.StatusOK {
		t.Error("/readyz is OK while the database is cut off")
	}

	link.restore()
	back := time.Now()
	for {
		if res, _ := getIn(t, s.base+"/api/v1/threads", "en"); res.StatusCode == http.StatusOK {
			break
		}
		if time.Since(back) > 15*time.Second {
			t.Fatalf("the node did not recover within 15 s of the database's return:\n%s", lastLines(s.logs.String(), 30))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("cut for %v; serving again %v after the database returned", back.Sub(cutAt).Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
	time.Sleep(time.Second) // writes go on after the return
	stop.Store(true)
	wg.Wait()
	counts := statuses.get()
	t.Logf("answers to the writers by status (0: cut off): %v", counts)
	if counts[http.StatusInternalServerError] > 0 {
		t.Errorf("%d writes answered 500 during the outage, want 503", counts[http.StatusInternalServerError])
	}
	if counts[http.StatusServiceUnavailable] == 0 {
		t.Error("no write answered 503 while the database was cut off")
	}
	checkPresent(t, s, &l)

	// Nothing half written: every thread has its question, and the
	// counters agree with the posts.
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orphans, wrongCounts int
	if err := db.QueryRow(`SELECT COUNT(*) FROM threads t WHERE NOT EXISTS
		(SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.is_question = 1)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM threads t WHERE answer_count <>
		(SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id AND p.is_question = 0 AND p.deleted_at IS NULL AND p.hidden_at IS NULL)`).Scan(&wrongCounts); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 || wrongCounts != 0 {
		t.Errorf("half-written data: %d threads without a question, %d with a wrong answer count", orphans, wrongCounts)
	}
}

// getIn fetches a page in a language.
func getIn(t *testing.T, u, lang string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	res, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// cuttableLink is a TCP relay between a node and PostgreSQL that a test
// can cut (every connection dropped, new ones closed at once) and restore.
type cuttableLink struct {
	url string // dbURL with the relay's address

	mu      sync.Mutex
	down    bool
	stalled bool // bytes are held, connections kept: a link that hangs
	conns   map[net.Conn]bool
}

func newCuttableLink(t *testing.T, dbURL string) *cuttableLink {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	upstream := u.Host
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	u.Host = ln.Addr().String()
	l := &cuttableLink{url: u.String(), conns: map[net.Conn]bool{}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go l.relay(c, upstream)
		}
	}()
	return l
}

func (l *cuttableLink) relay(c net.Conn, upstream string) {
	if !l.track(c) {
		_ = c.Close()
		return
	}
	up, err := net.Dial("tcp", upstream)
	if err != nil || !l.track(up) {
		_ = c.Close()
		if up != nil {
			_ = up.Close()
		}
		return
	}
	done := make(chan struct{}, 2)
	go func() { _ = l.pump(up, c); done <- struct{}{} }()
	go func() { _ = l.pump(c, up); done <- struct{}{} }()
	<-done
	_ = c.Close()
	_ = up.Close()
}

// pump copies src to dst, holding what it read while the link is stalled.
func (l *cuttableLink) pump(dst, src net.Conn) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for l.isStalled() {
			time.Sleep(10 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err != nil {
			return err
		}
	}
}

func (l *cuttableLink) isStalled() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stalled
}

// stall holds every byte in both directions, connections open, until
// restore: what a dead router or a frozen database looks like.
func (l *cuttableLink) stall() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stalled = true
}

// track remembers an open connection, unless the link is down.
func (l *cuttableLink) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down {
		return false
	}
	l.conns[c] = true
	return true
}

func (l *cuttableLink) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.down = true
	for c := range l.conns {
		_ = c.Close()
	}
	clear(l.conns)
}

func (l *cuttableLink) restore() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.down, l.stalled = false, false
}

// TestPostgresStall: a link that hangs (no error, no answer) must not hold
// requests until the server's write timeout: with --request-timeout 2s
// they answer 503 within it, and the node serves again when the link
// moves again.
func TestPostgresStall(t *testing.T) {
	dbURL := storetest.Schema(t)
	if testing.Short() {
		t.Skip("starts a server")
	}
	link := newCuttableLink(t, dbURL)
	bin := buildChorus(t)
	f := newPostgresForum(t, bin, dbURL, 1)
	s := startChorus(t, bin, filepath.Join(t.TempDir(), "node"), "--database", link.url, "--request-timeout", "2s")
	f.createCategory(t, s)
	link.stall()
	start := time.Now()
	res, body := getIn(t, s.base+"/api/v1/threads?x=stall", "en")
	took := time.Since(start)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("API while the link hangs: %d %s, want 503", res.StatusCode, body)
	}
	if took > 5*time.Second {
		t.Errorf("the answer took %v, want about the 2 s request timeout", took)
	}
	t.Logf("answered %d after %v while the link hung", res.StatusCode, took.Round(time.Millisecond))
	link.restore()
	back := time.Now()
	for {
		if res, _ := getIn(t, s.base+"/api/v1/threads", "en"); res.StatusCode == http.StatusOK {
			break
		}
		if time.Since(back) > 15*time.Second {
			t.Fatalf("the node did not recover within 15 s of the link's return:\n%s", lastLines(s.logs.String(), 30))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("serving again %v after the link moved again", time.Since(back).Round(time.Millisecond))
}
