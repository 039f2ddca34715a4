package scenario

import (
	"time"

	"github.com/chorus-forum/chorus/forum/cluster"
)

// Analyzer turns a report's text into the detector's terms.
type Analyzer func(title, body string) cluster.Terms

// BurstResult is how the detector did on one burst.
type BurstResult struct {
	Label   string
	Reports int // the burst's reports in the scenario
	// OnePerson is set when one person wrote every report: such a burst
	// must not be raised.
	OnePerson bool
	First     time.Time
	Detected  bool
	// After is the time from the burst's first report to its cluster
	// being raised; ReportsSeen is how many of its reports had come.
	After       time.Duration
	ReportsSeen int
	// Precision and Recall of the burst's cluster at the end of the
	// replay, against the burst's reports.
	Precision, Recall float64
	// Clusters is how many raised clusters mostly hold this burst's
	// reports (1 is best: a burst split in two is reported twice).
	Clusters int
	// Strays are the titles of the cluster's threads from elsewhere, and
	// Missed those of the burst's reports it does not hold.
	Strays, Missed []string
}

// Result is a replay's outcome.
type Result struct {
	Reports     int
	Passes      int
	Bursts      []BurstResult
	FalseAlarms int
	// Weeks is the simulated time after the warm-up, in weeks.
	Weeks float64
	// Alarms lists every raised cluster, for reading.
	Alarms []Alarm
	// SlowestPass is the longest a pass took.
	SlowestPass time.Duration
	TotalTime   time.Duration
}

// Alarm is one raised cluster.
type Alarm struct {
	At       time.Time
	Label    string // the burst most of its threads belong to; "" for background
	Threads  int
	Stats    cluster.Stats
	Reopened bool
}

// FalseAlarmsPerWeek is the false alarms per simulated week after the
// warm-up.
func (r Result) FalseAlarmsPerWeek() float64 {
	if r.Weeks <= 0 {
		return 0
	}
	return float64(r.FalseAlarms) / r.Weeks
}

// Replay runs the detector over a scenario as the forum's job would: a
// pass at every minute a report arrives, each looking at the same window
// and history sample the store would give it. False alarms before warmup
// are not counted (the detector has no history yet).
func Replay(lines []Line, analyze Analyzer, cfg cluster.Config, warmup time.Duration) Result {
	start := time.Now()
	res := Result{Reports: len(lines)}
	if len(lines) == 0 {
		return res
	}
	terms := make([]cluster.Terms, len(lines))
	authors := make([]int64, len(lines))
	named := map[string]int64{}
	for i, l := range lines {
		terms[i] = analyze(l.Title, l.Body)
		authors[i] = int64(i + 1)
		if l.Author != "" {
			if id, ok := named[l.Author]; ok {
				authors[i] = id
			} else {
				named[l.Author] = -int64(len(named) + 1)
				authors[i] = named[l.Author]
			}
		}
	}
	id := func(i int) int64 { return int64(i + 1) }
	index := func(id int64) int { return int(id - 1) }
	warmupEnd := lines[0].Time.Add(warmup)

	var tracked []cluster.Tracked
	raisedAt := map[int64]time.Time{} // tracked ID → first raised
	raisedLabel := map[int64]string{} // tracked ID → majority label when raised
	raisedSeen := map[int64]int{}     // tracked ID → burst reports come by then
	lo, hlo, hhi := 0, 0, 0
	for i := 0; i < len(lines); i++ {
		// One pass per minute with arrivals: after the minute's last one.
		now := lines[i].Time
		if i+1 < len(lines) && lines[i+1].Time.Truncate(time.Minute).Equal(now.Truncate(time.Minute)) {
			continue
		}
		for lo <= i && !lines[lo].Time.After(now.Add(-cfg.Window)) {
			lo++
		}
		histFrom, histTo := now.Add(-cfg.History), now.Add(-cfg.HistoryGap)
		for hlo < len(lines) && lines[hlo].Time.Before(histFrom) {
			hlo++
		}
		for hhi < len(lines) && !lines[hhi].Time.After(histTo) {
			hhi++
		}
		in := cluster.Input{Now: now}
		for j := lo; j <= i; j++ {
			in.Recent = append(in.Recent, cluster.Report{ID: id(j), Author: authors[j], Created: lines[j].Time, Terms: terms[j]})
		}
		if hhi > hlo {
			in.HistoryTotal = hhi - hlo
			stride := cluster.Stride(in.HistoryTotal, cfg.Sample)
			for j := hlo; j < hhi; j++ {
				if id(j)%stride == 0 {
					in.History = append(in.History, terms[j])
				}
			}
		}
		passStart := time.Now()
		changes := cluster.Reconcile(cluster.Detect(in, cfg), tracked, cfg.Member)
		res.SlowestPass = max(res.SlowestPass, time.Since(passStart))
		res.Passes++
		for _, ch := range changes {
			var t *cluster.Tracked
			if ch.New {
				tracked = append(tracked, cluster.Tracked{ID: int64(len(tracked) + 1), Status: cluster.StatusOpen})
				t = &tracked[len(tracked)-1]
			} else {
				t = &tracked[ch.Tracked.ID-1]
			}
			t.Threads = append(t.Threads, ch.Added...)
			t.Centroid = ch.Group.Centroid()
			if !ch.New && !ch.Reopen {
				continue
			}
			label := majority(lines, t.Threads, index)
			res.Alarms = append(res.Alarms, Alarm{At: now, Label: label, Threads: len(t.Threads), Stats: ch.Group.Stats, Reopened: ch.Reopen})
			if _, ok := raisedAt[t.ID]; !ok {
				raisedAt[t.ID], raisedLabel[t.ID] = now, label
				raisedSeen[t.ID] = countBurst(lines[:i+1], label)
			}
			if label == "" && !now.Before(warmupEnd) {
				res.FalseAlarms++
			}
		}
	}
	end := lines[len(lines)-1].Time
	if end.After(warmupEnd) {
		res.Weeks = end.Sub(warmupEnd).Hours() / (24 * 7)
	}
	for _, label := range Labels(lines) {
		b := BurstResult{Label: label, Reports: countBurst(lines, label), OnePerson: true}
		author := ""
		for _, l := range lines {
			if l.Burst != label {
				continue
			}
			if b.First.IsZero() {
				b.First, author = l.Time, l.Author
			}
			if l.Author == "" || l.Author != author {
				b.OnePerson = false
			}
		}
		var best *cluster.Tracked
		for k := range tracked {
			t := &tracked[k]
			if raisedLabel[t.ID] != label {
				continue
			}
			b.Clusters++
			if best == nil || raisedAt[t.ID].Before(raisedAt[best.ID]) {
				best = t
			}
		}
		if best != nil {
			b.Detected = true
			b.After = raisedAt[best.ID].Sub(b.First)
			b.ReportsSeen = raisedSeen[best.ID]
			hits := 0
			held := map[int]bool{}
			for _, tid := range best.Threads {
				held[index(tid)] = true
				if l := lines[index(tid)]; l.Burst == label {
					hits++
				} else {
					b.Strays = append(b.Strays, l.Kind+": "+l.Title)
				}
			}
			for k, l := range lines {
				if l.Burst == label && !held[k] {
					b.Missed = append(b.Missed, l.Title)
				}
			}
			b.Precision = float64(hits) / float64(len(best.Threads))
			b.Recall = float64(hits) / float64(b.Reports)
		}
		res.Bursts = append(res.Bursts, b)
	}
	res.TotalTime = time.Since(start)
	return res
}

// majority is the burst most of the threads belong to, "" when most are
// background.
func majority(lines []Line, threads []int64, index func(int64) int) string {
	count := map[string]int{}
	for _, id := range threads {
		count[lines[index(id)].Burst]++
	}
	best, bestN := "", 0
	for label, n := range count {
		if n > bestN || n == bestN && label < best {
			best, bestN = label, n
		}
	}
	if 2*bestN <= len(threads) {
		return ""
	}
	return best
}

func countBurst(lines []Line, label string) int {
	if label == "" {
		return 0
	}
	n := 0
	for _, l := range lines {
		if l.Burst == label {
			n++
		}
	}
	return n
}
