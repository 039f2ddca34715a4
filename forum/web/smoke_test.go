package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

func TestAskAnswerAcceptThroughPages(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	asker, helper := e.user("asker", forum.RoleMember), e.user("helper", forum.RoleMember)
	_ = helper

	b := e.browser().login("asker")
	r := b.post("/ask", url.Values{"category": {"internet"}, "title": {"Router drops the line every evening"},
		"body": {"Since Monday my DSL line drops at 8 pm, every day."}, "tags": {"dsl, router"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "?asked=1") {
		t.Fatalf("ask: %d %s", r.Status, r.Location)
	}
	r = b.get(r.Location)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Your question is posted") {
		t.Fatalf("receipt missing: %d\n%s", r.Status, r.Body)
	}
	th, err := e.Svc.Threads(t.Context(), forum.ThreadFilter{})
	if err != nil || th.Total != 1 {
		t.Fatalf("threads: %v %d", err, th.Total)
	}
	id := th.Threads[0].ID
	if th.Threads[0].Author.ID != asker.ID {
		t.Fatal("wrong author")
	}

	hb := e.browser().login("helper")
	r = hb.post("/t/"+itoa(id)+"/answer", url.Values{"body": {"Check the splitter; mine was loose after a storm."}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	v, _ := e.Svc.Thread(t.Context(), nil, id)
	postID := v.Answers[0].ID
	r = b.post("/t/"+itoa(id)+"/accept", url.Values{"post_id": {itoa(postID)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	r = b.get("/?status=solved")
	if !strings.Contains(r.Body, "Router drops the line every evening") {
		t.Fatal("solved list lacks the thread")
	}
}
