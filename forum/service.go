package forum

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Service is the forum's use cases: every handler and command goes through
// it. It checks input and policy, then asks the store.
type Service struct {
	store  Store
	render Renderer
	hasher PasswordHasher
	search SearchIndex // nil until SetSearchIndex
	gate   Gate        // nil until SetGate
	// Now is the clock; tests replace it.
	Now func() time.Time

	// dummyHash is checked when a username does not exist.
	dummyOnce sync.Once
	dummyHash string

	clusterState
	tags tagsMemo
	cats categoriesMemo
	// mailKick wakes the mailer (SetMailKick).
	mailKick func()
	// lead says whether this node runs the once-across-nodes jobs
	// (SetLeadership); rounds counts the rounds each job ran here.
	lead   func() bool
	rounds jobRounds
}

// jobRounds counts the rounds the background jobs ran on this node.
type jobRounds struct{ notify, mail, clusters atomic.Int64 }

// SetLeadership makes the background jobs that must run once across all
// nodes sharing the database (notification fan-out, mail, cluster
// detection) run only while leading returns true; the others wait. Without
// it this node always runs them (one node).
func (s *Service) SetLeadership(leading func() bool) { s.lead = leading }

// leading reports whether this node runs those jobs now.
func (s *Service) leading() bool { return s.lead == nil || s.lead() }

// JobRounds returns how many rounds each once-across-nodes job has run on
// this node, for the metrics: summed over the nodes, a job runs once per
// tick, not once per node.
func (s *Service) JobRounds() map[string]int64 {
	return map[string]int64{"notify": s.rounds.notify.Load(), "mail": s.rounds.mail.Load(), "clusters": s.rounds.clusters.Load()}
}

// followerWait is how often a node that does not lead asks again.
const followerWait = time.Second

// followerPause waits followerWait before a follower asks again; false
// when ctx ended meanwhile.
func (s *Service) followerPause(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(followerWait):
		return true
	}
}

// categoriesFor is how long list and thread pages reuse the categories:
// each counts its threads (3 ms for 14,000, on every page). A category
// created or changed through this Service shows at once; thread counts,
// and another node's changes, lag by at most this long.
const categoriesFor = 30 * time.Second

type categoriesMemo struct {
	mu   sync.Mutex
	at   time.Time
	all  []Category
	byID map[int64]Category
}

// categoryOf returns a category for showing it beside a thread.
func (s *Service) categoryOf(ctx context.Context, id int64) (*Category, error) {
	s.cats.mu.Lock()
	c, ok := s.cats.byID[id]
	fresh := time.Since(s.cats.at) < categoriesFor
	s.cats.mu.Unlock()
	if ok && fresh {
		return &c, nil
	}
	if _, err := s.loadCategories(ctx); err != nil {
		return nil, err
	}
	s.cats.mu.Lock()
	c, ok = s.cats.byID[id]
	s.cats.mu.Unlock()
	if ok {
		return &c, nil
	}
	return s.store.CategoryByID(ctx, id)
}

// forgetCategories drops the memo after a change to a category.
func (s *Service) forgetCategories() {
	s.cats.mu.Lock()
	s.cats.all, s.cats.byID = nil, nil
	s.cats.mu.Unlock()
}

// popularTagsFor is how long the popular tags of the list pages are
// reused: counting them reads every visible thread's tags (0.14 s at
// 100,000 threads, on every list page), and counts half a minute old harm
// nobody.
const popularTagsFor = 30 * time.Second

type tagsMemo struct {
	mu    sync.Mutex
	at    time.Time
	limit int
	tags  []TagCount
}

// NewService wires a Service.
func NewService(store Store, render Renderer, hasher PasswordHasher) *Service {
	return &Service{store: store, render: render, hasher: hasher, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Limits on attempts, per fixed window. Failed or not, every attempt counts,
// so guessing many passwords for one account or many accounts from one
// address both stop; the windows are short so nobody is locked out for long.
const (
	loginPerIP         = 10
	loginPerAccount    = 10
	loginWindow        = 5 * time.Minute
	registerPerIP      = 10
	registerWindow     = time.Hour
	receiptSampleLimit = 200
)

// ---- accounts ----

// RegisterInput is what a newcomer fills in.
type RegisterInput struct {
	Username string
	Email    string
	Password string
	Language string
	Role     Role // only for commands and setup; registration ignores it
	IP       string
}

func (s *Service) newUser(in RegisterInput) (*User, error) {
	name, err := ValidateUsername(in.Username)
	if err != nil {
		return nil, err
	}
	email, err := ValidateEmail(in.Email)
	if err != nil {
		return nil, err
	}
	role := in.Role
	if role == 0 {
		role = RoleMember
	}
	if err := ValidatePassword(in.Password, role, name); err != nil {
		return nil, err
	}
	lang, err := ValidateLanguage(in.Language)
	if err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return nil, Internalf("hash password: %w", err)
	}
	return &User{Username: name, Email: email, PasswordHash: hash, Role: role, Language: lang, CreatedAt: s.now()}, nil
}

// Register creates a member account.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*User, error) {
	if in.IP != "" {
		if err := s.limit(ctx, "register:ip:"+in.IP, registerPerIP, registerWindow); err != nil {
			return nil, err
		}
	}
	in.Role = RoleMember
	u, err := s.newUser(in)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser creates an account with any role; for commands, not for the web.
func (s *Service) CreateUser(ctx context.Context, in RegisterInput) (*User, error) {
	u, err := s.newUser(in)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// NeedsSetup reports whether the forum has no account yet, so its first
// visitor is asked to create the admin.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n == 0, err
}

// SetupAdmin creates the first account, as admin. It fails with Conflict once
// any account exists, so two racing visitors cannot both become admin.
func (s *Service) SetupAdmin(ctx context.Context, in RegisterInput) (*User, error) {
	in.Role = RoleAdmin
	u, err := s.newUser(in)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateFirstAdmin(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Login checks a username and password and returns the account. For a
// suspended account it returns the account and a Forbidden error together;
// the account is only for choosing the error's language.
func (s *Service) Login(ctx context.Context, username, password, ip string) (*User, error) {
	if err := s.limit(ctx, "login:ip:"+ip, loginPerIP, loginWindow); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, "login:user:"+strings.ToLower(username), loginPerAccount, loginWindow); err != nil {
		return nil, err
	}
	bad := E(Unauthenticated, "error.login_failed")
	u, err := s.store.UserByUsername(ctx, username)
	if ErrorKind(err) == NotFound {
		// Spend the same time as a real check, so timing does not tell
		// which usernames exist.
		_, _, _ = s.hasher.Verify(s.dummyHashValue(), password)
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if u.PasswordHash == "" {
		// An imported placeholder: nobody can sign in as it until an
		// administrator sets a password (chorus user password).
		_, _, _ = s.hasher.Verify(s.dummyHashValue(), password)
		return nil, E(Unauthenticated, "error.account_unclaimed")
	}
	ok, rehash, err := s.hasher.Verify(u.PasswordHash, password)
	if err != nil {
		return nil, Internalf("verify password of %d: %w", u.ID, err)
	}
	if !ok {
		return nil, bad
	}
	if u.Suspended(s.now()) {
		// The account comes back with the error so the caller can say
		// why in the person's own language; it is not signed in.
		return u, SuspendedError(u)
	}
	if rehash {
		if h, err := s.hasher.Hash(password); err == nil {
			_ = s.store.SetUserPassword(ctx, u.ID, h)
		}
	}
	return u, nil
}

// dummyHashValue is a hash to spend a real check's time on.
func (s *Service) dummyHashValue() string {
	s.dummyOnce.Do(func() { s.dummyHash, _ = s.hasher.Hash("no such account") })
	return s.dummyHash
}

// SuspendedError tells a suspended person why and until when.
func SuspendedError(u *User) error {
	if u.SuspendedUntil != nil && !u.SuspendedUntil.Before(Forever) {
		return E(Forbidden, "error.suspended_forever", u.SuspendReason)
	}
	until := ""
	if u.SuspendedUntil != nil {
		until = u.SuspendedUntil.Format("2006-01-02 15:04 UTC")
	}
	return E(Forbidden, "error.suspended", until, u.SuspendReason)
}

func (s *Service) limit(ctx context.Context, key string, max int, window time.Duration) error {
	n, err := s.store.Hit(ctx, key, window, s.now())
	if err != nil {
		return err
	}
	if n > max {
		return E(RateLimited, "error.rate_limited", int(window.Minutes()))
	}
	return nil
}

// StartSession creates a browser session or an API token for u and returns
// the secret the client keeps.
func (s *Service) StartSession(ctx context.Context, u *User, kind TokenKind) (string, error) {
	secret, hash := newSecret()
	now := s.now()
	life := SessionAbsolute
	switch kind {
	case TokenAPI:
		life = APITokenLife
	case TokenMFA:
		life = MFATokenLife
	}
	t := &Token{Hash: hash, UserID: u.ID, Kind: kind, CreatedAt: now, LastUsedAt: now, ExpiresAt: now.Add(life)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", err
	}
	return secret, nil
}

// SessionUser returns the account a token belongs to, or Unauthenticated.
// It refreshes the session's idle timer at most once a minute.
func (s *Service) SessionUser(ctx context.Context, secret string, kind TokenKind) (*User, error) {
	if secret == "" {
		return nil, E(Unauthenticated, "error.login_required")
	}
	now := s.now()
	hash := HashToken(secret)
	u, t, err := s.store.TokenUser(ctx, hash, kind, now)
	if ErrorKind(err) == NotFound {
		return nil, E(Unauthenticated, "error.login_required")
	}
	if err != nil {
		return nil, err
	}
	if u.Suspended(now) {
		// Suspending ends the sessions; this catches one that raced it.
		_ = s.store.DeleteToken(ctx, hash)
		return nil, E(Unauthenticated, "error.login_required")
	}
	if kind == TokenSession && now.Sub(t.LastUsedAt) > SessionIdle {
		_ = s.store.DeleteToken(ctx, hash)
		return nil, E(Unauthenticated, "error.session_expired")
	}
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := s.store.TouchToken(ctx, hash, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// EndSession logs a session out.
func (s *Service) EndSession(ctx context.Context, secret string) error {
	return s.store.DeleteToken(ctx, HashToken(secret))
}

// AssignRole changes an account's role; for the operator's commands. A
// changed role ends the account's sessions, so new powers (or their loss)
// take effect at once.
func (s *Service) AssignRole(ctx context.Context, username string, role Role) (*User, error) {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if u.Role == role {
		return u, nil
	}
	if err := s.store.SetUserRole(ctx, u.ID, role); err != nil {
		return nil, err
	}
	if err := s.store.DeleteUserTokens(ctx, u.ID); err != nil {
		return nil, err
	}
	u.Role = role
	return u, nil
}

// SetPassword replaces an account's password and ends all its sessions.
func (s *Service) SetPassword(ctx context.Context, username, password string) error {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := ValidatePassword(password, u.Role, u.Username); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return Internalf("hash password: %w", err)
	}
	if err := s.store.SetUserPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	return s.store.DeleteUserTokens(ctx, u.ID)
}

// ChangePassword lets a signed-in person replace their password after
// typing the current one. Every session and API token of the account ends.
func (s *Service) ChangePassword(ctx context.Context, u *User, current, next string) error {
	if err := s.checkPassword(ctx, u, current); err != nil {
		if e := AsError(err); e.Field == "password" {
			e.Field = "current_password"
		}
		return err
	}
	if err := ValidatePassword(next, u.Role, u.Username); err != nil {
		AsError(err).Field = "new_password"
		return err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return Internalf("hash password: %w", err)
	}
	if err := s.store.SetUserPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	return s.store.DeleteUserTokens(ctx, u.ID)
}

// SetLanguage stores the UI language u chose ("" follows the browser).
func (s *Service) SetLanguage(ctx context.Context, u *User, lang string) error {
	lang, err := ValidateLanguage(lang)
	if err != nil {
		return err
	}
	return s.store.SetUserLanguage(ctx, u.ID, lang)
}

// User returns an account by name.
func (s *Service) User(ctx context.Context, username string) (*User, error) {
	return s.store.UserByUsername(ctx, username)
}

// Users lists accounts for admins.
func (s *Service) Users(ctx context.Context, actor *User, page int) ([]User, int, error) {
	if !CanAssignRoles(actor) {
		return nil, 0, denied(actor)
	}
	return s.store.ListUsers(ctx, max(page, 1), 50)
}

// denied is the error for an action the policy refused: a guest is asked
// to log in, a member is told it is not allowed.
func denied(actor *User) error {
	if actor == nil {
		return E(Unauthenticated, "error.login_required")
	}
	return E(Forbidden, "error.forbidden")
}

// ---- categories ----

// Categories lists every category in display order.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	s.cats.mu.Lock()
	all, fresh := s.cats.all, s.cats.all != nil && time.Since(s.cats.at) < categoriesFor
	s.cats.mu.Unlock()
	if fresh {
		return all, nil
	}
	return s.loadCategories(ctx)
}

// loadCategories reads the categories with their counts into the memo.
func (s *Service) loadCategories(ctx context.Context) ([]Category, error) {
	all, err := s.store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Category, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	s.cats.mu.Lock()
	s.cats.at, s.cats.all, s.cats.byID = time.Now(), all, byID
	s.cats.mu.Unlock()
	return all, nil
}

// Category returns a category by slug.
func (s *Service) Category(ctx context.Context, slug string) (*Category, error) {
	return s.store.CategoryBySlug(ctx, slug)
}

// CreateCategory adds a category (admins).
func (s *Service) CreateCategory(ctx context.Context, actor *User, in CategoryInput) (*Category, error) {
	if !CanManageCategories(actor) {
		return nil, denied(actor)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c := &Category{Slug: in.Slug, Name: in.Name, Description: in.Description, ResponseTargetHours: in.ResponseTargetHours, Position: in.Position}
	audit := &AuditEntry{Actor: refOf(actor), Action: "category.create", TargetType: "settings", CreatedAt: s.now(),
		After: JSONObject("slug", c.Slug, "name", c.Name, "response_target_hours", c.ResponseTargetHours)}
	if err := s.store.CreateCategory(ctx, c, audit); err != nil {
		return nil, err
	}
	s.forgetCategories()
	return c, nil
}

// UpdateCategory changes a category (admins).
func (s *Service) UpdateCategory(ctx context.Context, actor *User, id int64, in CategoryInput) (*Category, error) {
	if !CanManageCategories(actor) {
		return nil, denied(actor)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c, err := s.store.CategoryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	audit := &AuditEntry{Actor: refOf(actor), Action: "category.update", TargetType: "settings", TargetID: c.ID, CreatedAt: s.now(),
		Before: JSONObject("slug", c.Slug, "name", c.Name, "description", c.Description, "response_target_hours", c.ResponseTargetHours, "position", c.Position),
		After:  JSONObject("slug", in.Slug, "name", in.Name, "description", in.Description, "response_target_hours", in.ResponseTargetHours, "position", in.Position)}
	c.Slug, c.Name, c.Description, c.ResponseTargetHours, c.Position = in.Slug, in.Name, in.Description, in.ResponseTargetHours, in.Position
	if err := s.store.UpdateCategory(ctx, c, audit); err != nil {
		return nil, err
	}
	s.forgetCategories()
	return c, nil
}

// ---- threads ----

// AskInput is a new question.
type AskInput struct {
	CategorySlug string
	Title        string
	Body         string
	Tags         []string
	// Lang is the asker's UI language, used when the text does not tell.
	Lang string
}

// Ask starts a thread and returns it with the asker's receipt.
func (s *Service) Ask(ctx context.Context, actor *User, in AskInput) (*Thread, *Receipt, error) {
	if !CanAsk(actor) {
		return nil, nil, E(Unauthenticated, "error.login_required")
	}
	if strings.TrimSpace(in.CategorySlug) == "" {
		return nil, nil, FieldError("category", "error.required")
	}
	cat, err := s.store.CategoryBySlug(ctx, in.CategorySlug)
	if ErrorKind(err) == NotFound {
		return nil, nil, FieldError("category", "error.category_unknown")
	}
	if err != nil {
		return nil, nil, err
	}
	title, err := ValidateTitle(in.Title)
	if err != nil {
		return nil, nil, err
	}
	body, err := ValidateBody(in.Body)
	if err != nil {
		return nil, nil, err
	}
	tags, err := ValidateTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	hold, err := s.screen(ctx, actor, WriteThread, title+"\n"+body)
	if err != nil {
		return nil, nil, err
	}
	html, err := s.renderBody(body)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	t := &Thread{
		CategoryID: cat.ID, CategorySlug: cat.Slug, CategoryName: cat.Name,
		Title: title, Slug: Slugify(title), Author: actor.Ref(),
		Lang: DetectLanguage(title+" "+body, in.Lang), Tags: tags,
		CreatedAt: now, LastActivityAt: now,
	}
	if hold {
		t.HiddenAt, t.HiddenReason = &now, HiddenHeld
	}
	q := &Post{Author: actor.Ref(), IsQuestion: true, BodyMD: body, BodyHTML: html, CreatedAt: now}
	if err := s.store.CreateThread(ctx, t, q); err != nil {
		return nil, nil, err
	}
	r, err := s.receipt(ctx, cat, t.ID)
	if err != nil {
		return nil, nil, err
	}
	return t, r, nil
}

func (s *Service) renderBody(md string) (string, error) {
	html, err := s.render.Render(md)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			return "", fe
		}
		return "", Internalf("render: %w", err)
	}
	return html, nil
}

// Receipt is the asker's receipt for thread id, shown again on reload.
func (s *Service) Receipt(ctx context.Context, actor *User, id int64) (*Receipt, error) {
	t, err := s.visibleThread(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	cat, err := s.store.CategoryByID(ctx, t.CategoryID)
	if err != nil {
		return nil, err
	}
	return s.receipt(ctx, cat, t.ID)
}

func (s *Service) receipt(ctx context.Context, cat *Category, threadID int64) (*Receipt, error) {
	delays, err := s.store.FirstAnswerDelays(ctx, cat.ID, receiptSampleLimit)
	if err != nil {
		return nil, err
	}
	return &Receipt{
		ThreadID: threadID, CategoryName: cat.Name, ResponseTargetHours: cat.ResponseTargetHours,
		MedianFirstAnswer: Median(delays), Samples: len(delays),
	}, nil
}

// Median returns the median of ds, zero for none.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// visibleThread loads a thread that actor may read. Moderators also see
// deleted and hidden threads; merged threads are returned as they are so the
// caller can redirect.
func (s *Service) visibleThread(ctx context.Context, actor *User, id int64) (*Thread, error) {
	t, err := s.store.ThreadByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if t.MergedIntoID != 0 {
		return t, nil
	}
	if !t.Visible() && !CanSeeHiddenThread(actor, t) {
		return nil, ErrNotFound
	}
	return t, nil
}

// maxMergeChain bounds how far a redirect follows merged threads.
const maxMergeChain = 20

// FollowMerges follows a merged thread to the thread that holds its posts
// now, loading each step with load. It refuses a chain that loops or runs
// too long.
func FollowMerges(t *Thread, load func(id int64) (*Thread, error)) (*Thread, error) {
	seen := map[int64]bool{t.ID: true}
	for t.MergedIntoID != 0 {
		if seen[t.MergedIntoID] || len(seen) > maxMergeChain {
			return nil, E(Conflict, "error.merge_cycle")
		}
		seen[t.MergedIntoID] = true
		next, err := load(t.MergedIntoID)
		if err != nil {
			return nil, err
		}
		t = next
	}
	return t, nil
}

// Thread returns a thread as its page shows it to actor. A merged thread
// comes back with only MergedIntoID set, for the caller to redirect.
func (s *Service) Thread(ctx context.Context, actor *User, id int64) (*ThreadView, error) {
	t, err := s.visibleThread(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	v := &ThreadView{Thread: *t}
	if t.MergedIntoID != 0 {
		// Redirect straight to the end of the chain.
		end, err := FollowMerges(t, func(id int64) (*Thread, error) { return s.store.ThreadByID(ctx, id) })
		if err != nil {
			return nil, err
		}
		v.Thread.MergedIntoID = end.ID
		return v, nil
	}
	if t.DuplicateOfID != 0 {
		if d, err := s.store.ThreadByID(ctx, t.DuplicateOfID); err == nil && d.Visible() {
			v.DuplicateOf = &ThreadRef{ID: d.ID, Title: d.Title, Slug: d.Slug}
		}
	}
	cat, err := s.categoryOf(ctx, t.CategoryID)
	if err != nil {
		return nil, err
	}
	v.Category = *cat
	posts, err := s.store.Posts(ctx, id)
	if err != nil {
		return nil, err
	}
	mod := CanModerate(actor)
	for _, p := range posts {
		if p.Deleted() && !mod && !p.IsQuestion {
			continue
		}
		if p.Hidden() && !p.IsQuestion && !CanSeeHiddenPost(actor, &p) {
			if p.HiddenReason == HiddenHeld {
				continue
			}
			// Readers see that a post is hidden, not what it said.
			p.BodyMD, p.BodyHTML, p.Comments = "", "", nil
		}
		if !mod {
			p.Comments = visibleComments(p.Comments)
		}
		if p.IsQuestion {
			v.Question = p
		} else {
			v.Answers = append(v.Answers, p)
		}
	}
	sort.SliceStable(v.Answers, func(i, j int) bool {
		a, b := v.Answers[i], v.Answers[j]
		if (a.ID == t.AcceptedPostID) != (b.ID == t.AcceptedPostID) {
			return a.ID == t.AcceptedPostID
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.CreatedAt.Before(b.CreatedAt)
	})
	if actor != nil {
		if v.MyVotes, err = s.store.UserVotes(ctx, id, actor.ID); err != nil {
			return nil, err
		}
		if v.MeToo, err = s.store.HasMeToo(ctx, id, actor.ID); err != nil {
			return nil, err
		}
		if v.Following, err = s.store.IsSubscribed(ctx, id, actor.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func visibleComments(cs []Comment) []Comment {
	out := cs[:0:0]
	for _, c := range cs {
		if c.DeletedAt == nil {
			out = append(out, c)
		}
	}
	return out
}

// Threads lists visible threads.
func (s *Service) Threads(ctx context.Context, f ThreadFilter) (ThreadPage, error) {
	switch f.Status {
	case "", "open", "solved", "unanswered":
	default:
		return ThreadPage{}, FieldError("status", "error.filter_invalid")
	}
	switch f.Sort {
	case "":
		f.Sort = "latest"
	case "latest", "active", "top":
	default:
		return ThreadPage{}, FieldError("sort", "error.filter_invalid")
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.Page > 10000 {
		return ThreadPage{}, FieldError("page", "error.filter_invalid")
	}
	if f.PerPage < 1 || f.PerPage > 100 {
		f.PerPage = 30
	}
	return s.store.FindThreads(ctx, f)
}

// Questions returns the rendered questions of visible threads, by thread,
// for feeds; callers pass threads a guest may see.
func (s *Service) Questions(ctx context.Context, threadIDs []int64) (map[int64]string, error) {
	return s.store.QuestionsHTML(ctx, threadIDs)
}

// PopularTags returns the most used tags.
func (s *Service) PopularTags(ctx context.Context, limit int) ([]TagCount, error) {
	s.tags.mu.Lock()
	if s.tags.limit == limit && time.Since(s.tags.at) < popularTagsFor {
		tags := s.tags.tags
		s.tags.mu.Unlock()
		return tags, nil
	}
	s.tags.mu.Unlock()
	tags, err := s.store.PopularTags(ctx, limit)
	if err != nil {
		return nil, err
	}
	s.tags.mu.Lock()
	s.tags.at, s.tags.limit, s.tags.tags = time.Now(), limit, tags
	s.tags.mu.Unlock()
	return tags, nil
}

// ---- posts ----

// Answer adds an answer to a thread.
func (s *Service) Answer(ctx context.Context, actor *User, threadID int64, body string) (*Post, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, err
	}
	if t.MergedIntoID != 0 {
		return nil, E(Conflict, "error.thread_merged")
	}
	if !CanAnswer(actor, t) {
		return nil, E(Forbidden, "error.thread_closed")
	}
	body, err = ValidateBody(body)
	if err != nil {
		return nil, err
	}
	hold, err := s.screen(ctx, actor, WriteAnswer, body)
	if err != nil {
		return nil, err
	}
	html, err := s.renderBody(body)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &Post{ThreadID: t.ID, Author: actor.Ref(), BodyMD: body, BodyHTML: html, CreatedAt: now}
	if hold {
		p.HiddenAt, p.HiddenReason = &now, HiddenHeld
	}
	if err := s.store.CreatePost(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// postInThread loads a post and its thread for actor.
func (s *Service) postInThread(ctx context.Context, actor *User, postID int64) (*Post, *Thread, error) {
	p, err := s.store.PostByID(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.visibleThread(ctx, actor, p.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	if t.MergedIntoID != 0 {
		return nil, nil, ErrNotFound
	}
	return p, t, nil
}

// PostEdit is an edit of a post. Title and Tags apply to questions.
type PostEdit struct {
	Title string
	Body  string
	Tags  []string
}

// Post returns one post with its thread, for the edit form.
func (s *Service) Post(ctx context.Context, actor *User, postID int64) (*Post, *Thread, error) {
	return s.postInThread(ctx, actor, postID)
}

// EditPost changes a post and keeps the earlier version as a revision.
func (s *Service) EditPost(ctx context.Context, actor *User, postID int64, in PostEdit) (*Post, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	p, t, err := s.postInThread(ctx, actor, postID)
	if err != nil {
		return nil, err
	}
	if !CanEditPost(actor, t, p) {
		return nil, denied(actor)
	}
	body, err := ValidateBody(in.Body)
	if err != nil {
		return nil, err
	}
	u := PostUpdate{PostID: p.ID, EditorID: actor.ID, BodyMD: body, At: s.now()}
	if p.IsQuestion {
		if u.Title, err = ValidateTitle(in.Title); err != nil {
			return nil, err
		}
		if u.Tags, err = ValidateTags(in.Tags); err != nil {
			return nil, err
		}
		u.Slug = Slugify(u.Title)
	}
	// An edit is a write like any other: a spam word or a new account's
	// links added later hold the post, and a silenced member cannot edit.
	kind, text := WriteAnswer, body
	if p.IsQuestion {
		kind, text = WriteThread, u.Title+"\n"+body
	}
	if u.Hold, err = s.screen(ctx, actor, kind, text); err != nil {
		return nil, err
	}
	if u.BodyHTML, err = s.renderBody(body); err != nil {
		return nil, err
	}
	if p.Author.ID != actor.ID {
		u.Audit = &AuditEntry{
			Actor: refOf(actor), Action: "post.edit", TargetType: "post", TargetID: p.ID,
			Before: JSONObject("title", t.Title, "tags", t.Tags, "body", p.BodyMD),
			After:  JSONObject("title", u.Title, "tags", u.Tags, "body", body), CreatedAt: u.At,
		}
		if !p.IsQuestion {
			u.Audit.Before, u.Audit.After = JSONObject("body", p.BodyMD), JSONObject("body", body)
		}
	}
	if err := s.store.UpdatePost(ctx, u); err != nil {
		return nil, err
	}
	return s.store.PostByID(ctx, p.ID)
}

// DeletePost soft-deletes a post; deleting the question deletes the thread.
// It returns the thread and the post as they were.
func (s *Service) DeletePost(ctx context.Context, actor *User, postID int64) (*Thread, *Post, error) {
	if actor == nil {
		return nil, nil, E(Unauthenticated, "error.login_required")
	}
	p, t, err := s.postInThread(ctx, actor, postID)
	if err != nil {
		return nil, nil, err
	}
	if !CanDeletePost(actor, t, p) {
		if p.ID == t.AcceptedPostID && p.Author.ID == actor.ID {
			return nil, nil, E(Forbidden, "error.delete_accepted")
		}
		if p.IsQuestion && p.Author.ID == actor.ID && t.AnswerCount > 0 {
			return nil, nil, E(Forbidden, "error.delete_answered")
		}
		return nil, nil, denied(actor)
	}
	now := s.now()
	var audit *AuditEntry
	if p.Author.ID != actor.ID {
		audit = &AuditEntry{Actor: refOf(actor), Action: "post.delete", TargetType: "post", TargetID: p.ID,
			Before: JSONObject("thread", t.ID, "author", p.Author.Username), After: JSONObject("deleted", true), CreatedAt: now}
	}
	if err := s.store.DeletePost(ctx, p.ID, now, audit); err != nil {
		return nil, nil, err
	}
	return t, p, nil
}

// Revisions returns a post's versions, oldest first.
func (s *Service) Revisions(ctx context.Context, actor *User, postID int64) ([]Revision, *Thread, error) {
	p, t, err := s.postInThread(ctx, actor, postID)
	if err != nil {
		return nil, nil, err
	}
	if !CanSeeRevisions(actor, t, p) {
		return nil, nil, ErrNotFound
	}
	revs, err := s.store.Revisions(ctx, postID)
	return revs, t, err
}

// AddComment adds a comment under a post.
func (s *Service) AddComment(ctx context.Context, actor *User, postID int64, body string) (*Comment, *Thread, error) {
	if actor == nil {
		return nil, nil, E(Unauthenticated, "error.login_required")
	}
	p, t, err := s.postInThread(ctx, actor, postID)
	if err != nil {
		return nil, nil, err
	}
	if !CanComment(actor, t, p) {
		return nil, nil, E(Forbidden, "error.thread_closed")
	}
	body, err = ValidateComment(body)
	if err != nil {
		return nil, nil, err
	}
	// Comments are short and are not held: the gate may refuse one (rate,
	// links), not queue it.
	if _, err := s.screen(ctx, actor, WriteComment, body); err != nil {
		return nil, nil, err
	}
	html, err := s.renderBody(body)
	if err != nil {
		return nil, nil, err
	}
	c := &Comment{PostID: p.ID, Author: actor.Ref(), BodyMD: body, BodyHTML: html, CreatedAt: s.now()}
	if err := s.store.CreateComment(ctx, c); err != nil {
		return nil, nil, err
	}
	return c, t, nil
}

// DeleteComment soft-deletes a comment.
func (s *Service) DeleteComment(ctx context.Context, actor *User, commentID int64) (*Thread, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	c, err := s.store.CommentByID(ctx, commentID)
	if err != nil {
		return nil, err
	}
	_, t, err := s.postInThread(ctx, actor, c.PostID)
	if err != nil {
		return nil, err
	}
	if !CanDeleteComment(actor, t, c) {
		return nil, denied(actor)
	}
	now := s.now()
	var audit *AuditEntry
	if c.Author.ID != actor.ID {
		audit = &AuditEntry{Actor: refOf(actor), Action: "comment.delete", TargetType: "post", TargetID: c.PostID,
			Before: JSONObject("comment", c.ID, "author", c.Author.Username, "body", c.BodyMD), After: JSONObject("deleted", true), CreatedAt: now}
	}
	return t, s.store.DeleteComment(ctx, c.ID, now, audit)
}

// ---- votes, me too, accepted answer ----

// Vote records actor's vote on an answer: 1 up, -1 down, 0 to withdraw. A
// member has one vote per answer and may change it. It returns the score.
func (s *Service) Vote(ctx context.Context, actor *User, postID int64, value int) (int, *Thread, error) {
	if actor == nil {
		return 0, nil, E(Unauthenticated, "error.login_required")
	}
	if value < -1 || value > 1 {
		return 0, nil, FieldError("value", "error.vote_value")
	}
	p, t, err := s.postInThread(ctx, actor, postID)
	if err != nil {
		return 0, nil, err
	}
	if !CanVote(actor, t, p) {
		if p.Author.ID == actor.ID {
			return 0, nil, E(Forbidden, "error.vote_own")
		}
		return 0, nil, denied(actor)
	}
	if _, err := s.screen(ctx, actor, WriteVote, ""); err != nil {
		return 0, nil, err
	}
	score, err := s.store.SetVote(ctx, p.ID, actor.ID, value, s.now())
	return score, t, err
}

// MeToo says (on) or withdraws "me too" for actor on a thread, and returns
// the number of people who have the problem.
func (s *Service) MeToo(ctx context.Context, actor *User, threadID int64, on bool) (int, error) {
	if actor == nil {
		return 0, E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return 0, err
	}
	if !CanMeToo(actor, t) {
		if t.Author.ID == actor.ID {
			return 0, E(Forbidden, "error.metoo_own")
		}
		return 0, denied(actor)
	}
	if on {
		if _, err := s.screen(ctx, actor, WriteMeToo, ""); err != nil {
			return 0, err
		}
	}
	return s.store.SetMeToo(ctx, t.ID, actor.ID, on, s.now())
}

// Accept marks postID as the thread's accepted answer, replacing any earlier
// one; postID 0 removes the mark.
func (s *Service) Accept(ctx context.Context, actor *User, threadID, postID int64) (*Thread, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, err
	}
	if !CanAccept(actor, t) {
		return nil, E(Forbidden, "error.accept_forbidden")
	}
	if postID != 0 {
		p, err := s.store.PostByID(ctx, postID)
		if ErrorKind(err) == NotFound {
			return nil, FieldError("post_id", "error.accept_not_answer")
		}
		if err != nil {
			return nil, err
		}
		if p.ThreadID != t.ID || p.IsQuestion || p.Deleted() || p.Hidden() {
			return nil, FieldError("post_id", "error.accept_not_answer")
		}
	}
	now := s.now()
	var audit *AuditEntry
	if t.Author.ID != actor.ID {
		audit = &AuditEntry{Actor: refOf(actor), Action: "thread.accept", TargetType: "thread", TargetID: t.ID,
			Before: JSONObject("accepted_post_id", t.AcceptedPostID), After: JSONObject("accepted_post_id", postID), CreatedAt: now}
	}
	if err := s.store.SetAccepted(ctx, t.ID, postID, now, audit); err != nil {
		return nil, err
	}
	t.AcceptedPostID = postID
	return t, nil
}

// ---- notifications ----

// NotificationsPerPage is the length of a page of notifications.
const NotificationsPerPage = 30

// Notifications returns a page of actor's notifications, newest first, and
// how many are unread.
func (s *Service) Notifications(ctx context.Context, actor *User, page int) ([]Notification, int, error) {
	if actor == nil {
		return nil, 0, E(Unauthenticated, "error.login_required")
	}
	if page < 1 || page > 10000 {
		page = 1
	}
	return s.store.Notifications(ctx, actor.ID, (page-1)*NotificationsPerPage, NotificationsPerPage)
}

// UnreadNotifications counts actor's unread notifications, for the header.
func (s *Service) UnreadNotifications(ctx context.Context, actor *User) (int, error) {
	if actor == nil {
		return 0, nil
	}
	return s.store.UnreadNotifications(ctx, actor.ID)
}

// MarkNotificationsRead marks all of actor's notifications read.
func (s *Service) MarkNotificationsRead(ctx context.Context, actor *User) error {
	if actor == nil {
		return E(Unauthenticated, "error.login_required")
	}
	return s.store.MarkNotificationsRead(ctx, actor.ID, s.now())
}

// refOf is the audit log's actor for u.
func refOf(u *User) *UserRef {
	r := u.Ref()
	return &r
}
