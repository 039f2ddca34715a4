// Package scenario generates and replays streams of forum reports for
// judging cluster detection: a background of real questions spread over
// simulated weeks, with injected bursts of paraphrased reports about one
// problem. A scenario is a file of JSON lines, one report each; a spec
// says how to make one from the background data and the burst files, so
// the repository ships specs and burst texts but never the data.
package scenario

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// Line is one report of a scenario.
type Line struct {
	Time  time.Time `json:"time"`
	Lang  string    `json:"lang"`
	Title string    `json:"title"`
	Body  string    `json:"body"`
	// Burst names the burst the report belongs to; empty for background.
	Burst string `json:"burst,omitempty"`
	// Kind says what a line is for: "background", "report" (of a burst)
	// or "near_miss" (posted during a burst, about something else).
	Kind string `json:"kind,omitempty"`
	// Author names the person; lines without one are each by someone new.
	Author string `json:"author,omitempty"`
}

// Read parses a scenario file, checking every line.
func Read(r io.Reader) ([]Line, error) {
	var out []Line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var l Line
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if l.Time.IsZero() {
			return nil, fmt.Errorf("line %d: no time", n)
		}
		if l.Title == "" && l.Body == "" {
			return nil, fmt.Errorf("line %d: no title and no body", n)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no reports")
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// Write writes a scenario as JSON lines.
func Write(w io.Writer, lines []Line) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Spec says how to generate a scenario.
type Spec struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Seed        uint64    `json:"seed"`
	Start       time.Time `json:"start"`
	Days        int       `json:"days"`
	// WarmupDays are not counted for false alarms: the detector has no
	// history yet.
	WarmupDays int     `json:"warmup_days"`
	PerDay     float64 `json:"per_day"` // background questions per day on average
	// Background lists the data files of real questions: SemEval JSON
	// lines or Stack Exchange Posts.xml, relative to the data directory.
	Background []string    `json:"background"`
	Bursts     []BurstSpec `json:"bursts"`
}

// BurstSpec injects one burst.
type BurstSpec struct {
	// File is a burst file (see Burst), relative to the spec.
	File string `json:"file"`
	// Label names the burst in the results; the file's name when empty.
	Label string `json:"label"`
	// StartHours is when the first report comes, in hours after the
	// scenario's start; Hours is how long the burst lasts.
	StartHours float64 `json:"start_hours"`
	Hours      float64 `json:"hours"`
	Reports    int     `json:"reports"`
	// Lang keeps only reports in one language; both when empty.
	Lang string `json:"lang"`
	// NearMisses are posted during the burst too, about other things.
	NearMisses int `json:"near_misses"`
	// OneAuthor makes one person write every report: it must not count
	// as a burst.
	OneAuthor bool `json:"one_author"`
}

// Burst is a file of paraphrased reports about one problem.
type Burst struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Reports     []Report `json:"reports"`
	NearMisses  []Report `json:"near_misses"`
}

// Report is one text of a burst file.
type Report struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// ReadSpec reads a spec file.
func ReadSpec(path string) (*Spec, error) {
	var s Spec
	if err := readJSON(path, &s); err != nil {
		return nil, err
	}
	if s.Days <= 0 || s.PerDay <= 0 || len(s.Background) == 0 {
		return nil, fmt.Errorf("%s: days, per_day and background are required", path)
	}
	if s.Start.IsZero() {
		s.Start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	}
	return &s, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path) // #nosec G304 -- a file the operator names on the command line
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// diurnal is the relative rate of questions by hour of the day (UTC):
// quiet at night, busiest in the evening.
var diurnal = [24]float64{0.3, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.2, 1.3, 1.3, 1.3,
	1.3, 1.25, 1.2, 1.2, 1.3, 1.4, 1.6, 1.7, 1.6, 1.3, 0.9, 0.5}

// Generate makes a scenario from a spec: background questions from the
// data directory at a daily rhythm, and the spec's bursts.
func Generate(spec *Spec, specDir, dataDir string) ([]Line, error) {
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15)) // #nosec G404 -- a reproducible scenario, not a secret
	var pool []Line
	for _, f := range spec.Background {
		qs, err := loadBackground(filepath.Join(dataDir, f))
		if err != nil {
			return nil, err
		}
		pool = append(pool, qs...)
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	var mean float64
	for _, d := range diurnal {
		mean += d
	}
	mean /= 24
	var out []Line
	next := 0
	for h := 0; h < spec.Days*24; h++ {
		rate := spec.PerDay / 24 * diurnal[h%24] / mean
		for range poisson(rng, rate) {
			if next == len(pool) {
				return nil, fmt.Errorf("the background has %d questions, too few for %d days at %.0f a day", len(pool), spec.Days, spec.PerDay)
			}
			l := pool[next]
			next++
			l.Time = spec.Start.Add(time.Duration((float64(h) + rng.Float64()) * float64(time.Hour))).Truncate(time.Second)
			l.Kind = "background"
			out = append(out, l)
		}
	}
	for i, b := range spec.Bursts {
		lines, err := burstLines(rng, spec, b, specDir, i)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

func burstLines(rng *rand.Rand, spec *Spec, b BurstSpec, specDir string, n int) ([]Line, error) {
	var burst Burst
	if err := readJSON(filepath.Join(specDir, b.File), &burst); err != nil {
		return nil, err
	}
	label := b.Label
	if label == "" {
		label = strings.TrimSuffix(filepath.Base(b.File), filepath.Ext(b.File))
	}
	keep := func(rs []Report) []Report {
		var out []Report
		for _, r := range rs {
			if b.Lang == "" || r.Lang == b.Lang {
				out = append(out, r)
			}
		}
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	reports, misses := keep(burst.Reports), keep(burst.NearMisses)
	if b.Reports > len(reports) || b.NearMisses > len(misses) {
		return nil, fmt.Errorf("%s: burst %q wants %d reports and %d near misses, the file has %d and %d",
			spec.Name, label, b.Reports, b.NearMisses, len(reports), len(misses))
	}
	start := spec.Start.Add(time.Duration(b.StartHours * float64(time.Hour)))
	at := func(first bool) time.Time {
		if first {
			return start
		}
		// Reports come faster as word spreads: the square root bunches
		// them towards the end of the burst.
		return start.Add(time.Duration(math.Sqrt(rng.Float64()) * b.Hours * float64(time.Hour))).Truncate(time.Second)
	}
	var out []Line
	for i, r := range reports[:b.Reports] {
		l := Line{Time: at(i == 0), Lang: r.Lang, Title: r.Title, Body: r.Body, Burst: label, Kind: "report"}
		if b.OneAuthor {
			l.Author = fmt.Sprintf("burst-%d-author", n)
		}
		out = append(out, l)
	}
	for _, r := range misses[:b.NearMisses] {
		out = append(out, Line{Time: at(false), Lang: r.Lang, Title: r.Title, Body: r.Body, Kind: "near_miss"})
	}
	return out, nil
}

// poisson draws from a Poisson distribution (Knuth's method; the rates
// here are small).
func poisson(rng *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// Labels returns the bursts of a scenario, in order of first report.
func Labels(lines []Line) []string {
	var out []string
	for _, l := range lines {
		if l.Burst != "" && !slices.Contains(out, l.Burst) {
			out = append(out, l.Burst)
		}
	}
	return out
}
