package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDiskFull runs the real server with its data directory on a small
// tmpfs and fills that file system while members post over the API. A
// post the disk cannot take must be refused with a 503 that says, in
// plain words, that the storage is full (not a 500, not a dead server);
// everything acknowledged before stays readable and the server goes on
// answering. Then a question gets into the database on the full disk
// (into room the write-ahead log already had) while the search index has
// none for it: search may say it is unavailable, but must not fail. Once
// the space returns, posting works again by itself, the search indexer
// catches up without help, the server stops cleanly and SQLite finds the
// database file sound.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real server on a tmpfs; skipped with -short")
	}
	// The mount first: without it there is nothing to build for. Its
	// cleanup is registered before the server's, so it runs after the
	// server is gone.
	mnt := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(mnt, 0o750); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("the full-disk test needs root (or CAP_SYS_ADMIN) to mount a tmpfs: mount -t tmpfs: %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, bytes.TrimSpace(out))
			_ = exec.Command("umount", "-l", mnt).Run() // detach it at least
		}
	})
	want := diskFullMessage(t)
	start := time.Now()

	bin := buildChorus(t)
	// The accounts are made by the binary as the crash test makes them, then
	// the data directory moves onto the small disk (no process has it open).
	f := newCrashForum(t, bin, 6)
	dir := filepath.Join(mnt, "data")
	if err := os.CopyFS(dir, os.DirFS(f.dir)); err != nil {
		t.Fatal(err)
	}
	f.dir = dir
	s := startChorus(t, bin, dir)
	f.createCategory(t, s)
	members := f.memberClients(t, s, 0, len(f.members))
	ctx := context.Background()

	// Before: a few threads and answers, found by search.
	var l ledger
	next := 0 // posts go round the members, so that no one meets a limit
	post := func(round int, ask bool, note string) (int, []byte) {
		t.Helper()
		c := members[next%len(members)]
		next++
		marker := newMarker()
		target, ok := l.randomThread()
		if !ok || ask {
			status, body := c.rawCall(ctx, "POST", "/api/v1/threads", map[string]any{
				"category": crashCategory,
				"title":    "Router keeps dropping the line " + marker,
				"body":     "Since this morning the line drops every few minutes. Marker " + marker + ", " + note + ".",
			})
			if status/100 == 2 {
				var out struct {
					Thread struct {
						ID int64 `json:"id"`
					} `json:"thread"`
				}
				if err := json.Unmarshal(body, &out); err != nil || out.Thread.ID == 0 {
					t.Fatalf("ask acknowledged with %d but no thread id: %v: %s", status, err, body)
				}
				l.addThread(ackedThread{id: out.Thread.ID, marker: marker, round: round})
			}
			return status, body
		}
		status, body := c.rawCall(ctx, "POST", fmt.Sprintf("/api/v1/threads/%d/posts", target.id), map[string]any{
			"body": "Restart the box and wait ten minutes. Marker " + marker + ", " + note + ".",
		})
		if status/100 == 2 {
			var out struct {
				ID       int64 `json:"id"`
				ThreadID int64 `json:"thread_id"`
			}
			if err := json.Unmarshal(body, &out); err != nil || out.ID == 0 || out.ThreadID != target.id {
				t.Fatalf("answer acknowledged with %d but not as a post of thread %d: %v: %s", status, target.id, err, body)
			}
			l.addAnswer(ackedAnswer{id: out.ID, thread: target.id, marker: marker, round: round})
		}
		return status, body
	}
	for i := range 6 {
		if status, body := post(0, i%3 != 2, fmt.Sprintf("before the disk filled, post %d", i)); status/100 != 2 {
			t.Fatalf("post %d before the disk filled: %d %s", i, status, body)
		}
	}
	threads, answers := l.snapshot()
	checkSearchable(t, s, threads, 15*time.Second)
	t.Logf("before: %d threads and %d answers acknowledged and found by search; %s free on the tmpfs",
		len(threads), len(answers), freeSpace(t, mnt))
	if t.Failed() {
		t.FailNow()
	}

	// Full: the filler takes every byte left.
	filler := filepath.Join(mnt, "filler")
	logFrom := len(s.logs.String())
	fullAt := time.Now()
	filled := fillDisk(t, filler)
	t.Logf("filled the tmpfs with %d KiB of filler (%s free)", filled>>10, freeSpace(t, mnt))

	// refused checks one refusal: a 503 whose JSON error says the disk is
	// full in the words of the English catalogue.
	refused := 0
	checkRefusal := func(what string, status int, body []byte) {
		t.Helper()
		var out struct {
			Error struct {
				Code    string `json:"code"`
				Reason  string `json:"reason"`
				Message string `json:"message"`
			} `json:"error"`
		}
		err := json.Unmarshal(body, &out)
		switch {
		case status == 0:
			t.Errorf("%s: no answer at all: %s", what, body)
		case status == http.StatusInternalServerError:
			t.Errorf("%s: a full disk answered as a bug (500): %s", what, body)
		case err != nil:
			t.Errorf("%s: %d with a body that is not a JSON error (%v): %s", what, status, err, body)
		case status != http.StatusServiceUnavailable || out.Error.Reason != "disk_full" || out.Error.Message != want:
			t.Errorf("%s: %d %s, want 503 disk_full %q", what, status, body, want)
		default:
			refused++
		}
	}
	statuses := map[int]int{}
	var firstRefusal string
	attempts := 0
	for ; attempts < 12 && refused < 4; attempts++ {
		i := attempts
		status, body := post(1, i%2 == 0, fmt.Sprintf("while the disk was full, post %d", i))
		statuses[status]++
		if status/100 == 2 {
			continue // the write fit in space SQLite had already; it is acknowledged like any other
		}
		if firstRefusal == "" {
			firstRefusal = fmt.Sprintf("%d %s", status, bytes.TrimSpace(body))
		}
		checkRefusal(fmt.Sprintf("post %d on the full disk", i), status, body)
	}
	t.Logf("posting on the full disk: answers by status %v; first refusal: %s", statuses, firstRefusal)
	if refused == 0 {
		t.Errorf("no post was refused for the full disk in %d attempts", attempts)
	}

	// The server is still there and serves what it has.
	checkServing := func(when string) {
		t.Helper()
		select {
		case <-s.exited:
			t.Fatalf("%s: the server is gone (%v):\n%s", when, s.waitErr, lastLines(s.logs.String(), 60))
		default:
		}
		if status, body := s.guest.rawCall(ctx, "GET", "/healthz", nil); status != http.StatusOK {
			t.Errorf("%s: /healthz: %d %s", when, status, body)
		}
		threads, _ := l.snapshot()
		for _, th := range threads {
			status, body := s.guest.rawCall(ctx, "GET", fmt.Sprintf("/t/%d", th.id), nil)
			if status != http.StatusOK || !bytes.Contains(body, []byte(th.marker)) {
				t.Errorf("%s: the page of thread %d: %d (marker %s shown: %v)", when, th.id, status, th.marker, bytes.Contains(body, []byte(th.marker)))
			}
		}
		checkPresent(t, s, &l)
	}
	checkServing("disk full")
	readyStatus, readyBody := s.guest.rawCall(ctx, "GET", "/readyz", nil)
	searchStatus, searchBody := s.guest.rawCall(ctx, "GET", "/api/v1/search?q="+threads[0].marker, nil)
	if searchStatus != http.StatusOK && searchStatus != http.StatusServiceUnavailable {
		t.Errorf("search on the full disk: %d %.300s", searchStatus, bytes.TrimSpace(searchBody))
	}
	cpu := cpuTime(t, s)
	time.Sleep(500 * time.Millisecond)
	idleCPU := cpuTime(t, s) - cpu
	t.Logf("on the full disk: /readyz %d %s; search %d; the server used %v of CPU in 500 ms with nothing to do",
		readyStatus, bytes.TrimSpace(readyBody), searchStatus, idleCPU)

	// Starved index: SQLite can still commit on a full disk into the room
	// its write-ahead log already has on disk, once a checkpoint has
	// copied the log into the database and the next writer starts the log
	// over; the search index has no such room for its new segment. So:
	// 1 MiB freed for a checkpoint (by another connection, as an admin's
	// tool might), the disk filled again, and one question.
	if err := os.Truncate(filler, filled-1<<20); err != nil {
		t.Fatal(err)
	}
	wal := walSize(t, dir)
	db := openDataDB(t, dir, "")
	var busy, frames, copied int
	if err := db.QueryRow("PRAGMA wal_checkpoint(RESTART)").Scan(&busy, &frames, &copied); err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	db.Close()
	dribble := filepath.Join(mnt, "dribble")
	fillDisk(t, dribble)
	t.Logf("checkpoint of the %d KiB write-ahead log: busy %d, %d frames, %d copied; the disk is full again (%s free)",
		wal>>10, busy, frames, copied, freeSpace(t, mnt))
	cpu = cpuTime(t, s)
	status, body := post(2, true, "into the log's room on the full disk")
	statuses[status]++
	starved := status/100 == 2
	if !starved {
		checkRefusal("the question into the log's room", status, body)
	}
	// The indexer was kicked by that commit; let it try, back off and try
	// again.
	time.Sleep(1500 * time.Millisecond)
	busyCPU := cpuTime(t, s) - cpu
	indexFailed := strings.Contains(s.logs.String()[logFrom:], "search index cannot keep up")
	t.Logf("question acknowledged on the full disk: %v (%d); the indexer met the full disk: %v; the server used %v of CPU in the 1.5 s after",
		starved, status, indexFailed, busyCPU)
	if !starved || !indexFailed {
		t.Logf("(the search index did not run out of space: its recovery is not exercised this time)")
	}
	checkServing("disk full again")
	// Search may say it is unavailable (503) while its index cannot be
	// written, but must not fail as a bug.
	threads, _ = l.snapshot()
	searches := map[int]int{}
	for _, th := range threads {
		status, body := s.guest.rawCall(ctx, "GET", "/api/v1/search?q="+th.marker, nil)
		searches[status]++
		if status != http.StatusOK && status != http.StatusServiceUnavailable {
			t.Errorf("search for thread %d's marker with the index out of space: %d %.300s", th.id, status, bytes.TrimSpace(body))
		}
	}
	// The search page too.
	status, _ = s.guest.rawCall(ctx, "GET", "/search?q="+threads[0].marker, nil)
	if status != http.StatusOK && status != http.StatusServiceUnavailable {
		t.Errorf("the search page with the index out of space: %d", status)
	}
	t.Logf("searches for each thread's marker with the index out of space, by status: %v; the search page: %d", searches, status)
	fullLog := s.logs.String()[logFrom:]
	if strings.Contains(fullLog, "msg=panic") {
		t.Errorf("the server panicked on the full disk (see the log below)")
	}

	// Space returns: the filler goes, and the server recovers by itself.
	for _, name := range []string{filler, dribble} {
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	freedAt := time.Now()
	t.Logf("the disk was full for %v; removed the filler (%s free)", freedAt.Sub(fullAt).Round(time.Millisecond), freeSpace(t, mnt))
	recovered := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		status, body := post(3, false, "after the space returned")
		if status/100 == 2 {
			recovered = true
			break
		}
		checkRefusal("post after the space returned", status, body)
	}
	if !recovered {
		t.Fatalf("posting did not work again within 10 s of the space returning:\n%s", lastLines(s.logs.String(), 40))
	}
	postOK := time.Since(freedAt)
	// A question for sure (the post above may have been an answer), for
	// search to find.
	marker := newMarker()
	id, _, err := members[next%len(members)].ask(ctx, marker, "after the space returned, for search")
	if err != nil {
		t.Fatal(err)
	}
	next++
	l.addThread(ackedThread{id: id, marker: marker, round: 3})
	threads, answers = l.snapshot()
	took := checkSearchable(t, s, threads, 15*time.Second)
	checkServing("space returned")
	t.Logf("after the space returned: posting worked again in %v; search found all %d threads (the one posted into the starved index too) in %v",
		postOK.Round(time.Millisecond), len(threads), took.Round(time.Millisecond))

	t.Logf("server log from the filling of the disk to its return (less the successful page views):\n%s", lastLines(notable(fullLog), 80))
	// Whatever failed above, the files must be sound after a clean stop.
	s.stop(t)
	integrityCheck(t, dir)
	checkInDatabase(t, dir, &l)
	t.Logf("%d threads and %d answers acknowledged in all (%d refused for the full disk); whole test %v",
		len(threads), len(answers), refused, time.Since(start).Round(time.Millisecond))
}

// diskFullMessage is what the English catalogue tells a person when the
// storage is full.
func diskFullMessage(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "themes", "locales", "en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]any
	if err := json.Unmarshal(data, &cat); err != nil {
		t.Fatal(err)
	}
	msg, _ := cat["error.disk_full"].(string)
	if msg == "" {
		t.Fatal(`themes/locales/en.json has no "error.disk_full"`)
	}
	return msg
}

// fillDisk writes a file at path until the file system has no byte left
// and returns how many it wrote.
func fillDisk(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return 0
		}
		t.Fatal(err)
	}
	defer f.Close()
	chunk := bytes.Repeat([]byte{0xA5}, 1<<20)
	var total int64
	for size := len(chunk); ; {
		n, err := f.Write(chunk[:size])
		total += int64(n)
		switch {
		case err == nil:
		case errors.Is(err, syscall.ENOSPC) && size > 512:
			size /= 8
		case errors.Is(err, syscall.ENOSPC):
			return total
		default:
			t.Fatal(err)
		}
	}
}

// notable drops the log lines of GET requests that went well and cuts
// long lines (a panic's stack) short.
func notable(log string) string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "msg=request method=GET") && (strings.Contains(line, "status=200") || strings.Contains(line, "status=301")) {
			continue
		}
		if len(line) > 700 {
			line = line[:700] + " [...]"
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// walSize is the size of the database's write-ahead log file.
func walSize(t *testing.T, dir string) int64 {
	t.Helper()
	st, err := os.Stat(filepath.Join(dir, "chorus.db-wal"))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// cpuTime is the CPU time the server process has used so far (user and
// system, from /proc; 0 where there is none).
func cpuTime(t *testing.T, s *chorusServer) time.Duration {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

func freeSpace(t *testing.T, dir string) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d KiB", st.Bavail*uint64(st.Bsize)>>10)
}

// rawCall is call for answers of any status: the status (0 when there was
// no answer) and the body (the error's text then).
func (c *apiClient) rawCall(ctx context.Context, method, path string, in any) (int, []byte) {
	req, err := c.request(ctx, method, path, in)
	if err != nil {
		return 0, []byte(err.Error())
	}
	res, data, err := c.do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	return res.StatusCode, data
}
