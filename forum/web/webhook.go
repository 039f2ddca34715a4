package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// ClusterWebhook returns a function that posts each raised cluster as
// JSON to a URL, for a chat channel or an incident tool: the cluster as
// GET /api/v1/clusters/{id} shows it, under "cluster", with "event" and
// a link to the dashboard. Posting happens in the background and gives up
// after ten seconds; a failure is logged, never retried.
func ClusterWebhook(target, baseURL string, log *slog.Logger) (func([]forum.Cluster), error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("cluster webhook: not an http(s) URL")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	dashboard := strings.TrimRight(baseURL, "/") + "/staff/clusters"
	return func(raised []forum.Cluster) {
		for _, c := range raised {
			body, err := json.Marshal(map[string]any{"event": "cluster.raised", "url": dashboard, "cluster": clusterJSON(c)})
			if err != nil {
				log.Error("cluster webhook", "err", err)
				continue
			}
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
				if err != nil {
					log.Error("cluster webhook", "err", err)
					return
				}
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req) // #nosec G107 -- the operator's configured URL
				if err != nil {
					// Not the URL itself: it may hold a secret token.
					var ue *url.Error
					if errors.As(err, &ue) {
						err = ue.Err
					}
					log.Warn("cluster webhook failed", "host", u.Host, "err", err)
					return
				}
				_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
				_ = res.Body.Close()
				if res.StatusCode >= 300 {
					log.Warn("cluster webhook refused", "status", res.StatusCode)
				}
			}()
		}
	}, nil
}
