package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// TestInsightsFigures checks the insights on a fixture whose figures are
// computed by hand. Category "internet" has a 2-hour target; four
// questions are asked at hour 0:
//
//	t1 answered by a member at +1h, accepted, rated "yes, 4 stars"
//	t3 answered by a member at +2h, by staff at +5h
//	t2 answered by staff at +3h
//	t4 never answered
//
// First answers 1h, 2h, 3h: median 2h, p90 (nearest rank of 3) 3h, 3 of 4
// answered, 2 of 4 within the target (t1, t3 at exactly 2h). First staff
// answers 3h (t2), 5h (t3): median 4h, p90 5h. Solved 1 of 4.
func TestInsightsFigures(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 2)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)
	// Freeze the clock: the figures are exact.
	start := time.Now().UTC().Truncate(time.Second)
	var now time.Time = start
	e.Svc.Now = func() time.Time { return now }
	at := func(h float64) { now = start.Add(time.Duration(h * float64(time.Hour))) }

	t1 := e.ask(sabine, "internet", "Router drops the line every evening")
	t2 := e.ask(sabine, "internet", "Wi-Fi drops on the 5 GHz band")
	t3 := e.ask(sabine, "internet", "Phone line crackles since Monday")
	e.ask(sabine, "internet", "Speed far below the booked plan")
	at(1)
	a1 := e.answer(peter, t1.ID)
	at(2)
	e.answer(peter, t3.ID)
	at(3)
	if _, err := e.Svc.Answer(ctx, anna, t2.ID, "Support here: we reset your line, please check again."); err != nil {
		t.Fatal(err)
	}
	at(5)
	if _, err := e.Svc.Answer(ctx, anna, t3.ID, "Support here: a technician will call you tomorrow."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Accept(ctx, sabine, t1.ID, a1.ID); err != nil {
		t.Fatal(err)
	}

	// Satisfaction: from the page, once; nobody else may answer.
	b := e.axSignedIn(sabine)
	page := b.get(threadPath(t1))
	if !strings.Contains(page.Body, `action="/t/`+itoa(t1.ID)+`/satisfaction"`) {
		t.Fatal("the asker of a solved thread is not asked whether it solved the problem")
	}
	if r := e.axSignedIn(peter).post("/t/"+itoa(t1.ID)+"/satisfaction", url.Values{"solved": {"yes"}}); r.Status != http.StatusForbidden {
		t.Errorf("someone else answers for the asker: %d", r.Status)
	}
	if r := b.post("/t/"+itoa(t1.ID)+"/satisfaction", url.Values{"solved": {"yes"}, "rating": {"9"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a rating of 9: %d", r.Status)
	}
	if r := b.post("/t/"+itoa(t1.ID)+"/satisfaction", url.Values{"solved": {"yes"}, "rating": {"4"}, "comment": {"Fast and right."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("satisfaction: %d %s", r.Status, r.Body)
	}
	if r := b.post("/t/"+itoa(t1.ID)+"/satisfaction", url.Values{"solved": {"no"}}); r.Status != http.StatusConflict {
		t.Errorf("answering twice: %d", r.Status)
	}
	if r := b.get(threadPath(t1)); strings.Contains(r.Body, `/satisfaction"`) {
		t.Error("the question is asked again after it was answered")
	}

	in, err := e.Svc.Insights(ctx, anna, 7)
	if err != nil {
		t.Fatal(err)
	}
	o := in.Overall
	want := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	want("asked", o.Asked, 4)
	want("answered", o.Answered, 3)
	want("solved", o.Solved, 1)
	want("within target", o.WithinTarget, 2)
	want("first answer median", o.FirstAnswer.Median, 2*time.Hour)
	want("first answer p90", o.FirstAnswer.P90, 3*time.Hour)
	want("first staff median", o.FirstStaff.Median, 4*time.Hour)
	want("first staff p90", o.FirstStaff.P90, 5*time.Hour)
	want("responses", o.SatResponses, 1)
	want("yes", o.SatYes, 1)
	want("rating", o.RatingMean(), 4.0)
	if len(in.Answerers) != 1 || in.Answerers[0].Answerer.Username != "peter" || in.Answerers[0].Yes != 1 {
		t.Errorf("per answerer: %+v", in.Answerers)
	}
	if len(in.Comments) != 1 || in.Comments[0].Comment != "Fast and right." {
		t.Errorf("comments: %+v", in.Comments)
	}
	if len(in.Categories) != 1 || in.Categories[0].Asked != 4 {
		t.Errorf("per category: %+v", in.Categories)
	}

	// The page, its charts and who may see it.
	r := e.axSignedIn(anna).get("/staff/insights?days=7")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "<svg") || !strings.Contains(r.Body, "50 %") || !strings.Contains(r.Body, "Fast and right.") {
		t.Errorf("insights page: %d", r.Status)
	}
	if r := e.axSignedIn(peter).get("/staff/insights"); r.Status != http.StatusForbidden {
		t.Errorf("a member opens the insights: %d", r.Status)
	}
	if r := e.axSignedIn(anna).get("/staff/insights?days=1000"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a period of 1000 days: %d", r.Status)
	}
	var api struct {
		Overall struct {
			Median int64 `json:"first_answer_median_seconds"`
		} `json:"overall"`
	}
	e.axAPI(anna).call(http.MethodGet, "/api/v1/staff/insights?days=7", nil, &api)
	if api.Overall.Median != 7200 {
		t.Errorf("API median %d s, want 7200", api.Overall.Median)
	}
}
