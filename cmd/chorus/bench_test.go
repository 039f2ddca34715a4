package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestBenchCommandArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "expected a benchmark name"},
		{[]string{"--threads", "5"}, "expected a benchmark name"},
		{[]string{"index"}, `unknown benchmark "index"`},
		{[]string{"search", "--threads", "0"}, "--threads must be between"},
		{[]string{"search", "--threads", "many"}, "invalid value"},
		{[]string{"search", "--queries", "-3"}, "--queries must be between"},
		{[]string{"search", "--seed", "1.5"}, "invalid value"},
		{[]string{"search", "--live", "10"}, "invalid value"},
		{[]string{"search", "--live", "1ms"}, "--live must be at least"},
		{[]string{"search", "--dir", " "}, "--dir must not be empty"},
		{[]string{"search", "--frobnicate"}, "flag provided but not defined"},
		{[]string{"search", "extra"}, `unexpected argument "extra"`},
	} {
		err := benchCommand(context.Background(), tc.args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("bench %q: error %v, want it to say %q", tc.args, err, tc.want)
		}
	}
}

func TestParseBenchFlags(t *testing.T) {
	opts, err := parseBenchFlags([]string{"--threads", "5000", "--dir", "/tmp/x", "--queries", "20", "--seed", "9", "--live", "2s"})
	if err != nil {
		t.Fatal(err)
	}
	if opts.Threads != 5000 || opts.Dir != "/tmp/x" || opts.Queries != 20 || opts.Seed != 9 || opts.LiveFor != 2*time.Second {
		t.Errorf("parsed %+v", opts)
	}
	opts, err = parseBenchFlags(nil)
	if err != nil || opts.Threads != 100_000 || opts.Queries != 1000 || opts.Seed != 1 || opts.Dir == "" {
		t.Errorf("defaults %+v, %v", opts, err)
	}
}
