package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/web"
	"github.com/chorus-forum/chorus/static"
	"github.com/chorus-forum/chorus/themes"
)

// opsServer is the env's forum behind a second router with readiness
// checks and metrics, as `chorus serve` wires them.
func opsServer(t *testing.T, e *env, cfg web.Config) *httptest.Server {
	t.Helper()
	cfg.Logger = slog.New(slog.DiscardHandler)
	app, err := web.New(e.Svc, e.Mod, themes.Embedded(), static.Files(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, url string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return fetchWith(t, http.DefaultClient, req)
}

// fetchWith sends req with client and reads the whole answer.
func fetchWith(t *testing.T, client *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestReadyz(t *testing.T) {
	e := newEnv(t)
	broken := errors.New("disk on fire")
	healthy := opsServer(t, e, web.Config{Ready: []web.ReadyCheck{
		{Name: "database", Check: e.DB.Check},
		{Name: "search", Check: func(context.Context) error { return e.Idx.Usable() }},
	}})
	if code, body := fetch(t, healthy.URL+"/readyz", nil); code != http.StatusOK || !strings.Contains(body, `"database":"ok"`) || !strings.Contains(body, `"search":"ok"`) {
		t.Fatalf("healthy /readyz: %d %s", code, body)
	}
	sick := opsServer(t, e, web.Config{Ready: []web.ReadyCheck{
		{Name: "database", Check: e.DB.Check},
		{Name: "search", Check: func(context.Context) error { return broken }},
	}})
	code, body := fetch(t, sick.URL+"/readyz", nil)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "disk on fire") || !strings.Contains(body, `"database":"ok"`) {
		t.Fatalf("failing /readyz: %d %s", code, body)
	}
	// A forum without its first account still answers probes, not /setup.
	if code, _ := fetch(t, healthy.URL+"/healthz", nil); code != http.StatusOK {
		t.Fatalf("/healthz: %d", code)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.admin() // past /setup
	member := e.user("metrics-reader", forum.RoleMember)
	th := e.ask(member, e.category("general", 24).Slug, "How do I read the metrics?")
	_, proxy, _ := net.ParseCIDR("127.0.0.0/8")
	_, office, _ := net.ParseCIDR("198.51.100.0/24")
	m := web.NewMetrics()
	m.GaugeFunc("chorus_test_gauge", "A gauge read at scrape time.", func() float64 { return 42 })
	srv := opsServer(t, e, web.Config{Metrics: m, TrustedProxies: []*net.IPNet{proxy}, MetricsAllow: []*net.IPNet{office}})

	if code, _ := fetch(t, srv.URL+"/t/"+itoa(th.ID), nil); code != http.StatusOK && code != http.StatusMovedPermanently {
		t.Fatalf("thread page: %d", code)
	}
	fetch(t, srv.URL+"/no/such/page", nil)
	code, body := fetch(t, srv.URL+"/metrics", nil)
	if code != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d %s", code, body)
	}
	for _, want := range []string{
		`chorus_http_requests_total{code="200",method="GET",route="/t/:id"`,
		`chorus_http_request_duration_seconds_count{method="GET",route="/t/:id"} 1`,
		`route="unmatched"`,
		"chorus_test_gauge 42",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) && !strings.Contains(body, strings.Replace(want, `code="200"`, `code="301"`, 1)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/no/such/page") {
		t.Error("an unknown path became a label value: every scanner would add a series")
	}
	// Through the local proxy, the client's address decides.
	if code, _ := fetch(t, srv.URL+"/metrics", http.Header{"X-Forwarded-For": {"203.0.113.7"}}); code != http.StatusForbidden {
		t.Fatalf("/metrics for a public client through the proxy: %d, want 403", code)
	}
	if code, _ := fetch(t, srv.URL+"/metrics", http.Header{"X-Forwarded-For": {"198.51.100.20"}}); code != http.StatusOK {
		t.Fatalf("/metrics for an allowed network: %d, want 200", code)
	}
}
