package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serve runs the App's real http.Server (with its timeouts) on a free port.
func (e *env) serve(t *testing.T) string {
	t.Helper()
	srv := e.App.Server("127.0.0.1:0")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// A slowloris client sends its headers a trickle at a time; the server
// must hang up within 10 seconds instead of holding the connection.
func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	addr := e.serve(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: chorus\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	// Keep trickling a header line now and then, as slowloris does.
	go func() {
		for i := 0; i < 20; i++ {
			time.Sleep(time.Second)
			if _, err := io.WriteString(conn, "X-Slow: 1\r\n"); err != nil {
				return
			}
		}
	}()
	_, err = io.ReadAll(conn)
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("slow connection held for %v (err %v)", took, err)
	}
}

// Headers over 64 KiB get 431, not a hung or crashed server.
func TestHugeHeadersRefused(t *testing.T) {
	e := newEnv(t)
	addr := e.serve(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "GET / HTTP/1.1\r\nHost: chorus\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d, want 431", res.StatusCode)
	}
}
