package forum

import (
	"context"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/chorus-forum/chorus/forum/cluster"
)

// Widespread problems: a background pass (every minute, and on demand)
// groups the reports of the last hours that resemble each other, and
// raises a group when more people reported it than its usual share of
// the weeks before predicts (package cluster says how). Staff see the
// raised clusters on /staff/clusters and confirm one as a known issue
// (linking every thread), merge it into an existing known issue, or
// dismiss it.

// ClusterStore is what cluster detection needs of the store.
type ClusterStore interface {
	// ClusterReports returns the visible threads created since the time,
	// and those that got a "me too" since, with their question and their
	// "me too"s since then; known issues themselves are left out.
	ClusterReports(ctx context.Context, since time.Time, limit int) ([]ClusterReport, error)
	// ClusterHistory counts the visible threads created in [from, to) and
	// returns those whose ID is a multiple of stride.
	ClusterHistory(ctx context.Context, from, to time.Time, stride int64) (total int, sample []ClusterText, err error)
	// CountClusterHistory counts the visible threads created in [from, to).
	CountClusterHistory(ctx context.Context, from, to time.Time) (int, error)
	// TrackedClusters returns the open clusters, those changed since the
	// time, those dismissed in the last 30 days and those whose known issue
	// is open, each with its threads created or "me too"d after
	// threadsSince: the only ones a pass can meet again.
	TrackedClusters(ctx context.Context, since, threadsSince time.Time) ([]cluster.Tracked, error)
	// SaveClusterPass stores a pass's changes in one transaction: new
	// clusters (whose IDs it fills in), grown ones, reopened ones, the
	// system's audit entries and, when autoLink is set, links of new
	// threads of confirmed clusters to their known issue.
	SaveClusterPass(ctx context.Context, changes []ClusterChange, autoLink bool, now time.Time) error
	// ClusterPassLock waits until no other node runs a pass, and holds
	// that until release is called: a pass reads what the last one saved,
	// on whichever node it ran.
	ClusterPassLock(ctx context.Context) (release func(), err error)
	// Clusters lists clusters by status ("" for open ones and those
	// decided in the last week), newest activity first.
	Clusters(ctx context.Context, status string, since time.Time, limit int) ([]Cluster, error)
	Cluster(ctx context.Context, id int64) (*Cluster, error)
	// OpenKnownIssueTexts returns the open known issues, each with its
	// question and the questions of its latest perIssue linked reports.
	OpenKnownIssueTexts(ctx context.Context, perIssue int) ([]KnownIssueTexts, error)
	// DecideCluster records a decision: dismissed, or confirmed as (or
	// merged into) known issue knownID, linking each of its visible
	// threads to it. When create is set, the known issue's thread, question
	// and status are stored first, in the same transaction.
	DecideCluster(ctx context.Context, d ClusterDecision) error
}

// ClusterReport is a thread as cluster detection loads it.
type ClusterReport struct {
	ID         int64
	AuthorID   int64
	Category   string
	Title      string
	Body       string
	CreatedAt  time.Time
	KnownIssue int64
	MeToo      []cluster.Vote
}

// ClusterText is a thread of the history sample.
type ClusterText struct {
	ID    int64
	Title string
	Body  string
}

// ClusterChange is one change of a pass, for the store.
type ClusterChange struct {
	cluster.Change
	// ID is the cluster's; SaveClusterPass fills it in for a new one.
	ID    int64
	Label string
	// KnownIssue and DecidedBy are set for new reports of a known issue
	// that no cluster tracks yet: a confirmed cluster is made for them, in
	// the name of the known issue's author. Suggested is set for every
	// change that only adds such reports: the cluster's statistics stay.
	KnownIssue int64
	DecidedBy  int64
	Suggested  bool
}

// KnownIssueTexts is an open known issue's text and its reports', for
// finding new reports of its problem.
type KnownIssueTexts struct {
	ID        int64
	Title     string
	CreatedBy int64
	Texts     []ClusterText
}

// knownIssueSample is how many of a known issue's latest linked reports
// describe its problem for finding new ones.
const knownIssueSample = 50

// Cluster is a raised cluster as staff see it.
type Cluster struct {
	ID        int64
	Status    string
	Label     string
	Stats     cluster.Stats
	People    int
	RaisedAt  time.Time
	UpdatedAt time.Time
	DecidedBy *UserRef
	DecidedAt *time.Time
	// KnownIssueID is the known issue it was confirmed as or merged into.
	KnownIssueID    int64
	KnownIssueTitle string
	// Threads are its latest visible threads, at most clusterThreadsShown;
	// ThreadCount counts them all.
	Threads     []Thread
	ThreadCount int
	// Unlinked counts its visible threads not linked to its known issue:
	// new reports that match a confirmed cluster wait there for staff
	// unless links are automatic.
	Unlinked int
}

// ClusterDecision is a staff decision on a cluster, for the store.
type ClusterDecision struct {
	ClusterID int64
	Status    string // cluster.StatusDismissed or cluster.StatusConfirmed
	ActorID   int64
	KnownID   int64
	// Create, when set, is the known issue to open first (KnownID is then
	// filled in).
	Create *NewKnownIssue
	Now    time.Time
	Audit  *AuditEntry
}

// NewKnownIssue is a known issue to store.
type NewKnownIssue struct {
	Thread *Thread
	Post   *Post
	Issue  *KnownIssue
}

// ClusterPass is what one detection pass found.
type ClusterPass struct {
	Reports int // recent reports looked at
	Groups  int // groups of similar reports among them
	// Raised are the clusters raised for the first time or again.
	Raised   []Cluster
	Duration time.Duration
}

// ClusterThreadsShown is how many of a cluster's latest threads the
// dashboard and the API list.
const ClusterThreadsShown = 100

// CanSeeClusters reports whether u may see and decide clusters: staff and
// admins, as for known issues.
func CanSeeClusters(u *User) bool { return CanManageKnownIssues(u) }

// clusterRecentLimit bounds the reports one pass loads: six hours at
// 1,000 new threads an hour, and room to spare.
const clusterRecentLimit = 20000

// ClusterConfig returns the detector's settings.
func (s *Service) ClusterConfig() cluster.Config {
	if s.clusterConfig != nil {
		return *s.clusterConfig
	}
	return cluster.DefaultConfig
}

// SetClusterConfig replaces the detector's settings (tests and the
// evaluation use it); autoLink links new reports of a confirmed cluster
// to its known issue instead of suggesting them to staff.
func (s *Service) SetClusterConfig(cfg cluster.Config, autoLink bool) {
	s.clusterConfig = &cfg
	s.clusterAutoLink = autoLink
}

func (s *Service) clusterStore() (ClusterStore, error) {
	cs, ok := s.store.(ClusterStore)
	if !ok || s.search == nil {
		return nil, E(Unavailable, "error.clusters_unavailable")
	}
	return cs, nil
}

// DetectClusters runs one detection pass, as the background job does.
func (s *Service) DetectClusters(ctx context.Context) (*ClusterPass, error) {
	cs, err := s.clusterStore()
	if err != nil {
		return nil, err
	}
	s.clusterMu.Lock() // one pass at a time: a pass reads what the last one saved
	defer s.clusterMu.Unlock()
	release, err := cs.ClusterPassLock(ctx) // and one across the nodes
	if err != nil {
		return nil, err
	}
	defer release()
	start := time.Now()
	cfg := s.ClusterConfig()
	now := s.now()
	rows, err := cs.ClusterReports(ctx, now.Add(-cfg.Window), clusterRecentLimit)
	if err != nil {
		return nil, err
	}
	in := cluster.Input{Now: now}
	for _, r := range rows {
		in.Recent = append(in.Recent, cluster.Report{ID: r.ID, Author: r.AuthorID, Category: r.Category, Created: r.CreatedAt,
			Terms: s.reportTerms(r.ID, r.Title, r.Body), MeToo: r.MeToo, KnownIssue: r.KnownIssue})
	}
	from, to := now.Add(-cfg.History), now.Add(-cfg.HistoryGap)
	total, err := cs.CountClusterHistory(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if total > 0 {
		_, sample, err := cs.ClusterHistory(ctx, from, to, cluster.Stride(total, cfg.Sample))
		if err != nil {
			return nil, err
		}
		in.HistoryTotal = total
		for _, t := range sample {
			in.History = append(in.History, s.reportTerms(t.ID, t.Title, t.Body))
		}
	}
	groups := cluster.Detect(in, cfg)
	tracked, err := cs.TrackedClusters(ctx, now.Add(-7*24*time.Hour), now.Add(-cfg.Window))
	if err != nil {
		return nil, err
	}
	var changes []ClusterChange
	for _, ch := range cluster.Reconcile(groups, tracked, cfg.Member) {
		if ch.New && ch.Group.KnownIssue != 0 {
			// Mostly reports staff linked to a known issue already: not a
			// new problem (its unlinked ones are offered below).
			continue
		}
		changes = append(changes, ClusterChange{Change: ch, Label: strings.Join(ch.Group.Stats.Words, ", ")})
	}
	if changes, err = s.knownIssueReports(ctx, cs, in, tracked, changes); err != nil {
		return nil, err
	}
	if err := cs.SaveClusterPass(ctx, changes, s.clusterAutoLink, now); err != nil {
		return nil, err
	}
	pass := &ClusterPass{Reports: len(in.Recent), Groups: len(groups)}
	for _, ch := range changes {
		if (ch.New || ch.Reopen) && !ch.Suggested {
			c, err := cs.Cluster(ctx, ch.ID)
			if err != nil {
				return nil, err
			}
			pass.Raised = append(pass.Raised, *c)
		}
	}
	pass.Duration = time.Since(start)
	if s.clusterPassed != nil {
		s.clusterPassed(pass.Duration)
	}
	if len(pass.Raised) > 0 && s.clusterRaised != nil {
		s.clusterRaised(pass.Raised)
	}
	return pass, nil
}

// OnClustersRaised sets a function told of the clusters each pass raises,
// whether the background job or staff ran it (a webhook, say).
func (s *Service) OnClustersRaised(fn func([]Cluster)) { s.clusterRaised = fn }

// OnClusterPass sets a function told how long each finished pass took
// (for the metrics). Set it before the first pass.
func (s *Service) OnClusterPass(fn func(time.Duration)) { s.clusterPassed = fn }

// knownIssueReports adds the recent reports that resemble an open known
// issue (its question and linked reports) and are not linked yet to the
// cluster that tracks it, making one when none does: staff see them as
// "new reports match" on the dashboard, or they are linked at once when
// links are automatic. This is what finds new reports of a known issue
// staff opened by hand.
func (s *Service) knownIssueReports(ctx context.Context, cs ClusterStore, in cluster.Input, tracked []cluster.Tracked,
	changes []ClusterChange) ([]ClusterChange, error) {
	known, err := cs.OpenKnownIssueTexts(ctx, knownIssueSample)
	if err != nil || len(known) == 0 {
		return changes, err
	}
	cfg := s.ClusterConfig()
	created := map[int64]time.Time{}
	for _, r := range in.Recent {
		created[r.ID] = r.Created
	}
	sets := make([][]cluster.Terms, len(known))
	for i, k := range known {
		for _, t := range k.Texts {
			sets[i] = append(sets[i], s.reportTerms(t.ID, t.Title, t.Body))
		}
	}
	nearAll := cluster.Near(in, sets, cfg.Member)
	for ki, k := range known {
		near := nearAll[ki]
		if len(near) == 0 {
			continue
		}
		// The cluster tracking this known issue, and what it holds or is
		// about to hold.
		var t *cluster.Tracked
		for i := range tracked {
			if tracked[i].Status == cluster.StatusConfirmed && tracked[i].KnownIssue == k.ID {
				t = &tracked[i]
				break
			}
		}
		held := map[int64]bool{}
		if t != nil {
			for _, id := range t.Threads {
				held[id] = true
			}
		}
		for _, ch := range changes {
			if t != nil && ch.Tracked == t || ch.Tracked == nil && ch.KnownIssue == k.ID {
				for _, id := range ch.Added {
					held[id] = true
				}
			}
		}
		var add []int64
		for _, id := range near {
			if !held[id] {
				add = append(add, id)
			}
		}
		if len(add) == 0 {
			continue
		}
		stats := cluster.Stats{Suggested: true, People: len(add), WindowHours: cfg.Window.Hours(), ShortHours: cfg.Short.Hours()}
		for _, id := range add {
			if at := created[id]; stats.First.IsZero() || at.Before(stats.First) {
				stats.First = at
			}
			if at := created[id]; at.After(stats.Last) {
				stats.Last = at
			}
		}
		ch := ClusterChange{Change: cluster.Change{Tracked: t, Added: add, Group: cluster.Group{Threads: add, Stats: stats}},
			Label: k.Title, Suggested: true}
		if t == nil {
			ch.New, ch.KnownIssue, ch.DecidedBy = true, k.ID, k.CreatedBy
		}
		changes = append(changes, ch)
	}
	return changes, nil
}

// RunClusterDetection is DetectClusters on demand, for staff.
func (s *Service) RunClusterDetection(ctx context.Context, actor *User) (*ClusterPass, error) {
	if !CanSeeClusters(actor) {
		return nil, denied(actor)
	}
	return s.DetectClusters(ctx)
}

// Clusters lists clusters for the dashboard: status "" is the open ones
// and those decided in the last week.
func (s *Service) Clusters(ctx context.Context, actor *User, status string) ([]Cluster, error) {
	if !CanSeeClusters(actor) {
		return nil, denied(actor)
	}
	switch status {
	case "", cluster.StatusOpen, cluster.StatusDismissed, cluster.StatusConfirmed:
	default:
		return nil, FieldError("status", "error.cluster_status")
	}
	cs, err := s.clusterStore()
	if err != nil {
		return nil, err
	}
	return cs.Clusters(ctx, status, s.now().Add(-7*24*time.Hour), 100)
}

// Cluster returns one cluster.
func (s *Service) Cluster(ctx context.Context, actor *User, id int64) (*Cluster, error) {
	if !CanSeeClusters(actor) {
		return nil, denied(actor)
	}
	cs, err := s.clusterStore()
	if err != nil {
		return nil, err
	}
	return cs.Cluster(ctx, id)
}

// ConfirmCluster opens a known issue from a cluster and links every one
// of its threads to it, in one transaction. An empty title takes the
// cluster's label; an empty category the category most of its threads
// are in.
func (s *Service) ConfirmCluster(ctx context.Context, actor *User, id int64, in KnownIssueInput) (*KnownIssue, error) {
	c, cs, err := s.undecidedCluster(ctx, actor, id, true)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Title) == "" {
		in.Title = c.Label
	}
	if in.Category == "" && len(c.Stats.Categories) > 0 {
		in.Category = mostCommonCategory(c)
	}
	if strings.TrimSpace(in.Body) == "" {
		in.Body = c.Label
	}
	nk, err := s.newKnownIssue(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	audit := &AuditEntry{Actor: refOf(actor), Action: "cluster.confirm", TargetType: "cluster", TargetID: id, CreatedAt: now,
		After: JSONObject("title", nk.Thread.Title, "threads", c.ThreadCount, "people", c.People)}
	err = cs.DecideCluster(ctx, ClusterDecision{ClusterID: id, Status: cluster.StatusConfirmed, ActorID: actor.ID,
		Create: nk, Now: now, Audit: audit})
	if err != nil {
		return nil, err
	}
	return s.store.KnownIssue(ctx, nk.Thread.ID)
}

// MergeCluster links every thread of a cluster to an existing known
// issue. Merging a confirmed cluster again into its own known issue links
// the reports that joined it since; that is how staff accept suggestions.
func (s *Service) MergeCluster(ctx context.Context, actor *User, id, knownID int64) error {
	if !CanSeeClusters(actor) {
		return denied(actor)
	}
	cs, err := s.clusterStore()
	if err != nil {
		return err
	}
	c, err := cs.Cluster(ctx, id)
	if err != nil {
		return err
	}
	if c.Status == cluster.StatusConfirmed && c.KnownIssueID != knownID {
		return E(Conflict, "error.cluster_decided")
	}
	if _, err := s.liveKnownIssue(ctx, knownID); err != nil {
		if ErrorKind(err) == NotFound {
			return FieldError("known_issue", "error.known_unknown")
		}
		return err
	}
	now := s.now()
	audit := &AuditEntry{Actor: refOf(actor), Action: "cluster.merge", TargetType: "cluster", TargetID: id, CreatedAt: now,
		After: JSONObject("known_issue", knownID, "threads", c.ThreadCount)}
	return cs.DecideCluster(ctx, ClusterDecision{ClusterID: id, Status: cluster.StatusConfirmed, ActorID: actor.ID,
		KnownID: knownID, Now: now, Audit: audit})
}

// DismissCluster sets a cluster aside: it is not raised again unless it
// grows to cluster.RegrowFactor times the people it has now.
func (s *Service) DismissCluster(ctx context.Context, actor *User, id int64) error {
	c, cs, err := s.undecidedCluster(ctx, actor, id, false)
	if err != nil {
		return err
	}
	now := s.now()
	audit := &AuditEntry{Actor: refOf(actor), Action: "cluster.dismiss", TargetType: "cluster", TargetID: id, CreatedAt: now,
		After: JSONObject("people", c.People, "label", c.Label)}
	return cs.DecideCluster(ctx, ClusterDecision{ClusterID: id, Status: cluster.StatusDismissed, ActorID: actor.ID, Now: now, Audit: audit})
}

// undecidedCluster loads a cluster not confirmed yet, for a decision: an
// open one, or a dismissed one staff think better of (confirm and merge
// only; dismissing twice is a conflict).
func (s *Service) undecidedCluster(ctx context.Context, actor *User, id int64, allowDismissed bool) (*Cluster, ClusterStore, error) {
	if !CanSeeClusters(actor) {
		return nil, nil, denied(actor)
	}
	cs, err := s.clusterStore()
	if err != nil {
		return nil, nil, err
	}
	c, err := cs.Cluster(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if c.Status == cluster.StatusConfirmed || c.Status == cluster.StatusDismissed && !allowDismissed {
		return nil, nil, E(Conflict, "error.cluster_decided")
	}
	return c, cs, nil
}

func mostCommonCategory(c *Cluster) string {
	count := map[string]int{}
	best, bestN := "", 0
	for _, t := range c.Threads {
		count[t.CategorySlug]++
		if n := count[t.CategorySlug]; n > bestN || n == bestN && t.CategorySlug < best {
			best, bestN = t.CategorySlug, n
		}
	}
	return best
}

// reportTerms analyses a thread for the detector, remembering the result
// for as long as its text is unchanged: every pass looks at the same
// recent threads and the same history sample again.
func (s *Service) reportTerms(id int64, title, body string) cluster.Terms {
	h := fnv.New64a()
	_, _ = h.Write([]byte(title))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(body))
	sum := h.Sum64()
	s.termsMu.Lock()
	e, ok := s.termsCache[id]
	s.termsMu.Unlock()
	if ok && e.sum == sum {
		return e.terms
	}
	t := s.search.ReportTerms(title, body)
	s.termsMu.Lock()
	if s.termsCache == nil || len(s.termsCache) >= termsCacheSize {
		s.termsCache = make(map[int64]termsEntry, 1024)
	}
	s.termsCache[id] = termsEntry{sum: sum, terms: t}
	s.termsMu.Unlock()
	return t
}

// termsCacheSize bounds the cache: the window at 1,000 threads an hour
// and the history sample fit.
const termsCacheSize = 30000

type termsEntry struct {
	sum   uint64
	terms cluster.Terms
}

// clusterState is the Service's part for cluster detection.
type clusterState struct {
	clusterMu       sync.Mutex
	clusterConfig   *cluster.Config
	clusterAutoLink bool
	clusterRaised   func([]Cluster)
	clusterPassed   func(time.Duration)
	termsMu         sync.Mutex
	termsCache      map[int64]termsEntry
}

// RunClusterDetector runs a detection pass every interval until ctx ends.
// A failed pass is logged and the next one tries again.
func (s *Service) RunClusterDetector(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !s.leading() {
			continue // the leader's pass covers every node's reports
		}
		s.rounds.clusters.Add(1)
		var pass *ClusterPass
		err := safely(func() (err error) {
			pass, err = s.DetectClusters(ctx)
			return err
		})
		if err != nil {
			if ctx.Err() == nil && ErrorKind(err) != Unavailable {
				log.Error("cluster detection", "err", err)
			}
			continue
		}
		if len(pass.Raised) > 0 {
			log.Info("widespread problem raised", "clusters", len(pass.Raised), "label", pass.Raised[0].Label, "people", pass.Raised[0].People)
		}
	}
}

// ForgetReportTerms drops the remembered analyses (benchmarks measure a
// first pass with it).
func (s *Service) ForgetReportTerms() {
	s.termsMu.Lock()
	s.termsCache = nil
	s.termsMu.Unlock()
}
