package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum/cluster"
	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/search/synth"
)

// writeBackground writes n synthetic telecom support questions in German
// and English (search/synth: a few hundred topics of Zipf popularity, so
// the popular ones recur several times a day) as SemEval-style JSON
// lines. The real background is in ../shared/data, which tests must not
// depend on.
func writeBackground(t *testing.T, dir string, n int) string {
	t.Helper()
	var b bytes.Buffer
	err := synth.Generate(synth.Options{Seed: 5}, n, func(i int, th *synth.Thread) error {
		line, err := json.Marshal(map[string]string{"id": fmt.Sprint(i), "title": th.Title, "body": th.Body})
		b.Write(line)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "background.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func testSpec(t *testing.T) (*Spec, string, string) {
	dir := t.TempDir()
	writeBackground(t, dir, 900)
	abs, err := filepath.Abs("../../../docs/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	spec := &Spec{Name: "test", Seed: 3, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Days: 10, WarmupDays: 3, PerDay: 80,
		Background: []string{"background.jsonl"},
		Bursts: []BurstSpec{
			{File: "bursts/visa-portal-down.json", StartHours: 130, Hours: 4, Reports: 12, NearMisses: 3},
			{File: "bursts/regional-outage.json", Label: "alone", StartHours: 200, Hours: 3, Reports: 10, OneAuthor: true},
		}}
	return spec, abs, dir
}

func TestGenerateIsDeterministicAndRoundTrips(t *testing.T) {
	spec, specDir, dataDir := testSpec(t)
	a, err := Generate(spec, specDir, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(spec, specDir, dataDir)
	var wa, wb bytes.Buffer
	if err := Write(&wa, a); err != nil {
		t.Fatal(err)
	}
	_ = Write(&wb, b)
	if wa.String() != wb.String() {
		t.Fatal("the same spec made two different scenarios")
	}
	back, err := Read(&wa)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(a) {
		t.Fatalf("read %d lines of %d", len(back), len(a))
	}
	reports, misses := 0, 0
	for _, l := range back {
		switch l.Kind {
		case "report":
			reports++
		case "near_miss":
			misses++
			if l.Burst != "" {
				t.Errorf("a near miss is labelled %q", l.Burst)
			}
		}
	}
	if reports != 22 || misses != 3 {
		t.Errorf("%d reports and %d near misses, want 22 and 3", reports, misses)
	}
	if got := Labels(back); fmt.Sprint(got) != "[visa-portal-down alone]" {
		t.Errorf("labels %v", got)
	}
}

func TestGenerateRefusesTooLittleData(t *testing.T) {
	spec, specDir, dataDir := testSpec(t)
	spec.PerDay = 500
	if _, err := Generate(spec, specDir, dataDir); err == nil || !strings.Contains(err.Error(), "too few") {
		t.Errorf("err %v, want too few questions", err)
	}
	spec.PerDay = 80
	spec.Bursts[0].Reports = 999
	if _, err := Generate(spec, specDir, dataDir); err == nil || !strings.Contains(err.Error(), "wants 999") {
		t.Errorf("err %v, want the burst's shortage", err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "no reports"},
		{`{"time":"2026-01-01T00:00:00Z","title":"a"}` + "\n{broken", "line 2"},
		{`{"title":"no time"}`, "line 1: no time"},
		{`{"time":"2026-01-01T00:00:00Z"}`, "no title and no body"},
	} {
		if _, err := Read(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read(%q) = %v, want %q", c.in, err, c.want)
		}
	}
}

func TestReplayFindsTheBurstNotTheOnePerson(t *testing.T) {
	spec, specDir, dataDir := testSpec(t)
	lines, err := Generate(spec, specDir, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	res := Replay(lines, search.ReportTerms, cluster.DefaultConfig, 3*24*time.Hour)
	if len(res.Bursts) != 2 {
		t.Fatalf("%d bursts", len(res.Bursts))
	}
	b := res.Bursts[0]
	if !b.Detected || b.ReportsSeen > 6 || b.Precision < 0.8 || b.Recall < 0.8 {
		t.Errorf("visa burst: %+v", b)
	}
	if one := res.Bursts[1]; !one.OnePerson || one.Detected {
		t.Errorf("one person's burst: %+v", one)
	}
	if res.FalseAlarms != 0 {
		t.Errorf("%d false alarms: %+v", res.FalseAlarms, res.Alarms)
	}
	if res.Passes == 0 || res.Weeks <= 0 {
		t.Errorf("passes %d weeks %.2f", res.Passes, res.Weeks)
	}
}
