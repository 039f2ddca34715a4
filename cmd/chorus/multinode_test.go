package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
)

// TestMultiNode runs three Chorus processes on one PostgreSQL database,
// each with its own search index replica, behind a round-robin proxy, and
// checks what several nodes must keep true: a write through one is read
// through another at once and found by search on a third within 2 s; a
// moderator's merge is seen everywhere; the once-across-nodes jobs run
// once per tick, on one node; and when that node is killed under write
// load no acknowledged post is lost and another node takes the jobs over.
func TestMultiNode(t *testing.T) {
	dbURL := storetest.Schema(t) // skips without CHORUS_TEST_POSTGRES
	if testing.Short() {
		t.Skip("starts three servers")
	}
	bin := buildChorus(t)
	f := newPostgresForum(t, bin, dbURL, 12)

	nodes := make([]*chorusServer, 3)
	for i := range nodes {
		// Cluster detection every second: the job whose ticks are counted.
		nodes[i] = startChorus(t, bin, filepath.Join(t.TempDir(), "node"+strconv.Itoa(i)),
			"--database", dbURL, "--cluster-every", "1s")
	}
	a, b, c := nodes[0], nodes[1], nodes[2]
	f.createCategory(t, a)
	members := f.memberClients(t, a, 0, len(f.members))
	ctx := context.Background()
	// A session made through A works on the others: it lives in the database.
	on := func(s *chorusServer, cl *apiClient) *apiClient { return s.client(cl.token, cl.ip) }

	t.Run("a post through A is read through B at once and found through C within 2 s", func(t *testing.T) {
		guestB := on(b, &apiClient{})
		var page string
		if _, err := guestB.call(ctx, "GET", "/", nil, &page); err != nil { // fills B's guest page cache
			t.Fatal(err)
		}
		marker := newMarker()
		id, _, err := members[0].ask(ctx, marker, "multi-node")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Thread struct{ Title string } `json:"thread"`
		}
		if _, err := on(b, members[1]).call(ctx, "GET", fmt.Sprintf("/api/v1/threads/%d", id), nil, &got); err != nil {
			t.Fatalf("read through B: %v", err)
		}
		if !strings.Contains(got.Thread.Title, marker) {
			t.Fatalf("B answered %q, want the title with %s", got.Thread.Title, marker)
		}
		// A guest's cached front page on B must not hide the new thread.
		if _, err := guestB.call(ctx, "GET", "/", nil, &page); err != nil || !strings.Contains(page, marker) {
			t.Fatalf("B's front page for guests lacks the new thread (%v)", err)
		}
		took := checkSearchable(t, c, []ackedThread{{id: id, marker: marker}}, 2*time.Second)
		t.Logf("searchable through C %v after the post through A", took.Round(time.Millisecond))
	})

	t.Run("a merge through A is seen through B and C", func(t *testing.T) {
		from, _, err := members[2].ask(ctx, newMarker(), "duplicate report")
		if err != nil {
			t.Fatal(err)
		}
		into, _, err := members[3].ask(ctx, newMarker(), "first report")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.admin.call(ctx, "POST", fmt.Sprintf("/api/v1/threads/%d/merge", from),
			map[string]any{"into": into, "reason": "same outage"}, nil); err != nil {
			t.Fatalf("merge through A: %v", err)
		}
		for _, s := range []*chorusServer{b, c} {
			var got struct {
				MergedInto int64 `json:"merged_into"`
			}
			if _, err := s.guest.call(ctx, "GET", fmt.Sprintf("/api/v1/threads/%d", from), nil, &got); err != nil {
				t.Fatal(err)
			}
			if got.MergedInto != into {
				t.Errorf("%s shows thread %d merged into %d, want %d", s.base, from, got.MergedInto, into)
			}
		}
	})

	t.Run("a job runs once per tick across the nodes", func(t *testing.T) {
		before := scrapeJobs(t, nodes)
		const ticks = 6
		time.Sleep(ticks * time.Second)
		after := scrapeJobs(t, nodes)
		runs := after.rounds - before.rounds
		t.Logf("cluster detection ran %d times in %d s on %d nodes (leaders: %v)", runs, ticks, len(nodes), after.leaders)
		if len(after.leaders) != 1 {
			t.Fatalf("%d nodes lead, want exactly one", len(after.leaders))
		}
		if runs < ticks-2 || runs > ticks+1 {
			t.Fatalf("cluster detection ran %d times in %d one-second ticks, want about %d (once per tick, not once per node)", runs, ticks, ticks)
		}
	})

	t.Run("killing the leader under write load loses no acknowledged post", func(t *testing.T) {
		proxy := newRoundRobin(t, nodes)
		var l ledger
		var stop atomic.Bool
		var wg sync.WaitGroup
		var refusals statusCount
		for i, m := range members[4:] {
			cl := &apiClient{base: proxy.URL, token: m.token, ip: m.ip, hc: m.hc}
			wg.Go(func() {
				for n := 0; !stop.Load(); n++ {
					marker := newMarker()
					id, status, err := cl.ask(ctx, marker, fmt.Sprintf("writer %d post %d", i, n))
					// A pause keeps each writer under the posting limit
					// (30 an hour) for the test's few seconds.
					time.Sleep(150 * time.Millisecond)
					if err != nil {
						refusals.add(status)
						continue
					}
					l.addThread(ackedThread{id: id, marker: marker})
				}
			})
		}
		time.Sleep(1500 * time.Millisecond)
		leader := scrapeJobs(t, nodes).leaders
		if len(leader) != 1 {
			t.Fatalf("leaders before the kill: %v", leader)
		}
		dead := nodes[leader[0]]
		dead.kill()
		killedAt := time.Now()
		t.Logf("killed the leader %s", dead.base)
		var alive []*chorusServer
		for _, s := range nodes {
			if s != dead {
				alive = append(alive, s)
			}
		}
		// Another node takes the jobs over.
		var took time.Duration
		for {
			if js := scrapeJobs(t, alive); len(js.leaders) == 1 {
				took = time.Since(killedAt)
				break
			}
			if time.Since(killedAt) > 10*time.Second {
				t.Fatal("no node took the jobs over within 10 s of the leader's death")
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("a new leader within %v", took.Round(time.Millisecond))
		time.Sleep(time.Second) // writes go on through the survivors
		stop.Store(true)
		wg.Wait()
		threads, _ := l.snapshot()
		t.Logf("%d posts acknowledged; not acknowledged, by status (0: cut off): %v", len(threads), refusals.get())
		if len(threads) == 0 {
			t.Fatal("no write was acknowledged")
		}
		for _, s := range alive {
			checkPresent(t, s, &l)
			// And in every survivor's search replica: the outbox entries
			// of transactions that committed out of order included.
			took := checkSearchable(t, s, threads, 10*time.Second)
			t.Logf("all %d searchable through %s after %v", len(threads), s.base, took.Round(time.Millisecond))
		}
		before := scrapeJobs(t, alive)
		time.Sleep(3 * time.Second)
		if after := scrapeJobs(t, alive); after.rounds <= before.rounds {
			t.Errorf("cluster detection stopped after the leader died (%d rounds, then %d)", before.rounds, after.rounds)
		}
	})
}

// statusCount counts answers by status code, from several goroutines.
type statusCount struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *statusCount) add(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[int]int{}
	}
	c.n[status]++
}

func (c *statusCount) get() map[int]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// newPostgresForum makes the admin and members with `chorus user create`
// on the database, as newCrashForum does on a data directory, and logs the
// admin in (with two-factor set up) when createCategory runs.
func newPostgresForum(t *testing.T, bin, dbURL string, members int) *postgresForum {
	t.Helper()
	f := &postgresForum{crashForum: crashForum{bin: bin, dir: t.TempDir()}}
	cli := func(args ...string) {
		t.Helper()
		if err := chorusCLI(bin, append(args, "--database", dbURL, "--data", f.dir)...); err != nil {
			t.Fatal(err)
		}
	}
	cli("user", "create", "--username", "crash-admin", "--email", "crash-admin@example.com", "--password", crashPassword, "--role", "admin")
	for i := range members {
		name := fmt.Sprintf("writer%02d", i)
		f.members = append(f.members, name)
		cli("user", "create", "--username", name, "--email", name+"@example.com", "--password", crashPassword)
	}
	// A month's standing, so that the new-account limit does not stop a
	// writer a few posts in.
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE users SET created_at = created_at - $1 WHERE role = 'member'`, (30 * 24 * time.Hour).Milliseconds()); err != nil {
		t.Fatal(err)
	}
	return f
}

type postgresForum struct {
	crashForum
	admin *apiClient // set by createCategory
}

// createCategory makes the category and keeps the admin's client.
func (f *postgresForum) createCategory(t *testing.T, s *chorusServer) {
	t.Helper()
	f.admin = f.crashForum.createCategory(t, s)
}

// jobState is what the nodes' metrics say of the jobs.
type jobState struct {
	rounds  int64 // cluster detection rounds, summed over the nodes
	leaders []int // indexes of the nodes that lead
}

// scrapeJobs reads chorus_job_rounds_total{job="clusters"} and
// chorus_jobs_leader from each node's /metrics; a node that does not
// answer counts as neither.
func scrapeJobs(t *testing.T, nodes []*chorusServer) jobState {
	t.Helper()
	var js jobState
	for i, s := range nodes {
		res, err := http.Get(s.base + "/metrics")
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			line := sc.Text()
			name, value, ok := strings.Cut(line, " ")
			if !ok {
				continue
			}
			switch name {
			case `chorus_job_rounds_total{job="clusters"}`:
				v, _ := strconv.ParseFloat(value, 64)
				js.rounds += int64(v)
			case "chorus_jobs_leader":
				if value == "1" {
					js.leaders = append(js.leaders, i)
				}
			}
		}
		res.Body.Close()
	}
	return js
}

// newRoundRobin is the load balancer: each request goes to the next node,
// and to the one after when a node does not answer (as nginx's
// proxy_next_upstream does for a refused connection).
func newRoundRobin(t *testing.T, nodes []*chorusServer) *httptest.Server {
	t.Helper()
	var next atomic.Int64
	targets := make([]*url.URL, len(nodes))
	for i, s := range nodes {
		u, err := url.Parse(s.base)
		if err != nil {
			t.Fatal(err)
		}
		targets[i] = u
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 32}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[next.Add(1)%int64(len(targets))])
			r.Out.Header["X-Forwarded-For"] = r.In.Header["X-Forwarded-For"] // the writer's own address
		},
		Transport: retryRefused{transport, targets},
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv
}

// retryRefused sends a request whose connection was refused to the other
// nodes in turn; a request that reached a node is never sent twice.
type retryRefused struct {
	rt      http.RoundTripper
	targets []*url.URL
}

func (rr retryRefused) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil { // kept: a failed round trip closes the request's body
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
	}
	send := func() (*http.Response, error) {
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		return rr.rt.RoundTrip(req)
	}
	res, err := send()
	for _, u := range rr.targets {
		if err == nil || !isRefused(err) {
			break
		}
		req.URL.Host = u.Host
		res, err = send()
	}
	return res, err
}

func isRefused(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "connection refused") || errors.Is(err, http.ErrServerClosed))
}
