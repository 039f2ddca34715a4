package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum/cluster"
	"github.com/chorus-forum/chorus/forum/cluster/scenario"
	"github.com/chorus-forum/chorus/search"
)

// evalClusters replays scenarios through the cluster detector and prints,
// per burst, whether and how soon it was raised and how clean its cluster
// is, and the false alarms per simulated week:
//
//	chorus eval clusters --data ../shared/data docs/scenarios/*.json
//
// A .json argument is a spec, generated from the data directory first; a
// .jsonl argument is a ready scenario.
func evalClusters(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval clusters", flag.ContinueOnError)
	dataDir := fs.String("data", "../shared/data", "the data directory the specs' background files are in")
	writeDir := fs.String("write", "", "also write each generated scenario as DIR/NAME.jsonl")
	warmupDays := fs.Float64("warmup-days", -1, "days not counted for false alarms (default: the spec's, 7 for a .jsonl)")
	cfg := cluster.DefaultConfig
	fs.Float64Var(&cfg.Pair, "pair", cfg.Pair, "cosine from which two reports are linked")
	fs.Float64Var(&cfg.Member, "member", cfg.Member, "cosine with the centroid from which a report belongs to a group")
	fs.IntVar(&cfg.MinPeople, "min-people", cfg.MinPeople, "fewest people a raised group has")
	fs.Float64Var(&cfg.MaxChance, "max-chance", cfg.MaxChance, "largest chance of coincidence a raised group has")
	verbose := fs.Bool("v", false, "list every alarm")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("eval clusters: name at least one scenario (a spec .json or a scenario .jsonl)")
	}
	fmt.Fprintf(stdout, "cluster detection: pair %.2f, member %.2f, at least %d people, chance below %.0e, windows %s and %s, history %s\n",
		cfg.Pair, cfg.Member, cfg.MinPeople, cfg.MaxChance, cfg.Window, cfg.Short, cfg.History)
	var allBursts, detected, onTime, failed int
	var weeks float64
	var falseAlarms int
	for _, path := range fs.Args() {
		lines, warmup, err := loadScenario(path, *dataDir, *writeDir)
		if err != nil {
			return fmt.Errorf("eval clusters: %w", err)
		}
		if *warmupDays >= 0 {
			warmup = time.Duration(*warmupDays * 24 * float64(time.Hour))
		}
		res := scenario.Replay(lines, search.ReportTerms, cfg, warmup)
		fmt.Fprintf(stdout, "\n%s: %d reports over %.1f days, %d passes (slowest %s, all %.1f s)\n",
			filepath.Base(path), res.Reports, lines[len(lines)-1].Time.Sub(lines[0].Time).Hours()/24, res.Passes,
			res.SlowestPass.Round(time.Microsecond), res.TotalTime.Seconds())
		fmt.Fprintf(stdout, "  %-26s %7s %9s %8s %7s %9s %6s %8s\n", "burst", "reports", "detected", "after", "seen", "precision", "recall", "clusters")
		for _, b := range res.Bursts {
			verdict := "no"
			if b.Detected {
				verdict = "yes"
			}
			if b.OnePerson {
				verdict += " (one person: must be no)"
			}
			fmt.Fprintf(stdout, "  %-26s %7d %9s %8s %7d %9.2f %6.2f %8d\n", b.Label, b.Reports, verdict,
				b.After.Round(time.Minute), b.ReportsSeen, b.Precision, b.Recall, b.Clusters)
			if *verbose {
				for _, t := range b.Strays {
					fmt.Fprintf(stdout, "      stray   %s\n", t)
				}
				for _, t := range b.Missed {
					fmt.Fprintf(stdout, "      missed  %s\n", t)
				}
			}
			switch {
			case b.OnePerson:
				if b.Detected {
					failed++
				}
			default:
				allBursts++
				if b.Detected {
					detected++
					if b.ReportsSeen <= 5 && b.Precision > 0.9 && b.Recall > 0.9 {
						onTime++
					}
				}
			}
		}
		fmt.Fprintf(stdout, "  false alarms: %d in %.1f weeks after the warm-up (%.2f a week)\n", res.FalseAlarms, res.Weeks, res.FalseAlarmsPerWeek())
		if *verbose {
			for _, a := range res.Alarms {
				label := a.Label
				if label == "" {
					label = "(background)"
				}
				fmt.Fprintf(stdout, "    %s %-24s %3d threads, %d people (%d in the last hour), expected %.2f, chance %.1e: %s\n",
					a.At.Format(time.DateTime), label, a.Threads, a.Stats.People, a.Stats.PeopleShort, a.Stats.Expected, a.Stats.Chance,
					strings.Join(a.Stats.Words, ", "))
			}
		}
		falseAlarms += res.FalseAlarms
		weeks += res.Weeks
	}
	perWeek := 0.0
	if weeks > 0 {
		perWeek = float64(falseAlarms) / weeks
	}
	fmt.Fprintf(stdout, "\nall: %d of %d bursts detected, %d within 5 reports with precision and recall above 0.9; %d one-person bursts raised; %.2f false alarms a week\n",
		detected, allBursts, onTime, failed, perWeek)
	return nil
}

// loadScenario reads a .jsonl scenario, or generates one from a spec.
func loadScenario(path, dataDir, writeDir string) ([]scenario.Line, time.Duration, error) {
	if strings.HasSuffix(path, ".jsonl") {
		lines, err := readWith(path, scenario.Read)
		return lines, 7 * 24 * time.Hour, err
	}
	spec, err := scenario.ReadSpec(path)
	if err != nil {
		return nil, 0, err
	}
	lines, err := scenario.Generate(spec, filepath.Dir(path), dataDir)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	if writeDir != "" {
		out := filepath.Join(writeDir, strings.TrimSuffix(filepath.Base(path), ".json")+".jsonl")
		f, err := os.Create(out) // #nosec G304 -- a directory the operator names
		if err != nil {
			return nil, 0, err
		}
		err = scenario.Write(f, lines)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, 0, err
		}
	}
	return lines, time.Duration(spec.WarmupDays) * 24 * time.Hour, nil
}
