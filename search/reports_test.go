package search

import (
	"sort"
	"strings"
	"testing"
)

// TestGlossaryFormsAreOneConcept: a form in two concepts would map to
// whichever the map visited last, a different one in every process.
func TestGlossaryFormsAreOneConcept(t *testing.T) {
	seen := map[string]string{}
	var concepts []string
	for c := range glossary {
		concepts = append(concepts, c)
	}
	sort.Strings(concepts)
	for _, c := range concepts {
		for _, f := range append(strings.Fields(glossary[c]), c) {
			stem := neutralStem(normalizeGerman(f))
			if other, ok := seen[stem]; ok && other != c {
				t.Errorf("%q (stem %q) is in both %q and %q", f, stem, other, c)
			}
			seen[stem] = c
		}
	}
}

func TestReportTermsAcrossLanguages(t *testing.T) {
	de := ReportTerms("WLAN bricht ständig ab", "Seit dem Update auf 7.58 gibt es Abbrüche, per Kabel geht es.")
	en := ReportTerms("Wi-Fi keeps dropping", "Since the 7.58 update it disconnects; the cable works.")
	for _, term := range []string{"wifi", "drop", "update", "7.58", "cable"} {
		if de.Counts[term] == 0 || en.Counts[term] == 0 {
			t.Errorf("%q: German %v, English %v", term, de.Counts[term], en.Counts[term])
		}
	}
	if de.Counts["wifi"] != 2 {
		t.Errorf("a title word counts twice: %v", de.Counts["wifi"])
	}
	if w := en.Words["wifi"]; w != "wifi" {
		t.Errorf("label word %q", w)
	}
	for _, stop := range []string{"seit", "since", "the", "problem", "es"} {
		if _, ok := de.Counts[stop]; ok {
			t.Errorf("stop word %q counted", stop)
		}
		if _, ok := en.Counts[stop]; ok {
			t.Errorf("stop word %q counted", stop)
		}
	}
}
