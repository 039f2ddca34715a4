package searchbench

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/chorus-forum/chorus/forum"
)

// The index's text fields for a language, as search names them ("title_de").
// The naive baseline queries them directly; if search renames them, the
// baseline finds nothing and benchNaive says so.
func titleField(lang string) string { return "title_" + lang }
func bodyField(lang string) string  { return "body_" + lang }

// benchNaive times the approach the research notes warn against: one Bleve
// match query of the whole draft, title and body, over the title and body
// fields (every word a SHOULD clause). It runs on a read-only copy of the
// index, because the live index holds Bleve's lock, interleaved with
// Service.Similar on the same drafts, so the ratio compares runs under the
// same noise.
func benchNaive(ctx context.Context, rep *SimilarReport, svc *forum.Service, indexPath, copyPath string, drafts []forum.Draft) error {
	if err := os.RemoveAll(copyPath); err != nil {
		return err
	}
	defer os.RemoveAll(copyPath)
	if err := copyDir(indexPath, copyPath); err != nil {
		return fmt.Errorf("copy index: %w", err)
	}
	naive, err := bleve.OpenUsing(copyPath, map[string]any{"read_only": true})
	if err != nil {
		return fmt.Errorf("open index copy: %w", err)
	}
	defer naive.Close()

	var tNaive, tPaired []time.Duration
	hits := 0
	for i, d := range drafts {
		for k := range 2 {
			start := time.Now()
			if (i+k)%2 == 0 {
				lang := forum.DetectLanguage(d.Title+" "+d.Body, "")
				if lang != "de" {
					lang = "en"
				}
				text := d.Title + "\n" + d.Body
				title := bleve.NewMatchQuery(text)
				title.SetField(titleField(lang))
				title.SetBoost(3)
				body := bleve.NewMatchQuery(text)
				body.SetField(bodyField(lang))
				res, err := naive.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(title, body), 30, 0, false))
				if err != nil {
					return fmt.Errorf("naive similar %q: %w", d.Title, err)
				}
				tNaive = append(tNaive, time.Since(start))
				if len(res.Hits) > 0 {
					hits++
				}
			} else {
				if _, err := svc.Similar(ctx, nil, d); err != nil {
					return fmt.Errorf("similar %q: %w", d.Title, err)
				}
				tPaired = append(tPaired, time.Since(start))
			}
		}
	}
	if hits == 0 && len(drafts) > 0 {
		return fmt.Errorf("the naive baseline found nothing for %d drafts: have the index's field names changed?", len(drafts))
	}
	rep.Baseline, rep.Paired = latency(tNaive), latency(tPaired)
	return nil
}
