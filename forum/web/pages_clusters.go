package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/cluster"
	"github.com/labstack/echo/v4"
)

// Widespread problems: the staff's cluster dashboard and its API. Each
// raised cluster says why it was raised (its people against what its
// usual share predicts), and staff confirm it as a known issue, merge it
// into one, or dismiss it.

// ClustersPage is the staff's dashboard of raised clusters.
type ClustersPage struct {
	Page
	Clusters    []forum.Cluster
	KnownIssues []forum.KnownIssue // open ones, to merge into
	Categories  []forum.Category
	Statuses    []string
	Status      string // the filter: "" (current), open, dismissed, confirmed
	Passed      *forum.ClusterPass
}

// Explain is the cluster's reason in one sentence.
func (p ClustersPage) Explain(c forum.Cluster) string {
	s := c.Stats
	people, expected, hours := s.People, s.Expected, s.WindowHours
	if s.Surge {
		people, expected, hours = s.PeopleShort, s.ExpShort, s.ShortHours
	}
	return p.L.T("clusters.explain", people, hoursText(hours), expected, percent(s.Share), s.HistoryLike, s.HistoryN, chanceText(s.Chance))
}

// Certainty is how sure the detector is, in words.
func (p ClustersPage) Certainty(c forum.Cluster) string {
	return p.L.T("clusters.certainty." + c.Stats.Certainty())
}

// Sparkline draws the cluster's people per hour.
func (p ClustersPage) Sparkline(c forum.Cluster) template.HTML {
	return sparkline(c.Stats.Hourly, p.L.T("clusters.sparkline", hoursText(c.Stats.WindowHours)))
}

func hoursText(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

func percent(share float64) string {
	return strconv.FormatFloat(100*share, 'f', 2, 64) + " %"
}

// chanceText writes a tiny probability readably: "1 in 3 billion".
func chanceText(p float64) string {
	if p <= 0 {
		return "0"
	}
	if p >= 0.01 {
		return strconv.FormatFloat(p, 'f', 2, 64)
	}
	return fmt.Sprintf("%.0e", p)
}

// sparkline draws small bars, one per value, as inline SVG.
func sparkline(values []int, title string) template.HTML {
	const w, h = 120, 28
	top := 1
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="sparkline" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, w, h, html.EscapeString(title))
	n := max(len(values), 1)
	bw := float64(w) / float64(n)
	for i, v := range values {
		bh := float64(h-2) * float64(v) / float64(top)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="currentColor"><title>%d</title></rect>`,
			float64(i)*bw, float64(h)-bh, max(bw-2, 1), bh, v)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- numbers and an escaped title only, built above
}

func (a *App) clustersPage(c echo.Context) error {
	return a.renderClusters(c, nil)
}

func (a *App) renderClusters(c echo.Context, pass *forum.ClusterPass) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	status := c.QueryParam("status")
	list, err := a.svc.Clusters(ctx, u, status)
	if err != nil {
		return err
	}
	p := ClustersPage{Page: a.page(c, ""), Clusters: list, Status: status, Passed: pass,
		Statuses: []string{cluster.StatusOpen, cluster.StatusConfirmed, cluster.StatusDismissed}}
	p.Title, p.Nav = p.L.T("clusters.title"), "staff"
	known, err := a.svc.KnownIssues(ctx)
	if err != nil {
		return err
	}
	for _, k := range known {
		if k.Open() {
			p.KnownIssues = append(p.KnownIssues, k)
		}
	}
	if p.Categories, err = a.svc.Categories(ctx); err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "staff_clusters", p)
}

func (a *App) clustersDetect(c echo.Context) error {
	pass, err := a.svc.RunClusterDetection(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return a.renderClusters(c, pass)
}

func (a *App) clusterDecide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	// Who may decide, and whether the cluster exists, come before what
	// the form says: a member is refused, not told to fill in a field.
	if _, err := a.svc.Cluster(ctx, u, id); err != nil {
		return err
	}
	switch c.Param("action") {
	case "confirm":
		in, err := knownIssueForm(c)
		if err != nil {
			return err
		}
		k, err := a.svc.ConfirmCluster(ctx, u, id, in)
		if err != nil {
			return err
		}
		return seeOther(c, threadURL(k.Thread))
	case "merge":
		known, err := formThreadID(c, "known_issue")
		if err != nil {
			return err
		}
		if known == 0 {
			return forum.FieldError("known_issue", "error.required")
		}
		if err := a.svc.MergeCluster(ctx, u, id, known); err != nil {
			return err
		}
	case "dismiss":
		if err := a.svc.DismissCluster(ctx, u, id); err != nil {
			return err
		}
	default:
		return forum.E(forum.NotFound, "error.not_found")
	}
	return seeOther(c, "/staff/clusters")
}

// ---- API ----

type apiCluster struct {
	ID          int64         `json:"id"`
	Status      string        `json:"status"`
	Label       string        `json:"label"`
	Words       []string      `json:"words"`
	Threads     []apiThread   `json:"threads"` // the latest 100
	ThreadCount int           `json:"thread_count"`
	People      int           `json:"people"`
	First       time.Time     `json:"first_report_at"`
	Last        time.Time     `json:"latest_report_at"`
	Categories  []string      `json:"categories"`
	Hourly      []int         `json:"reports_per_hour"`
	Certainty   string        `json:"certainty"`
	Reason      apiClusterWhy `json:"reason"`
	RaisedAt    time.Time     `json:"raised_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	DecidedBy   *apiUserRef   `json:"decided_by"`
	DecidedAt   *time.Time    `json:"decided_at"`
	KnownIssue  *int64        `json:"known_issue"`
	Unlinked    int           `json:"unlinked"`
	// Suggested marks new reports found for a known issue, not raised:
	// reason holds no counts against a baseline then.
	Suggested bool `json:"suggested"`
}

// apiClusterWhy is the detector's explanation: counts against baseline.
type apiClusterWhy struct {
	People           int     `json:"people"`
	PeopleLastHour   int     `json:"people_short_window"`
	WindowHours      float64 `json:"window_hours"`
	ShortWindowHours float64 `json:"short_window_hours"`
	Reports          int     `json:"all_reports_in_window"`
	UsualShare       float64 `json:"usual_share"`
	Expected         float64 `json:"expected"`
	ExpectedShort    float64 `json:"expected_short_window"`
	Chance           float64 `json:"chance"`
	Surge            bool    `json:"surge"`
	HistoryLike      float64 `json:"history_like"`
	HistorySample    int     `json:"history_sample"`
	HistoryTotal     int     `json:"history_total"`
}

func clusterJSON(c forum.Cluster) apiCluster {
	s := c.Stats
	out := apiCluster{ID: c.ID, Status: c.Status, Label: c.Label, Words: s.Words, People: c.People, First: s.First, Last: s.Last,
		Categories: s.Categories, Hourly: s.Hourly, Certainty: s.Certainty(), RaisedAt: c.RaisedAt, UpdatedAt: c.UpdatedAt,
		DecidedAt: c.DecidedAt, Unlinked: c.Unlinked, Threads: []apiThread{}, ThreadCount: c.ThreadCount, Suggested: s.Suggested,
		Reason: apiClusterWhy{People: s.People, PeopleLastHour: s.PeopleShort, WindowHours: s.WindowHours, ShortWindowHours: s.ShortHours,
			Reports: s.Traffic, UsualShare: s.Share, Expected: s.Expected, ExpectedShort: s.ExpShort, Chance: s.Chance, Surge: s.Surge,
			HistoryLike: s.HistoryLike, HistorySample: s.HistoryN, HistoryTotal: s.HistoryAll}}
	if out.Words == nil {
		out.Words = []string{}
	}
	if out.Categories == nil {
		out.Categories = []string{}
	}
	if c.DecidedBy != nil {
		r := userRefJSON(*c.DecidedBy)
		out.DecidedBy = &r
	}
	if c.KnownIssueID != 0 {
		out.KnownIssue = &c.KnownIssueID
	}
	for _, t := range c.Threads {
		out.Threads = append(out.Threads, threadJSON(t))
	}
	return out
}

func (a *App) apiClusters(c echo.Context) error {
	list, err := a.svc.Clusters(c.Request().Context(), currentUser(c), c.QueryParam("status"))
	if err != nil {
		return err
	}
	out := make([]apiCluster, 0, len(list))
	for _, cl := range list {
		out = append(out, clusterJSON(cl))
	}
	return c.JSON(http.StatusOK, map[string]any{"clusters": out})
}

func (a *App) apiCluster(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cl, err := a.svc.Cluster(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, clusterJSON(*cl))
}

func (a *App) apiClustersDetect(c echo.Context) error {
	pass, err := a.svc.RunClusterDetection(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	raised := make([]apiCluster, 0, len(pass.Raised))
	for _, cl := range pass.Raised {
		raised = append(raised, clusterJSON(cl))
	}
	return c.JSON(http.StatusOK, map[string]any{"reports": pass.Reports, "groups": pass.Groups, "raised": raised,
		"duration_ms": pass.Duration.Milliseconds()})
}

func (a *App) apiClusterDecide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := a.svc.Cluster(ctx, u, id); err != nil {
		return err // refused or unknown, before the body is looked at
	}
	switch c.Param("action") {
	case "confirm":
		var in apiKnownIssueIn
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		k, err := a.svc.ConfirmCluster(ctx, u, id, in.input())
		if err != nil {
			return err
		}
		// Read it back: the links made with it count its affected people.
		if k, err = a.svc.KnownIssue(ctx, u, k.Thread.ID); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, knownJSON(*k, true))
	case "merge":
		var in struct {
			KnownIssue int64 `json:"known_issue"`
		}
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		if in.KnownIssue <= 0 {
			return forum.FieldError("known_issue", "error.required")
		}
		if err := a.svc.MergeCluster(ctx, u, id, in.KnownIssue); err != nil {
			return err
		}
	case "dismiss":
		if err := a.svc.DismissCluster(ctx, u, id); err != nil {
			return err
		}
	default:
		return forum.E(forum.NotFound, "error.not_found")
	}
	cl, err := a.svc.Cluster(ctx, u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, clusterJSON(*cl))
}
