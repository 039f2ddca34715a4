package main

// Helpers for crash_test.go: build the real binary, run it as a child
// process on a data directory, and talk to it over HTTP as clients do.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to look at the database file itself

	"github.com/chorus-forum/chorus/forum"
)

// crashPassword is every test account's password (admins need 15
// characters, and it must not be a common one).
const crashPassword = "a long crash-test passphrase"

// buildChorus builds the command into a temporary directory. It is built
// with -race when the tests are: then `go build` reuses the packages `go
// test` has just compiled instead of compiling SQLite's C code again, and
// the server's own data races show up in its log.
func buildChorus(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chorus")
	args := []string{"build", "-o", bin}
	if raceEnabled() {
		args = append(args, "-race")
	}
	start := time.Now()
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("built %s (race %v) in %v", bin, raceEnabled(), time.Since(start).Round(time.Millisecond))
	return bin
}

func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// childEnv is the environment of the binary: without the race
// detector's one-second pause at every exit.
func childEnv() []string {
	return append(os.Environ(), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
}

// chorusCLI runs an admin command of the binary; the error carries its
// output.
func chorusCLI(bin string, args ...string) error {
	cmd := exec.Command(bin, args...)
	cmd.Env = childEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("chorus %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// crashLog collects a server's output; the process writes, the test reads.
type crashLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *crashLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *crashLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// chorusServer is one run of `chorus serve` as a child process.
type chorusServer struct {
	base   string // http://127.0.0.1:PORT
	guest  *apiClient
	cmd    *exec.Cmd
	logs   *crashLog
	exited chan struct{} // closed when the process is gone; then waitErr is set
	// waitErr is what Wait said; read it only after exited is closed.
	waitErr error
}

// startChorus starts the server on dataDir at a free port and waits until
// it answers /healthz. 127.0.0.1 is a trusted proxy, so that each test
// account can come from its own X-Forwarded-For address: the limits per
// address would otherwise count every writer against one.
func startChorus(t *testing.T, bin, dataDir string, extra ...string) *chorusServer {
	t.Helper()
	for attempt := 0; ; attempt++ {
		addr := freeAddr(t)
		s := &chorusServer{base: "http://" + addr, logs: &crashLog{}, exited: make(chan struct{})}
		s.guest = s.client("", "")
		s.cmd = exec.Command(bin, append([]string{"serve", "--addr", addr, "--data", dataDir, "--trusted-proxies", "127.0.0.1/32"}, extra...)...)
		s.cmd.Env = childEnv()
		s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
		start := time.Now()
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			s.waitErr = s.cmd.Wait()
			close(s.exited)
		}()
		// Whatever happens to the test, no server outlives it; one that
		// raced with itself fails it.
		t.Cleanup(func() {
			s.kill()
			if strings.Contains(s.logs.String(), "WARNING: DATA RACE") {
				t.Errorf("the server reported a data race:\n%s", s.logs)
			}
		})
		if s.waitHealthy(60 * time.Second) {
			t.Logf("server up at %s in %v", s.base, time.Since(start).Round(time.Millisecond))
			return s
		}
		s.kill()
		// Another test may have taken the port between our probe and the
		// server's listen.
		if attempt < 3 && strings.Contains(s.logs.String(), "address already in use") {
			continue
		}
		t.Fatalf("the server did not come up on %s (%v):\n%s", dataDir, s.waitErr, s.logs)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitHealthy waits for /healthz and for this process's own "running"
// line (an answer alone could come from someone else's server).
func (s *chorusServer) waitHealthy(limit time.Duration) bool {
	hc := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); {
		select {
		case <-s.exited:
			return false
		default:
		}
		if strings.Contains(s.logs.String(), "Chorus is running") {
			if res, err := hc.Get(s.base + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return true
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would:
// no deferred close, no checkpoint, nothing flushed. It waits until the
// process is gone.
func (s *chorusServer) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// stop asks the server to shut down (SIGINT, as Ctrl-C) and fails the
// test unless it does so cleanly within 30 s.
func (s *chorusServer) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("interrupt: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.kill()
		t.Fatalf("the server did not stop within 30 s of SIGINT:\n%s", s.logs)
	}
	if s.waitErr != nil || !strings.Contains(s.logs.String(), "clean shutdown") {
		t.Fatalf("unclean stop (%v):\n%s", s.waitErr, s.logs)
	}
}

// apiClient calls the JSON API as one account (or as a guest).
type apiClient struct {
	base  string
	token string // bearer token; "" for a guest
	ip    string // sent as X-Forwarded-For, the address the limits count
	hc    *http.Client
}

func (s *chorusServer) client(token, ip string) *apiClient {
	return &apiClient{base: s.base, token: token, ip: ip, hc: &http.Client{
		Timeout:   15 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 16},
	}}
}

// call sends in as JSON (if not nil) and decodes a 2xx answer into out.
// Any other status is an error that includes the body. A reply cut off by
// a kill is an error too: only a whole 2xx answer acknowledges a write.
func (c *apiClient) call(ctx context.Context, method, path string, in, out any) (int, error) {
	req, err := c.request(ctx, method, path, in)
	if err != nil {
		return 0, err
	}
	return c.send(req, out)
}

// request builds a request with in as its JSON body (none when nil).
func (c *apiClient) request(ctx context.Context, method, path string, in any) (*http.Request, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req as this client (its token and address) and reads the
// whole answer.
func (c *apiClient) do(req *http.Request) (*http.Response, []byte, error) {
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.ip != "" {
		req.Header.Set("X-Forwarded-For", c.ip)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res, data, err
}

func (c *apiClient) send(req *http.Request, out any) (int, error) {
	res, data, err := c.do(req)
	if res == nil {
		return 0, err
	}
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode/100 != 2 {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, bytes.TrimSpace(data))
	}
	if s, ok := out.(*string); ok {
		*s = string(data)
	} else if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
		}
	}
	return res.StatusCode, nil
}

// crashForum is a data directory with an admin and members made by
// `chorus user create`, and one category made by the admin over the API.
type crashForum struct {
	bin, dir string
	members  []string
}

const crashCategory = "crash"

// newCrashForum creates the accounts with the binary's admin command
// while no server runs.
func newCrashForum(t *testing.T, bin string, members int) *crashForum {
	t.Helper()
	f := &crashForum{bin: bin, dir: t.TempDir()}
	start := time.Now()
	// The first command creates the database; the others run beside each
	// other, as admins' commands may.
	if err := chorusCLI(bin, "user", "create", "--username", "crash-admin", "--email", "crash-admin@example.com",
		"--password", crashPassword, "--role", "admin", "--data", f.dir); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range members {
		name := fmt.Sprintf("writer%02d", i)
		f.members = append(f.members, name)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := chorusCLI(bin, "user", "create", "--username", name, "--email", name+"@example.com",
				"--password", crashPassword, "--data", f.dir); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("created an admin and %d members with `chorus user create` in %v", members, time.Since(start).Round(time.Millisecond))
	// Accounts younger than three days may post 5 times an hour, others 30:
	// make the members a month old, so that a writer is not stopped by the
	// new-account limit a few posts into its round.
	db := openDataDB(t, f.dir, "")
	defer db.Close()
	if _, err := db.Exec(`UPDATE users SET created_at = created_at - ? WHERE role = 'member'`,
		(30 * 24 * time.Hour).Milliseconds()); err != nil {
		t.Fatal(err)
	}
	return f
}

// openDataDB opens the data directory's database with go-sqlite3 directly;
// mode "ro" opens it read-only.
func openDataDB(t *testing.T, dir, mode string) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(dir, "chorus.db") + "?_busy_timeout=5000"
	if mode != "" {
		dsn += "&mode=" + mode
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// integrityCheck fails the test unless SQLite finds the database file
// sound, opened read-only (so that nothing is repaired by the looking).
func integrityCheck(t *testing.T, dir string) {
	t.Helper()
	db := openDataDB(t, dir, "ro")
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0] != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q", out)
	}
}

var secretPattern = regexp.MustCompile(`class="secret">([A-Z2-7 ]+)<`)

// createCategory makes the category the writers post in and returns the
// admin's client. Only admins may,
// and admins must turn on two-factor authentication first: the admin does
// so as a person would, with the secret from the setup page and a code
// computed from it.
func (f *crashForum) createCategory(t *testing.T, s *chorusServer) *apiClient {
	t.Helper()
	ctx := context.Background()
	admin := s.client("", "198.51.100.250")
	var tok struct{ Token string }
	if _, err := admin.call(ctx, "POST", "/api/v1/auth/token",
		map[string]string{"username": "crash-admin", "password": crashPassword}, &tok); err != nil {
		t.Fatal(err)
	}
	admin.token = tok.Token
	var page string
	req, _ := http.NewRequest("GET", s.base+"/settings/2fa", nil)
	if _, err := admin.send(req, &page); err != nil {
		t.Fatal(err)
	}
	m := secretPattern.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no secret on the two-factor setup page:\n%s", page)
	}
	code, err := forum.TOTPCode(strings.ReplaceAll(m[1], " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"action": {"enable"}, "code": {code}}
	req, _ = http.NewRequest("POST", s.base+"/settings/2fa", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := admin.send(req, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.call(ctx, "POST", "/api/v1/categories", map[string]any{
		"slug": crashCategory, "name": "Crash tests", "description": "Posts written while the server is killed",
		"response_target_hours": 24, "position": 1,
	}, nil); err != nil {
		t.Fatal(err)
	}
	return admin
}

// memberClients logs members from..from+n in, each from its own address.
func (f *crashForum) memberClients(t *testing.T, s *chorusServer, from, n int) []*apiClient {
	t.Helper()
	out := make([]*apiClient, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := s.client("", fmt.Sprintf("198.51.100.%d", from+i+1))
			var tok struct{ Token string }
			if _, err := c.call(context.Background(), "POST", "/api/v1/auth/token",
				map[string]string{"username": f.members[from+i], "password": crashPassword}, &tok); err != nil {
				t.Error(err)
				return
			}
			c.token = tok.Token
			out[i] = c
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

// newMarker returns a word that occurs in no text but one post: ten
// random consonants, which no analyzer stems, splits or folds into
// another post's word.
func newMarker() string {
	const letters = "bcdfghjklmnpqrtvwxz"
	b := []byte("q")
	for range 10 {
		b = append(b, letters[rand.IntN(len(letters))])
	}
	return string(b)
}

// ackedThread and ackedAnswer are writes the server acknowledged with a
// 2xx: they must survive anything that happens afterwards.
type ackedThread struct {
	id     int64
	marker string
	round  int
}

type ackedAnswer struct {
	id, thread int64
	marker     string
	round      int
}

func (a ackedThread) roundOf() int { return a.round }
func (a ackedAnswer) roundOf() int { return a.round }

// ledger records the acknowledged writes of all rounds.
type ledger struct {
	mu      sync.Mutex
	threads []ackedThread
	answers []ackedAnswer
}

func (l *ledger) addThread(a ackedThread) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.threads = append(l.threads, a)
}

func (l *ledger) addAnswer(a ackedAnswer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.answers = append(l.answers, a)
}

// randomThread is any acknowledged thread, of this round or an earlier one.
func (l *ledger) randomThread() (ackedThread, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.threads) == 0 {
		return ackedThread{}, false
	}
	return l.threads[rand.IntN(len(l.threads))], true
}

func (l *ledger) snapshot() ([]ackedThread, []ackedAnswer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ackedThread(nil), l.threads...), append([]ackedAnswer(nil), l.answers...)
}

// ask posts a question with marker in its title and body.
func (c *apiClient) ask(ctx context.Context, marker, note string) (int64, int, error) {
	var out struct {
		Thread struct {
			ID int64 `json:"id"`
		} `json:"thread"`
	}
	status, err := c.call(ctx, "POST", "/api/v1/threads", map[string]any{
		"category": crashCategory,
		"title":    "Router keeps dropping the line " + marker,
		"body":     "Since this morning the line drops every few minutes. Marker " + marker + ", " + note + ".",
	}, &out)
	if err == nil && out.Thread.ID == 0 {
		err = fmt.Errorf("ask: no thread id in the answer")
	}
	return out.Thread.ID, status, err
}

// answer posts an answer with marker in its body to thread.
func (c *apiClient) answer(ctx context.Context, thread int64, marker, note string) (int64, int, error) {
	var out struct {
		ID       int64 `json:"id"`
		ThreadID int64 `json:"thread_id"`
	}
	status, err := c.call(ctx, "POST", fmt.Sprintf("/api/v1/threads/%d/posts", thread), map[string]any{
		"body": "Restart the box and wait ten minutes. Marker " + marker + ", " + note + ".",
	}, &out)
	if err == nil && (out.ID == 0 || out.ThreadID != thread) {
		err = fmt.Errorf("answer: got post %d in thread %d, want one in %d", out.ID, out.ThreadID, thread)
	}
	return out.ID, status, err
}

// checkPresent fetches every acknowledged thread through the API as a
// guest and fails the test for each one missing, or missing an
// acknowledged answer.
func checkPresent(t *testing.T, s *chorusServer, l *ledger) {
	t.Helper()
	threads, answers := l.snapshot()
	byThread := map[int64][]ackedAnswer{}
	for _, a := range answers {
		byThread[a.thread] = append(byThread[a.thread], a)
	}
	for _, th := range threads {
		var out struct {
			Thread struct {
				Title string `json:"title"`
			} `json:"thread"`
			Posts []struct {
				ID   int64  `json:"id"`
				Body string `json:"body"`
			} `json:"posts"`
		}
		if _, err := s.guest.call(context.Background(), "GET", fmt.Sprintf("/api/v1/threads/%d", th.id), nil, &out); err != nil {
			t.Errorf("thread %d (round %d, %s) was acknowledged but is lost: %v", th.id, th.round, th.marker, err)
			continue
		}
		if !strings.Contains(out.Thread.Title, th.marker) || len(out.Posts) == 0 || !strings.Contains(out.Posts[0].Body, th.marker) {
			t.Errorf("thread %d (round %d) does not carry its marker %s: %+v", th.id, th.round, th.marker, out)
		}
		bodies := map[int64]string{}
		for _, p := range out.Posts {
			bodies[p.ID] = p.Body
		}
		for _, a := range byThread[th.id] {
			if b, ok := bodies[a.id]; !ok || !strings.Contains(b, a.marker) {
				t.Errorf("answer %d in thread %d (round %d, %s) was acknowledged but is lost (body %q)", a.id, th.id, a.round, a.marker, b)
			}
		}
		delete(byThread, th.id)
	}
	for id, as := range byThread {
		// Answers go only to acknowledged threads, so this cannot happen
		// unless the ledger is wrong.
		t.Errorf("answers %v to thread %d, which the ledger does not have", as, id)
	}
}

// checkSearchable polls search for each acknowledged thread's marker until
// every one is found or limit passes, and returns how long that took.
func checkSearchable(t *testing.T, s *chorusServer, threads []ackedThread, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	pending := append([]ackedThread(nil), threads...)
	lastErr := map[int64]error{}
	for {
		var mu sync.Mutex
		var still []ackedThread
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for _, th := range pending {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				found, err := s.searchFinds(th)
				mu.Lock()
				defer mu.Unlock()
				if !found {
					still = append(still, th)
					lastErr[th.id] = err
				}
			})
		}
		wg.Wait()
		pending = still
		if len(pending) == 0 {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	for i, th := range pending {
		if i == 10 {
			t.Errorf("... and %d more", len(pending)-10)
			break
		}
		t.Errorf("thread %d (round %d) not found by search for %q within %v (last: %v)", th.id, th.round, th.marker, limit, lastErr[th.id])
	}
	t.Logf("server log:\n%s", lastLines(s.logs.String(), 40))
	return time.Since(start)
}

// searchFinds reports whether a search for the thread's marker lists it;
// err says why not (503 while the index is rebuilt, for one).
func (s *chorusServer) searchFinds(th ackedThread) (bool, error) {
	var out struct {
		Mode string `json:"mode"`
		Hits []struct {
			Thread struct {
				ID int64 `json:"id"`
			} `json:"thread"`
		} `json:"hits"`
	}
	if _, err := s.guest.call(context.Background(), "GET", "/api/v1/search?q="+url.QueryEscape(th.marker), nil, &out); err != nil {
		return false, err
	}
	for _, h := range out.Hits {
		if h.Thread.ID == th.id {
			return true, nil
		}
	}
	return false, fmt.Errorf("mode %q, %d hits, none is thread %d", out.Mode, len(out.Hits), th.id)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
