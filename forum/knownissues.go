package forum

import (
	"context"
	"slices"
	"time"
)

// Known issues: when many customers have the same problem, staff open one
// public thread for it with a status (investigating, identified,
// monitoring, fixed), a workaround and an expected fix time, link every
// report to it, and every status change tells everyone affected.

// KnownIssueStatuses are the statuses, in their usual order.
var KnownIssueStatuses = []string{"investigating", "identified", "monitoring", "fixed"}

// KnownIssue is a known issue as its page shows it.
type KnownIssue struct {
	Thread         Thread
	Status         string
	WorkaroundMD   string
	WorkaroundHTML string
	ExpectedFixAt  *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Affected counts the people: the askers of the linked reports and
	// everyone who said "me too" on them or on the known issue itself,
	// each once.
	Affected int
	Updates  []KnownIssueUpdate
	Reports  []Thread
}

// Open reports whether the issue is not fixed yet.
func (k KnownIssue) Open() bool { return k.Status != "fixed" }

// KnownIssueUpdate is one status change with its note.
type KnownIssueUpdate struct {
	Status    string
	NoteHTML  string
	Actor     UserRef
	CreatedAt time.Time
}

// KnownIssueInput opens a known issue.
type KnownIssueInput struct {
	Category   string
	Title      string
	Body       string
	Status     string
	Workaround string
	// ExpectedFix is optional.
	ExpectedFix *time.Time
}

// KnownIssueChange is a status update: the new status, a note for the
// people affected, and optionally a new workaround and fix time.
type KnownIssueChange struct {
	Status      string
	Note        string
	Workaround  *string
	ExpectedFix *time.Time
}

// CanManageKnownIssues reports whether u may open, update and link known
// issues: staff and admins.
func CanManageKnownIssues(u *User) bool { return CanClaim(u) }

func validStatus(s string) error {
	if !slices.Contains(KnownIssueStatuses, s) {
		return FieldError("status", "error.known_status")
	}
	return nil
}

// CreateKnownIssue opens a known issue: its thread, asked by the staff
// member, and its status, in one transaction with the audit entry.
func (s *Service) CreateKnownIssue(ctx context.Context, actor *User, in KnownIssueInput) (*KnownIssue, error) {
	nk, err := s.newKnownIssue(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	audit := &AuditEntry{Actor: refOf(actor), Action: "known_issue.create", TargetType: "thread", CreatedAt: nk.Issue.CreatedAt,
		After: JSONObject("title", nk.Thread.Title, "status", nk.Issue.Status)}
	if err := s.store.CreateKnownIssue(ctx, nk.Thread, nk.Post, nk.Issue, audit); err != nil {
		return nil, err
	}
	nk.Issue.Thread = *nk.Thread
	return nk.Issue, nil
}

// newKnownIssue checks a known issue's input and makes what the store
// keeps of it.
func (s *Service) newKnownIssue(ctx context.Context, actor *User, in KnownIssueInput) (*NewKnownIssue, error) {
	if !CanManageKnownIssues(actor) {
		return nil, denied(actor)
	}
	if in.Status == "" {
		in.Status = "investigating"
	}
	if err := validStatus(in.Status); err != nil {
		return nil, err
	}
	cat, err := s.store.CategoryBySlug(ctx, in.Category)
	if ErrorKind(err) == NotFound {
		return nil, FieldError("category", "error.category_unknown")
	}
	if err != nil {
		return nil, err
	}
	title, err := ValidateTitle(in.Title)
	if err != nil {
		return nil, err
	}
	body, err := ValidateBody(in.Body)
	if err != nil {
		return nil, err
	}
	wmd, whtml, err := s.workaround(in.Workaround)
	if err != nil {
		return nil, err
	}
	html, err := s.renderBody(body)
	if err != nil {
		return nil, err
	}
	now := s.now()
	t := &Thread{CategoryID: cat.ID, CategorySlug: cat.Slug, CategoryName: cat.Name, Title: title, Slug: Slugify(title),
		Author: actor.Ref(), Lang: DetectLanguage(title+" "+body, actor.Language), CreatedAt: now, LastActivityAt: now}
	q := &Post{Author: actor.Ref(), IsQuestion: true, BodyMD: body, BodyHTML: html, CreatedAt: now}
	k := &KnownIssue{Status: in.Status, WorkaroundMD: wmd, WorkaroundHTML: whtml, ExpectedFixAt: in.ExpectedFix, CreatedAt: now, UpdatedAt: now}
	return &NewKnownIssue{Thread: t, Post: q, Issue: k}, nil
}

func (s *Service) workaround(md string) (string, string, error) {
	if md == "" {
		return "", "", nil
	}
	md, err := cleanText("workaround", md, false)
	if err != nil {
		return "", "", err
	}
	if err := lengthBetween("workaround", md, 1, BodyMax); err != nil {
		return "", "", err
	}
	html, err := s.renderBody(md)
	return md, html, err
}

// KnownIssue returns a known issue with its updates and reports, for
// anyone who may see its thread.
func (s *Service) KnownIssue(ctx context.Context, actor *User, threadID int64) (*KnownIssue, error) {
	if _, err := s.visibleThread(ctx, actor, threadID); err != nil {
		return nil, err
	}
	return s.store.KnownIssue(ctx, threadID)
}

// KnownIssues lists the open known issues and those fixed in the last 30
// days, newest change first.
func (s *Service) KnownIssues(ctx context.Context) ([]KnownIssue, error) {
	return s.store.KnownIssues(ctx, s.now().Add(-30*24*time.Hour))
}

// LinkedKnownIssue returns the known issue a report is linked to, or nil.
func (s *Service) LinkedKnownIssue(ctx context.Context, threadID int64) (*KnownIssue, error) {
	k, err := s.store.LinkedKnownIssue(ctx, threadID)
	if ErrorKind(err) == NotFound || (err == nil && !k.Thread.Visible()) {
		return nil, nil
	}
	return k, err
}

// KnownIssueContext returns, for a thread page, the known issue the
// thread is (known) or the one it is linked to (linked), either or both
// nil. One query answers for the ordinary thread that is neither.
func (s *Service) KnownIssueContext(ctx context.Context, t *Thread) (known, linked *KnownIssue, err error) {
	isKnown, linkedTo, err := s.store.KnownIssueRole(ctx, t.ID)
	if err != nil {
		return nil, nil, err
	}
	if isKnown {
		if known, err = s.store.KnownIssue(ctx, t.ID); err != nil {
			return nil, nil, err
		}
	}
	if linkedTo != 0 {
		if linked, err = s.store.KnownIssue(ctx, linkedTo); err != nil && ErrorKind(err) != NotFound {
			return nil, nil, err
		}
		if linked != nil && !linked.Thread.Visible() {
			linked = nil
		}
	}
	return known, linked, nil
}

// liveKnownIssue loads a known issue staff may change: its thread must be
// visible.
func (s *Service) liveKnownIssue(ctx context.Context, id int64) (*KnownIssue, error) {
	k, err := s.store.KnownIssue(ctx, id)
	if err != nil {
		return nil, err
	}
	if !k.Thread.Visible() {
		return nil, E(Conflict, "error.known_gone")
	}
	return k, nil
}

// UpdateKnownIssue records a status change and tells everyone affected.
func (s *Service) UpdateKnownIssue(ctx context.Context, actor *User, threadID int64, ch KnownIssueChange) (*KnownIssue, error) {
	if !CanManageKnownIssues(actor) {
		return nil, denied(actor)
	}
	if err := validStatus(ch.Status); err != nil {
		return nil, err
	}
	note, err := ValidateReason("note", ch.Note, false)
	if err != nil {
		return nil, err
	}
	k, err := s.liveKnownIssue(ctx, threadID)
	if err != nil {
		return nil, err
	}
	// The same status again with nothing new is no update: nobody is
	// told twice.
	if ch.Status == k.Status && note == "" && ch.Workaround == nil && (ch.ExpectedFix == nil ||
		(k.ExpectedFixAt != nil && ch.ExpectedFix.Equal(*k.ExpectedFixAt))) {
		return k, nil
	}
	u := KnownIssueUpdateIn{ThreadID: threadID, Status: ch.Status, NoteMD: note, ActorID: actor.ID, At: s.now(),
		WorkaroundMD: k.WorkaroundMD, WorkaroundHTML: k.WorkaroundHTML, ExpectedFixAt: k.ExpectedFixAt}
	if note != "" {
		if u.NoteHTML, err = s.renderBody(note); err != nil {
			return nil, err
		}
	}
	if ch.Workaround != nil {
		if u.WorkaroundMD, u.WorkaroundHTML, err = s.workaround(*ch.Workaround); err != nil {
			return nil, err
		}
	}
	if ch.ExpectedFix != nil {
		u.ExpectedFixAt = ch.ExpectedFix
	}
	u.Audit = &AuditEntry{Actor: refOf(actor), Action: "known_issue.status", TargetType: "thread", TargetID: threadID, Reason: note,
		CreatedAt: u.At, Before: JSONObject("status", k.Status), After: JSONObject("status", ch.Status)}
	if err := s.store.UpdateKnownIssue(ctx, u); err != nil {
		return nil, err
	}
	return s.store.KnownIssue(ctx, threadID)
}

// KnownIssueUpdateIn is one stored status change.
type KnownIssueUpdateIn struct {
	ThreadID                     int64
	Status                       string
	NoteMD, NoteHTML             string
	WorkaroundMD, WorkaroundHTML string
	ExpectedFixAt                *time.Time
	ActorID                      int64
	At                           time.Time
	Audit                        *AuditEntry
}

// LinkReport links a report to a known issue (on) or unlinks it. Linking
// again is a no-op; a report linked to another known issue moves. The
// report's asker is told.
func (s *Service) LinkReport(ctx context.Context, actor *User, knownID, threadID int64, on bool) error {
	if !CanManageKnownIssues(actor) {
		return denied(actor)
	}
	if knownID == threadID {
		return FieldError("thread_id", "error.link_self")
	}
	if _, err := s.liveKnownIssue(ctx, knownID); err != nil {
		return err
	}
	t, err := s.store.ThreadByID(ctx, threadID)
	if ErrorKind(err) == NotFound {
		return FieldError("thread_id", "error.merge_target_unknown")
	}
	if err != nil {
		return err
	}
	if !t.Visible() && on {
		return FieldError("thread_id", "error.merge_target_gone")
	}
	if _, err := s.store.KnownIssue(ctx, threadID); err == nil {
		return FieldError("thread_id", "error.link_known")
	}
	now := s.now()
	action := "known_issue.unlink"
	if on {
		action = "known_issue.link"
	}
	audit := &AuditEntry{Actor: refOf(actor), Action: action, TargetType: "thread", TargetID: threadID, CreatedAt: now,
		After: JSONObject("known_issue", knownID)}
	return s.store.LinkReport(ctx, knownID, threadID, actor.ID, on, now, audit)
}
