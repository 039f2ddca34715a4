package forum

import (
	"context"
	"math"
	"sort"
	"time"
)

// Staff insights: whether the company keeps its promises, per category and
// overall, for a period: how many questions came, how many got an answer
// and a solution, how long the first answer and the first staff answer
// took (median and 90th percentile), how many were answered within the
// category's target, and what askers said when asked "Did this solve your
// problem?".

// InsightRow is one question of the period, as the figures need it.
type InsightRow struct {
	CategoryID    int64
	CreatedAt     time.Time
	FirstAnswerAt *time.Time
	FirstStaffAt  *time.Time
	Solved        bool
}

// SatisfactionRow is one asker's answer in the period.
type SatisfactionRow struct {
	CategoryID int64
	Answerer   UserRef
	Solved     bool
	Rating     int // 0 for none
	// The thread and what the asker wrote, for the comments list.
	Thread    ThreadRef
	Comment   string
	CreatedAt time.Time
}

// Insight is the figures of one category, or of all (Category nil).
type Insight struct {
	Category                *Category
	Asked, Answered, Solved int
	// WithinTarget of TargetDue: the questions answered within their
	// category's target, of those answered or whose target has passed
	// (a question asked a minute ago is not late yet).
	WithinTarget, TargetDue  int
	FirstAnswer, FirstStaff  Spread
	SatResponses, SatYes     int
	SatRated, SatRatingTotal int
}

// Spread is the median and 90th percentile of some waits, and how many.
type Spread struct {
	Median, P90 time.Duration
	N           int
}

// Share returns part of whole as a fraction, 0 for an empty whole.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// RatingMean is the mean star rating, 0 with none.
func (in Insight) RatingMean() float64 {
	if in.SatRated == 0 {
		return 0
	}
	return float64(in.SatRatingTotal) / float64(in.SatRated)
}

// AnswererInsight is what askers said of one person's accepted answers.
type AnswererInsight struct {
	Answerer                       UserRef
	Responses, Yes, Rated, Ratings int
}

// DayCount is one day of the period: questions asked and solved.
type DayCount struct {
	Day           time.Time
	Asked, Solved int
}

// Insights is the whole page.
type Insights struct {
	From, To   time.Time
	Overall    Insight
	Categories []Insight
	Answerers  []AnswererInsight
	Days       []DayCount
	// Comments are the askers' comments of the period, newest first.
	Comments []SatisfactionRow
}

// maxInsightComments bounds the comments the page lists.
const maxInsightComments = 30

// MaxInsightDays bounds the period.
const MaxInsightDays = 366

// Insights computes the figures of the days before now (staff).
func (s *Service) Insights(ctx context.Context, actor *User, days int) (*Insights, error) {
	if !CanSeeAttention(actor) {
		return nil, denied(actor)
	}
	if days < 1 || days > MaxInsightDays {
		return nil, FieldError("days", "error.days_range", MaxInsightDays)
	}
	to := s.now()
	from := to.Add(-time.Duration(days) * 24 * time.Hour)
	rows, err := s.store.InsightRows(ctx, from, to)
	if err != nil {
		return nil, err
	}
	sats, err := s.store.SatisfactionRows(ctx, from, to)
	if err != nil {
		return nil, err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	return computeInsights(from, to, rows, sats, cats), nil
}

// computeInsights does the arithmetic, apart from the database so a test
// can check it on hand-computed figures.
func computeInsights(from, to time.Time, rows []InsightRow, sats []SatisfactionRow, cats []Category) *Insights {
	out := &Insights{From: from, To: to}
	type acc struct {
		in           Insight
		first, staff []time.Duration
	}
	all := &acc{}
	byCat := map[int64]*acc{}
	target := map[int64]time.Duration{}
	for i := range cats {
		byCat[cats[i].ID] = &acc{in: Insight{Category: &cats[i]}}
		target[cats[i].ID] = time.Duration(cats[i].ResponseTargetHours) * time.Hour
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	dayIndex := map[time.Time]int{}
	for d := day(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		dayIndex[d] = len(out.Days)
		out.Days = append(out.Days, DayCount{Day: d})
	}
	for _, r := range rows {
		c := byCat[r.CategoryID]
		for _, a := range []*acc{all, c} {
			if a == nil {
				continue
			}
			a.in.Asked++
			if r.Solved {
				a.in.Solved++
			}
			if r.FirstAnswerAt != nil {
				a.in.Answered++
				a.in.TargetDue++
				wait := r.FirstAnswerAt.Sub(r.CreatedAt)
				a.first = append(a.first, wait)
				if wait <= target[r.CategoryID] {
					a.in.WithinTarget++
				}
			} else if !r.CreatedAt.Add(target[r.CategoryID]).After(to) {
				a.in.TargetDue++
			}
			if r.FirstStaffAt != nil {
				a.staff = append(a.staff, r.FirstStaffAt.Sub(r.CreatedAt))
			}
		}
		if i, ok := dayIndex[day(r.CreatedAt)]; ok {
			out.Days[i].Asked++
			if r.Solved {
				out.Days[i].Solved++
			}
		}
	}
	answerers := map[int64]*AnswererInsight{}
	for _, r := range sats {
		for _, a := range []*acc{all, byCat[r.CategoryID]} {
			if a == nil {
				continue
			}
			a.in.SatResponses++
			if r.Solved {
				a.in.SatYes++
			}
			if r.Rating > 0 {
				a.in.SatRated++
				a.in.SatRatingTotal += r.Rating
			}
		}
		if r.Comment != "" {
			out.Comments = append(out.Comments, r)
		}
		ai := answerers[r.Answerer.ID]
		if ai == nil {
			ai = &AnswererInsight{Answerer: r.Answerer}
			answerers[r.Answerer.ID] = ai
		}
		ai.Responses++
		if r.Solved {
			ai.Yes++
		}
		if r.Rating > 0 {
			ai.Rated++
			ai.Ratings += r.Rating
		}
	}
	finish := func(a *acc) Insight {
		a.in.FirstAnswer, a.in.FirstStaff = spread(a.first), spread(a.staff)
		return a.in
	}
	out.Overall = finish(all)
	for i := range cats {
		out.Categories = append(out.Categories, finish(byCat[cats[i].ID]))
	}
	for _, ai := range answerers {
		out.Answerers = append(out.Answerers, *ai)
	}
	sort.Slice(out.Comments, func(i, j int) bool { return out.Comments[i].CreatedAt.After(out.Comments[j].CreatedAt) })
	if len(out.Comments) > maxInsightComments {
		out.Comments = out.Comments[:maxInsightComments]
	}
	sort.Slice(out.Answerers, func(i, j int) bool {
		a, b := out.Answerers[i], out.Answerers[j]
		if a.Responses != b.Responses {
			return a.Responses > b.Responses
		}
		return a.Answerer.Username < b.Answerer.Username
	})
	return out
}

// spread is the median (the mean of the middle two for an even count) and
// the 90th percentile by the nearest-rank method.
func spread(ds []time.Duration) Spread {
	if len(ds) == 0 {
		return Spread{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(math.Ceil(0.9 * float64(len(s))))
	return Spread{Median: Median(s), P90: s[rank-1], N: len(s)}
}

// RatingMean is an answerer's mean star rating, 0 with none.
func (a AnswererInsight) RatingMean() float64 {
	if a.Rated == 0 {
		return 0
	}
	return float64(a.Ratings) / float64(a.Rated)
}
