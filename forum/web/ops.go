package web

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ReadyCheck is one thing /readyz asks: the database, the index.
type ReadyCheck struct {
	Name  string
	Check func(context.Context) error
}

// readyTimeout bounds each check, so a hung disk makes /readyz fail
// instead of hang the load balancer's probe.
const readyTimeout = 2 * time.Second

// Metrics is the Prometheus registry /metrics serves: the requests by
// route, and whatever gauges the command adds (queue depths, index lag,
// sizes), read at scrape time.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics makes a registry with the Go runtime's and the process's
// collectors and the request metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chorus_http_requests_total",
			Help: "HTTP requests by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chorus_http_request_duration_seconds",
			Help: "HTTP request latency by method and route pattern.",
			// From 1 ms: most pages answer in a few.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	m.Registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// GaugeFunc adds a gauge whose value fn reads at every scrape.
func (m *Metrics) GaugeFunc(name, help string, fn func() float64) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

// CounterFunc adds a counter with fixed labels whose value fn reads at
// every scrape; one name may be added once per label value.
func (m *Metrics) CounterFunc(name, help string, labels map[string]string, fn func() float64) {
	m.Registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help, ConstLabels: labels}, fn))
}

// Histogram adds a histogram and returns its observer.
func (m *Metrics) Histogram(name, help string, buckets []float64) func(float64) {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	m.Registry.MustRegister(h)
	return h.Observe
}

// observe records one request. The route is Echo's pattern ("/t/:id"),
// never the path, so that the label values stay few.
func (m *Metrics) observe(c echo.Context, status int, took time.Duration) {
	if m == nil {
		return
	}
	route := c.Path()
	if route == "" || strings.HasSuffix(route, "*") {
		route = "unmatched"
	}
	method := c.Request().Method
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other" // made-up methods would each add series
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(took.Seconds())
}

// readyz answers 200 when every check passes and 503 naming the ones that
// fail: a load balancer sends no traffic to a node whose database is gone,
// whose schema another node moved on, or whose index is rebuilding.
func (a *App) readyz(c echo.Context) error {
	status := http.StatusOK
	checks := map[string]string{}
	for _, rc := range a.cfg.Ready {
		ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
		err := rc.Check(ctx)
		cancel()
		if err != nil {
			status = http.StatusServiceUnavailable
			checks[rc.Name] = err.Error()
			continue
		}
		checks[rc.Name] = "ok"
	}
	word := "ok"
	if status != http.StatusOK {
		word = "unavailable"
	}
	return c.JSON(status, map[string]any{"status": word, "checks": checks})
}

// metrics serves the registry to the addresses allowed to scrape it:
// loopback by default, and the networks of --metrics-allow. The address is
// the client's as the trusted proxies tell it, so a public request that
// comes through a local reverse proxy is refused too.
func (a *App) metrics(c echo.Context) error {
	if a.cfg.Metrics == nil {
		return echo.ErrNotFound
	}
	ip := net.ParseIP(c.RealIP())
	allowed := ip != nil && ip.IsLoopback()
	for _, n := range a.cfg.MetricsAllow {
		if ip != nil && n.Contains(ip) {
			allowed = true
		}
	}
	if !allowed {
		return c.String(http.StatusForbidden, "metrics are served to loopback and the networks of --metrics-allow only\n")
	}
	promhttp.HandlerFor(a.cfg.Metrics.Registry, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}
