package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return out.String(), err
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	out, err := runCmd(t, "", "user", "create", "--username", "anna", "--email", "anna@example.com",
		"--password", "a long enough password", "--role", "staff", "--data", dir)
	if err != nil || !strings.Contains(out, "created anna (staff)") {
		t.Fatalf("create: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "user", "create", "--username", "Anna", "--email", "x@example.com",
		"--password", "a long enough password", "--data", dir); err == nil || !strings.Contains(err.Error(), "username is taken") {
		t.Fatalf("duplicate create: %v", err)
	}
	if out, err = runCmd(t, "", "user", "role", "anna", "admin", "--data", dir); err != nil || !strings.Contains(out, "now admin") {
		t.Fatalf("role: %q %v", out, err)
	}
	if _, err = runCmd(t, "", "user", "role", "anna", "emperor", "--data", dir); err == nil || !strings.Contains(err.Error(), "no role") {
		t.Fatalf("bad role: %v", err)
	}
	// anna is an admin now, so her password needs 15 characters.
	if _, err = runCmd(t, "fourteen chars\n", "user", "password", "anna", "--data", dir); err == nil || !strings.Contains(err.Error(), "at least 15") {
		t.Fatalf("short password: %v", err)
	}
	if _, err = runCmd(t, "qwerty1234567890\n", "user", "password", "anna", "--data", dir); err == nil || !strings.Contains(err.Error(), "too common") {
		t.Fatalf("common password: %v", err)
	}
	if out, err = runCmd(t, "another long password\n", "user", "password", "anna", "--data", dir); err != nil || !strings.Contains(out, "changed") {
		t.Fatalf("password: %q %v", out, err)
	}
	if out, err = runCmd(t, "", "user", "reset-2fa", "anna", "--data", dir); err != nil || !strings.Contains(out, "two-factor authentication of anna is off") {
		t.Fatalf("reset-2fa: %q %v", out, err)
	}
	if _, err = runCmd(t, "", "user", "reset-2fa", "nobody", "--data", dir); err == nil {
		t.Fatal("reset-2fa of a missing user succeeded")
	}
	if _, err = runCmd(t, "", "user", "role", "nobody", "admin", "--data", dir); err == nil {
		t.Fatal("role of a missing user succeeded")
	}
	if _, err = runCmd(t, "", "frobnicate"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestServeFlags(t *testing.T) {
	t.Setenv("CHORUS_ADDR", "127.0.0.1:9999")
	cfg, err := parseServeFlags([]string{"--data", "x", "--trusted-proxies", "10.0.0.0/8, 192.168.1.0/24"})
	if err != nil || cfg.Addr != "127.0.0.1:9999" || cfg.DataDir != "x" || len(cfg.TrustedProxies) != 2 {
		t.Fatalf("cfg = %+v, %v", cfg, err)
	}
	for _, bad := range [][]string{{"--addr", "nonsense"}, {"--trusted-proxies", "10.0.0.0/99"}, {"--theme-dir", "/does/not/exist"},
		// Mail settings are checked at start, with a clear message.
		{"--smtp-host", "mail.example.com", "--smtp-from", "not an address"},
		{"--smtp-host", "mail.example.com", "--smtp-from", "f@example.com", "--smtp-port", "seventy"},
		{"--smtp-host", "mail.example.com", "--smtp-from", "f@example.com", "--smtp-port", "70000"},
		{"--smtp-host", "mail.example.com", "--smtp-from", "f@example.com", "--smtp-user", "u"},
		{"--smtp-host", "mail.example.com", "--smtp-from", "f@example.com", "--smtp-user", "u", "--smtp-password", "p", "--smtp-starttls=false"},
		{"--smtp-user", "u", "--smtp-password", "p"},
		{"--base-url", "ftp://forum.example.com"},
	} {
		if _, err := parseServeFlags(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	cfg, err = parseServeFlags([]string{"--smtp-host", "mail.example.com", "--smtp-from", "Forum <f@example.com>",
		"--smtp-user", "u", "--smtp-password", "p", "--base-url", "https://forum.example.com"})
	if err != nil || !cfg.SMTP.Enabled() || cfg.SMTP.Port != 587 || !cfg.SMTP.StartTLS || cfg.BaseURL != "https://forum.example.com" {
		t.Errorf("good mail settings: %+v, %v", cfg.SMTP, err)
	}
}

// TestServeDemoAndShutdown starts the real server with the demo community,
// reads a page and shuts it down cleanly.
func TestServeDemoAndShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	dir := t.TempDir()
	logs := &syncBuffer{}
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", addr, "--data", dir}, nil, io.Discard, slog.New(slog.NewTextHandler(logs, nil)))
	}()
	// Wait for our server to say it runs: another test's server may have
	// picked up the port in between, and must not be mistaken for ours.
	for i := 0; i < 300 && !strings.Contains(logs.String(), "Chorus is running"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	var res *http.Response
	for i := 0; i < 100; i++ {
		if res, err = http.Get("http://" + addr + "/"); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Nordbox") {
		t.Fatalf("home page: %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The demo is seeded once: a second start leaves the forum as it is.
	db, err := openDB(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page, err := db.FindThreads(context.Background(), forum.ThreadFilter{Page: 1, PerPage: 100})
	if err != nil || page.Total < 25 {
		t.Fatalf("demo threads = %d, %v", page.Total, err)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
