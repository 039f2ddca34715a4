package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressBar draws "[#####-----]  50%  5000/10000 threads  1234/s" on a
// terminal, redrawn in place at most ten times a second; elsewhere (a log
// file, CI) it prints a line at every tenth of the way.
type progressBar struct {
	w       io.Writer
	unit    string
	rate    string // what the rate counts: "posts" unless set
	tty     bool
	start   time.Time
	last    time.Time
	lastPct int
	drawn   bool
}

func newProgressBar(w io.Writer, unit string) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progressBar{w: w, unit: unit, rate: "posts", tty: tty, start: time.Now(), lastPct: -1}
}

// update draws the bar for done of total; posts is shown as a rate.
func (p *progressBar) update(done, total, posts int) {
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	now := time.Now()
	if p.tty {
		if now.Sub(p.last) < 100*time.Millisecond && done < total {
			return
		}
	} else if pct/10 == p.lastPct/10 && done < total {
		return
	}
	p.last, p.lastPct = now, pct
	rate := float64(posts) / max(now.Sub(p.start).Seconds(), 0.001)
	const width = 30
	filled := pct * width / 100
	line := fmt.Sprintf("[%s%s] %3d%%  %d/%d %s  %.0f %s/s",
		strings.Repeat("#", filled), strings.Repeat("-", width-filled), pct, done, total, p.unit, rate, p.rate)
	if p.tty {
		fmt.Fprint(p.w, "\r"+line)
		p.drawn = true
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// finish ends the bar's line.
func (p *progressBar) finish() {
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
	}
}
