package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search/searchbench"
)

const benchHTTPUsage = `usage: chorus bench http [--threads N] [--dir DIR] [--conns 64] [--phase 4s] [--rounds 3] [--posts 300]

Starts this binary as a server on a copy of the synthetic forum of N threads
(the corpus of "chorus bench search", built once in DIR and reused), and
measures over HTTP, with --conns connections: the thread page, a list page,
search, similar questions and posting an answer. Each phase alternates with
one of /healthz, so every figure has a ratio to the machine's ceiling
measured beside it; medians over the rounds. Reports the server's memory.
`

type httpBenchOptions struct {
	threads, conns, rounds, posts int
	phase                         time.Duration
	dir                           string
	// postgres, when set, is a PostgreSQL database: the corpus is copied
	// into a new schema of it, and nodes servers share it.
	postgres string
	nodes    int
}

func parseHTTPBenchFlags(args []string) (httpBenchOptions, error) {
	fs := flag.NewFlagSet("bench http", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o httpBenchOptions
	fs.IntVar(&o.threads, "threads", 100_000, "threads in the synthetic forum")
	fs.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "chorus-bench"), "work directory; the corpus database there is reused")
	fs.IntVar(&o.conns, "conns", 64, "concurrent connections for the read phases")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds of every phase")
	fs.IntVar(&o.posts, "posts", 300, "answers posted in the posting phase")
	fs.DurationVar(&o.phase, "phase", 4*time.Second, "length of each read phase")
	fs.StringVar(&o.postgres, "postgres", "", "serve from this PostgreSQL database (postgres://...): the corpus goes into a new schema there, dropped afterwards")
	fs.IntVar(&o.nodes, "nodes", 1, "how many servers share the load, round-robin (more than one needs --postgres)")
	if err := fs.Parse(args); err != nil {
		return o, fmt.Errorf("bench http: %w\n%s", err, benchHTTPUsage)
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("bench http: unexpected argument %q\n%s", fs.Arg(0), benchHTTPUsage)
	case o.threads < 100 || o.threads > 10_000_000:
		return o, fmt.Errorf("bench http: --threads must be between 100 and 10000000, not %d", o.threads)
	case o.conns < 1 || o.conns > 1024:
		return o, fmt.Errorf("bench http: --conns must be between 1 and 1024, not %d", o.conns)
	case o.rounds < 1 || o.rounds > 100:
		return o, fmt.Errorf("bench http: --rounds must be between 1 and 100, not %d", o.rounds)
	case o.posts < 10 || o.posts > 100_000:
		return o, fmt.Errorf("bench http: --posts must be between 10 and 100000, not %d", o.posts)
	case o.phase < 500*time.Millisecond:
		return o, fmt.Errorf("bench http: --phase must be at least 500ms, not %s", o.phase)
	case o.nodes < 1 || o.nodes > 16:
		return o, fmt.Errorf("bench http: --nodes must be between 1 and 16, not %d", o.nodes)
	case o.nodes > 1 && o.postgres == "":
		return o, errors.New("bench http: several --nodes share one database: give --postgres with a postgres:// address")
	case o.postgres != "" && !sqlstore.IsPostgresURL(o.postgres):
		return o, fmt.Errorf("bench http: --postgres %q is not a postgres:// address", o.postgres)
	}
	return o, nil
}

// benchMembers is how many corpus members post in the posting phase: each
// gets a password and an address of its own, so the per-account and
// per-address limits (30 and 60 posts an hour) are not what is measured.
const benchPosters = 100

// benchPassword is the posters' password in the benchmark's copy.
const benchPassword = "bench-http-password-for-posting" // #nosec G101 -- set only in the benchmark's throwaway copy of a synthetic forum

func benchHTTP(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseHTTPBenchFlags(args)
	if err != nil {
		return err
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
	}
	corpus, err := searchbench.EnsureCorpus(ctx, searchbench.Options{Threads: o.threads, Dir: o.dir, Progress: os.Stderr})
	if err != nil {
		return err
	}
	work := filepath.Join(o.dir, "http")
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := searchbench.CopyFile(corpus.Path, filepath.Join(work, "chorus.db")); err != nil {
		return err
	}
	fx, err := prepareHTTPBench(ctx, filepath.Join(work, "chorus.db"))
	if err != nil {
		return err
	}
	var serveEnv []string
	if o.postgres != "" {
		dbURL, drop, err := benchPostgres(ctx, o.postgres, filepath.Join(work, "chorus.db"), logf)
		if err != nil {
			return err
		}
		defer drop()
		serveEnv = []string{"CHORUS_DATABASE=" + dbURL} // not on the command line, where ps shows it
	}
	var srvs benchServers
	defer srvs.stop()
	for i := range o.nodes {
		dir := work
		if o.postgres != "" {
			dir = filepath.Join(work, fmt.Sprintf("node%d", i+1)) // each node's own index replica
		}
		srv, err := startBenchServer(ctx, dir, logf, serveEnv...)
		if err != nil {
			return err
		}
		srvs = append(srvs, srv)
	}
	srv := srvs.roundRobin()

	idleRSS := srvs.rss()
	rr := &roundTripper{rt: &http.Transport{MaxIdleConns: o.conns * 2 * o.nodes, MaxIdleConnsPerHost: o.conns * 2, IdleConnTimeout: time.Minute}}
	for _, n := range srvs {
		u, err := url.Parse(n.base)
		if err != nil {
			return err
		}
		rr.nodes = append(rr.nodes, u)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: rr}
	r := rand.New(rand.NewPCG(1, 2)) // #nosec G404 -- picks pages to load, not a secret
	var rmu sync.Mutex
	pick := func(list []string) string {
		rmu.Lock()
		defer rmu.Unlock()
		return list[r.IntN(len(list))]
	}
	targets := []struct {
		name string
		url  func() string
	}{
		{"thread page", func() string { return pick(fx.threads) }},
		{"list page", func() string { return pick(fx.lists) }},
		{"search", func() string { return "/search?q=" + url.QueryEscape(pick(fx.words)) }},
		{"similar questions", func() string { return "/api/v1/similar?title=" + url.QueryEscape(pick(fx.titles)) }},
	}
	results := map[string]*phaseStats{"/healthz": {}}
	for _, t := range targets {
		results[t.name] = &phaseStats{}
	}
	for round := 1; round <= o.rounds; round++ {
		for _, t := range targets {
			logf("round %d: /healthz, then %s, %s each with %d connections", round, t.name, o.phase, o.conns)
			h := loadPhase(ctx, client, srv.base, o.conns, o.phase, func() string { return "/healthz" })
			results["/healthz"].add(h)
			p := loadPhase(ctx, client, srv.base, o.conns, o.phase, t.url)
			results[t.name].add(p)
			results[t.name].ratios = append(results[t.name].ratios, p.rps()/max(h.rps(), 1))
			if p.errors > 0 {
				logf("%s: %d of %d requests failed (%s)", t.name, p.errors, p.errors+len(p.latencies), p.firstErr)
			}
		}
	}
	peakReadRSS := srvs.rss()
	logf("posting %d answers from %d members, 4 at a time", o.posts, benchPosters)
	posting, err := postPhase(ctx, client, srv.base, fx, o.posts)
	if err != nil {
		return err
	}
	srvRSS, srvPeak := srvs.rss(), srvs.peakRSS()

	fmt.Fprintf(stdout, "chorus bench http %s\n", strings.Join(args, " "))
	store := "SQLite"
	if o.postgres != "" {
		store = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "corpus: %d threads, %d posts; %s, %d node(s); %d connections, %d rounds of %s per phase\n\n",
		corpus.Threads, corpus.Posts, store, o.nodes, o.conns, o.rounds, o.phase)
	fmt.Fprintf(stdout, "| phase | req/s (median) | of /healthz (median ratio) | p50 | p99 | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	row := func(name string, s *phaseStats, ratio string) {
		fmt.Fprintf(stdout, "| %s | %.0f | %s | %s | %s | %d |\n", name, median(s.rpsList), ratio,
			fmtDur(percentile(s.all, 0.50)), fmtDur(percentile(s.all, 0.99)), s.errors)
	}
	row("/healthz", results["/healthz"], "1")
	for _, t := range targets {
		row(t.name, results[t.name], fmt.Sprintf("%.0f %%", 100*median(results[t.name].ratios)))
	}
	fmt.Fprintf(stdout, "| posting an answer (4 writers) | %.0f | | %s | %s | %d |\n", posting.rps(),
		fmtDur(percentile(posting.latencies, 0.50)), fmtDur(percentile(posting.latencies, 0.99)), posting.errors)
	fmt.Fprintf(stdout, "\nserver memory (RSS, all nodes): %.0f MB idle after start, %.0f MB after the reads, %.0f MB after posting, peak %.0f MB\n",
		mb(idleRSS), mb(peakReadRSS), mb(srvRSS), mb(srvPeak))
	if posting.errors > 0 {
		fmt.Fprintf(stdout, "posting errors: %d (first: %s)\n", posting.errors, posting.firstErr)
	}
	return nil
}

// httpFixture is what the load picks from: real pages of the corpus.
type httpFixture struct {
	threads, lists, words, titles []string
	posters                       []string // usernames with benchPassword
	answerTo                      []int64
}

// prepareHTTPBench reads pages to request from the copy, and gives the
// posters a password (one hash for all: the benchmark times requests, not
// Argon2).
func prepareHTTPBench(ctx context.Context, dbPath string) (*httpFixture, error) {
	db, err := sqlstore.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	fx := &httpFixture{}
	h, err := password.New(password.Default).Hash(benchPassword)
	if err != nil {
		return nil, err
	}
	raw, err := rawDB(dbPath)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	rows, err := raw.QueryContext(ctx, `SELECT id, slug, title FROM threads ORDER BY random() LIMIT 2000`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var slug, title string
		if err := rows.Scan(&id, &slug, &title); err != nil {
			_ = rows.Close() // the scan error says why, or all rows were read
			return nil, err
		}
		fx.threads = append(fx.threads, "/t/"+strconv.FormatInt(id, 10)+"/"+slug)
		fx.titles = append(fx.titles, title)
		fx.answerTo = append(fx.answerTo, id)
		for _, w := range strings.Fields(title) {
			if w = strings.Trim(w, "?!.,:;()\"'"); len(w) >= 5 {
				fx.words = append(fx.words, strings.ToLower(w))
			}
		}
	}
	_ = rows.Close() // the scan error says why, or all rows were read
	cats, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	for page := 1; page <= 5; page++ {
		fx.lists = append(fx.lists, "/?page="+strconv.Itoa(page))
		for _, c := range cats {
			fx.lists = append(fx.lists, "/c/"+c.Slug+"?page="+strconv.Itoa(page))
		}
	}
	users, err := raw.QueryContext(ctx, `SELECT username FROM users WHERE role = 'member' ORDER BY id LIMIT ?`, benchPosters)
	if err != nil {
		return nil, err
	}
	for users.Next() {
		var name string
		if err := users.Scan(&name); err != nil {
			_ = users.Close() // the scan error says why, or all rows were read
			return nil, err
		}
		fx.posters = append(fx.posters, name)
	}
	_ = users.Close() // the scan error says why, or all rows were read
	for _, name := range fx.posters {
		if _, err := raw.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE username = ?`, h, name); err != nil {
			return nil, err
		}
	}
	if len(fx.threads) == 0 || len(fx.words) == 0 || len(fx.posters) == 0 {
		return nil, errors.New("bench http: the corpus has no threads or members")
	}
	return fx, nil
}

// benchServer is the chorus binary serving the copy.
type benchServer struct {
	cmd   *exec.Cmd
	base  string
	done  chan error
	nodes benchServers // for the round-robin stand-in
}

func startBenchServer(ctx context.Context, dataDir string, logf func(string, ...any), env ...string) (*benchServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close() // the server takes the port a moment later
	// #nosec G204 -- this binary, with arguments made here
	cmd := exec.CommandContext(ctx, exe, "serve", "--addr", addr, "--data", dataDir,
		"--cluster-every", "0", "--trusted-proxies", "127.0.0.1/32")
	cmd.Env = append(os.Environ(), env...)
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dataDir, "server.log")) // #nosec G304 -- in the bench directory
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &benchServer{cmd: cmd, base: "http://" + addr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); _ = logFile.Close() }()
	logf("server started (pid %d, log %s); waiting for /readyz while it builds the search index", cmd.Process.Pid, logFile.Name())
	deadline := time.Now().Add(20 * time.Minute)
	for {
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("the server stopped before it was ready: %v (see %s)", err, logFile.Name())
		case <-time.After(500 * time.Millisecond):
		}
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				logf("server ready")
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, errors.New("the server was not ready within 20 minutes")
		}
	}
}

// benchServers are the nodes of a run.
type benchServers []*benchServer

func (ss benchServers) stop() {
	for _, s := range ss {
		s.stop()
	}
}

func (ss benchServers) rss() (n float64) {
	for _, s := range ss {
		n += s.rss()
	}
	return n
}

func (ss benchServers) peakRSS() (n float64) {
	for _, s := range ss {
		n += s.peakRSS()
	}
	return n
}

// roundRobin is a stand-in server whose base is a placeholder: requests
// to it go to the nodes in turn (see roundTripper), as a load balancer
// would send them.
func (ss benchServers) roundRobin() *benchServer {
	if len(ss) == 1 {
		return ss[0]
	}
	return &benchServer{base: "http://" + roundRobinHost, nodes: ss}
}

// roundRobinHost is the placeholder host of several nodes.
const roundRobinHost = "nodes.invalid"

// roundTripper sends each request for roundRobinHost to the next node.
type roundTripper struct {
	rt    http.RoundTripper
	nodes []*url.URL
	next  atomic.Int64
}

func (r *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == roundRobinHost && len(r.nodes) > 0 {
		u := r.nodes[r.next.Add(1)%int64(len(r.nodes))]
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host, req.Host = u.Scheme, u.Host, u.Host
	}
	return r.rt.RoundTrip(req)
}

func (s *benchServer) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
	}
}

// rss and peakRSS read the server's resident memory from /proc (Linux).
func (s *benchServer) rss() float64     { return procStatus(s.cmd.Process.Pid, "VmRSS:") }
func (s *benchServer) peakRSS() float64 { return procStatus(s.cmd.Process.Pid, "VmHWM:") }

func procStatus(pid int, field string) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb * 1024
		}
	}
	return 0
}

// phaseResult is one phase's requests.
type phaseResult struct {
	latencies []time.Duration
	errors    int
	firstErr  string
	took      time.Duration
}

func (p phaseResult) rps() float64 { return float64(len(p.latencies)) / max(p.took.Seconds(), 0.001) }

// phaseStats gathers a target's phases over the rounds.
type phaseStats struct {
	all     []time.Duration
	rpsList []float64
	ratios  []float64
	errors  int
}

func (s *phaseStats) add(p phaseResult) {
	s.all = append(s.all, p.latencies...)
	s.rpsList = append(s.rpsList, p.rps())
	s.errors += p.errors
}

// loadPhase keeps conns requests in flight for d, each GET from next,
// reading every body whole as a browser would.
func loadPhase(ctx context.Context, client *http.Client, base string, conns int, d time.Duration, next func() string) phaseResult {
	var mu sync.Mutex
	var res phaseResult
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var errs int
			var first string
			for time.Now().Before(stop) && ctx.Err() == nil {
				t0 := time.Now()
				err := get(ctx, client, base+next())
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			res.latencies = append(res.latencies, mine...)
			res.errors += errs
			if res.firstErr == "" {
				res.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}

func get(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

// postPhase signs the posters in through the API (each from an address
// of its own, as the trusted proxy would tell) and posts n answers, four
// at a time, the way a busy evening posts.
func postPhase(ctx context.Context, client *http.Client, base string, fx *httpFixture, n int) (phaseResult, error) {
	type poster struct{ token, ip string }
	var posters []poster
	for i, name := range fx.posters {
		ip := fmt.Sprintf("10.77.%d.%d", i/250, i%250+1)
		var tok struct{ Token string }
		if err := apiJSON(ctx, client, base+"/api/v1/auth/token", "", ip,
			map[string]string{"username": name, "password": benchPassword}, &tok); err != nil {
			return phaseResult{}, fmt.Errorf("sign in %s: %w", name, err)
		}
		posters = append(posters, poster{tok.Token, ip})
	}
	var mu sync.Mutex
	var res phaseResult
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p := posters[i%len(posters)]
				thread := fx.answerTo[i%len(fx.answerTo)]
				body := fmt.Sprintf("Answer %d of the load benchmark: restart the router, then check the cable and the settings page again.", i)
				t0 := time.Now()
				err := apiJSON(ctx, client, base+"/api/v1/threads/"+strconv.FormatInt(thread, 10)+"/posts", p.token, p.ip,
					map[string]string{"body": body}, nil)
				took := time.Since(t0)
				mu.Lock()
				if err != nil {
					res.errors++
					if res.firstErr == "" {
						res.firstErr = err.Error()
					}
				} else {
					res.latencies = append(res.latencies, took)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.took = time.Since(start)
	return res, nil
}

func apiJSON(ctx context.Context, client *http.Client, u, token, ip string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s %s", u, resp.Status, strings.TrimSpace(string(body)))
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p * float64(len(s)-1))
	return s[i]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtDur(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}

func mb(b float64) float64 { return b / 1e6 }

// rawDB opens the benchmark's copy for the few reads and writes no store
// method does (random threads, the posters' passwords).
func rawDB(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
}

// benchPostgres copies the SQLite corpus at sqlitePath into a new schema of
// the PostgreSQL database base, and returns the schema's address and a
// function that drops it.
func benchPostgres(ctx context.Context, base, sqlitePath string, logf func(string, ...any)) (string, func(), error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("chorus_bench_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("bench http: create a schema in the --postgres database: %w", err)
	}
	drop := func() {
		_, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		_ = admin.Close()
	}
	dbURL, err := sqlstore.InSchema(base, schema)
	if err != nil {
		drop()
		return "", nil, err
	}
	src, err := sqlstore.Open(ctx, sqlitePath)
	if err != nil {
		drop()
		return "", nil, err
	}
	defer src.Close()
	dst, err := sqlstore.OpenPostgres(ctx, dbURL)
	if err != nil {
		drop()
		return "", nil, err
	}
	defer dst.Close()
	logf("copying the corpus into PostgreSQL schema %s", schema)
	rep, err := sqlstore.Copy(ctx, src, dst, nil)
	if err != nil {
		drop()
		return "", nil, err
	}
	logf("copied in %s", rep.Took.Round(time.Second))
	return dbURL, drop, nil
}
