package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A background job that panics logs it and carries on at its next round,
// instead of taking the server down (the cluster job here; the notifier
// and the mailer run their rounds the same way).
func TestBackgroundJobSurvivesPanic(t *testing.T) {
	e := newEnv(t)
	var rounds atomic.Int32
	e.Svc.OnClusterPass(func(time.Duration) {
		rounds.Add(1)
		panic("a bug in one round")
	})
	var mu sync.Mutex
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logs}, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Svc.RunClusterDetector(ctx, 10*time.Millisecond, log) }()
	deadline := time.Now().Add(5 * time.Second)
	for rounds.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if n := rounds.Load(); n < 3 {
		t.Fatalf("the job ran %d rounds after panicking, want it to go on", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "a bug in one round") {
		t.Fatalf("the panic was not logged:\n%s", logs.String())
	}
	// The pass's lock was released: a pass on demand still works.
	e.Svc.OnClusterPass(nil)
	if _, err := e.Svc.DetectClusters(context.Background()); err != nil {
		t.Fatalf("a pass after the panics: %v", err)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
