// Command chorus runs the Chorus forum and its admin commands:
//
//	chorus [serve] [--addr 127.0.0.1:8080] [--data ./data] [--demo]
//	chorus user create --username U --email E --password P [--role R]
//	chorus user role U R
//	chorus user password U
//
// Every flag has an environment fallback (CHORUS_ADDR, CHORUS_DATA, ...).
// Every command that opens the forum takes --database (CHORUS_DATABASE):
// postgres://... for several nodes on one PostgreSQL, else SQLite in DATA.
// This is the only place where the parts are wired together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/cluster"
	"github.com/chorus-forum/chorus/forum/demo"
	"github.com/chorus-forum/chorus/forum/mail"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/web"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/static"
	"github.com/chorus-forum/chorus/themes"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, log); err != nil {
		fmt.Fprintln(os.Stderr, "chorus:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, log)
	case "user":
		return userCommand(ctx, args, stdin, stdout)
	case "reindex":
		return reindexCommand(ctx, args, stdout)
	case "import":
		return importCommand(ctx, args, stdout)
	case "backup":
		return backupCommand(ctx, args, stdout)
	case "restore":
		return restoreCommand(ctx, args, stdout)
	case "migrate-store":
		return migrateStore(ctx, args, stdout, os.Stderr)
	case "eval":
		return evalCommand(ctx, args, stdout)
	case "bench":
		return benchCommand(ctx, args, stdout)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage:
  chorus [serve] [--addr ADDR] [--data DIR] [--database postgres://...] [--demo] [--secure-cookies] [--trusted-proxies CIDR,...] [--metrics-allow CIDR,...] [--theme-dir DIR]
  chorus user create --username U --email E --password P [--role member|moderator|staff|admin] [--data DIR]
  chorus user role USERNAME ROLE [--data DIR]
  chorus user password USERNAME [--data DIR]   (reads the new password from standard input)
  chorus user reset-2fa USERNAME [--data DIR]  (for someone who lost both phone and recovery codes)
  chorus reindex [--data DIR]                  (rebuild the search index from the database; server stopped)
  chorus import stackexchange DIR [--category SLUG] [--site HOST] [--data DIR]  (a Stack Exchange dump; server stopped)
  chorus backup FILE [--data DIR]              (a consistent copy of the database, while the forum serves)
  chorus restore FILE [--data DIR]             (put a backup in place and rebuild the index; server stopped)
  chorus migrate-store --from sqlite:PATH --to postgres://...  (copy the forum to PostgreSQL while it serves; run again with it stopped to finish)
  chorus eval similar --questions FILE --pairs FILE   (MAP/MRR/recall of similar questions on a labelled set)
  chorus bench search [--threads 100000] [--dir DIR] [--queries N]  (search speed on a synthetic corpus)
  chorus bench http [--threads 100000] [--dir DIR] [--conns 64]     (pages, search and posting over HTTP, against /healthz)
`

// Config is everything the server reads from flags and the environment.
type Config struct {
	Addr           string
	DataDir        string
	Database       string // empty: SQLite in DataDir
	Demo           bool
	SecureCookies  bool
	TrustedProxies []*net.IPNet
	// MetricsAllow are the networks besides loopback that may read
	// /metrics.
	MetricsAllow []*net.IPNet
	ThemeDir     string
	// BaseURL is the forum's public address, for links in mails.
	BaseURL string
	SMTP    mail.Config

	// ClusterEvery is how often cluster detection runs (0: never);
	// ClusterWebhook is told of each raised cluster; ClusterAutoLink links
	// new reports of a confirmed cluster to its known issue by itself.
	ClusterEvery    time.Duration
	ClusterWebhook  string
	ClusterAutoLink bool

	// RequestTimeout bounds a request's work (0: no bound).
	RequestTimeout time.Duration
}

func env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

// storePlace is where a command finds the forum: the data directory holds
// the search index, and the SQLite database unless database names another
// (postgres://... for several nodes sharing one PostgreSQL).
type storePlace struct {
	dir      string
	database string
}

// dataFlag registers --data and --database.
func dataFlag(fs *flag.FlagSet) *storePlace {
	p := &storePlace{}
	fs.StringVar(&p.dir, "data", env("CHORUS_DATA", "./data"), "data directory: search index, and the SQLite database unless --database names one (env CHORUS_DATA)")
	fs.StringVar(&p.database, "database", env("CHORUS_DATABASE", ""),
		"the database: postgres://user@host:5432/db?sslmode=... for PostgreSQL, or sqlite:PATH; default DATA/chorus.db (env CHORUS_DATABASE)")
	return p
}

// open opens the place's store.
func (p *storePlace) open(ctx context.Context) (*sqlstore.DB, error) {
	if p.postgres() {
		return sqlstore.OpenPostgres(ctx, p.database)
	}
	return sqlstore.Open(ctx, p.sqlitePath())
}

// sqlitePath is the SQLite database's file.
func (p *storePlace) sqlitePath() string {
	if p.database != "" {
		return strings.TrimPrefix(p.database, "sqlite:")
	}
	return filepath.Join(p.dir, "chorus.db")
}

// postgres reports whether the place's database is PostgreSQL.
func (p *storePlace) postgres() bool {
	return sqlstore.IsPostgresURL(p.database)
}

func parseServeFlags(args []string) (Config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var cfg Config
	fs.StringVar(&cfg.Addr, "addr", env("CHORUS_ADDR", "127.0.0.1:8080"), "address to listen on (env CHORUS_ADDR)")
	data := dataFlag(fs)
	fs.BoolVar(&cfg.Demo, "demo", env("CHORUS_DEMO", "") == "1", "seed a demo community into an empty forum (env CHORUS_DEMO=1)")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", env("CHORUS_SECURE_COOKIES", "") == "1",
		"mark cookies Secure and send HSTS; set when served over HTTPS (env CHORUS_SECURE_COOKIES=1)")
	proxies := fs.String("trusted-proxies", env("CHORUS_TRUSTED_PROXIES", ""),
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed (env CHORUS_TRUSTED_PROXIES)")
	metricsAllow := fs.String("metrics-allow", env("CHORUS_METRICS_ALLOW", ""),
		"comma-separated CIDRs besides loopback that may read /metrics (env CHORUS_METRICS_ALLOW)")
	fs.StringVar(&cfg.ThemeDir, "theme-dir", env("CHORUS_THEME_DIR", ""), "folder whose files override the built-in templates and strings (env CHORUS_THEME_DIR)")
	fs.StringVar(&cfg.BaseURL, "base-url", env("CHORUS_BASE_URL", ""), "the forum's public address for links in mails, e.g. https://forum.example.com (env CHORUS_BASE_URL; default http://ADDR)")
	fs.StringVar(&cfg.SMTP.Host, "smtp-host", env("CHORUS_SMTP_HOST", ""), "SMTP server for mail; without it mail waits in the queue (env CHORUS_SMTP_HOST)")
	smtpPort := fs.String("smtp-port", env("CHORUS_SMTP_PORT", "587"), "SMTP port (env CHORUS_SMTP_PORT)")
	startTLS, err := strconv.ParseBool(env("CHORUS_SMTP_STARTTLS", "true"))
	if err != nil {
		return cfg, fmt.Errorf("CHORUS_SMTP_STARTTLS=%q is not true or false", os.Getenv("CHORUS_SMTP_STARTTLS"))
	}
	fs.BoolVar(&cfg.SMTP.StartTLS, "smtp-starttls", startTLS, "use STARTTLS (env CHORUS_SMTP_STARTTLS=true|false)")
	fs.StringVar(&cfg.SMTP.User, "smtp-user", env("CHORUS_SMTP_USER", ""), "SMTP user (env CHORUS_SMTP_USER)")
	fs.StringVar(&cfg.SMTP.Password, "smtp-password", env("CHORUS_SMTP_PASSWORD", ""), "SMTP password (env CHORUS_SMTP_PASSWORD)")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", env("CHORUS_SMTP_FROM", ""), "sender address, e.g. \"Support forum <forum@example.com>\" (env CHORUS_SMTP_FROM)")
	clusterEvery, err := time.ParseDuration(env("CHORUS_CLUSTER_EVERY", "1m"))
	if err != nil {
		return cfg, fmt.Errorf("CHORUS_CLUSTER_EVERY=%q is not a duration like 1m", os.Getenv("CHORUS_CLUSTER_EVERY"))
	}
	fs.DurationVar(&cfg.ClusterEvery, "cluster-every", clusterEvery, "how often to look for widespread problems; 0 turns it off (env CHORUS_CLUSTER_EVERY)")
	fs.StringVar(&cfg.ClusterWebhook, "cluster-webhook", env("CHORUS_CLUSTER_WEBHOOK", ""), "URL that gets a JSON POST for each widespread problem raised (env CHORUS_CLUSTER_WEBHOOK)")
	fs.BoolVar(&cfg.ClusterAutoLink, "cluster-autolink", env("CHORUS_CLUSTER_AUTOLINK", "") == "1",
		"link new reports of a confirmed cluster to its known issue without asking staff (env CHORUS_CLUSTER_AUTOLINK=1)")
	requestTimeout, err := time.ParseDuration(env("CHORUS_REQUEST_TIMEOUT", "30s"))
	if err != nil {
		return cfg, fmt.Errorf("CHORUS_REQUEST_TIMEOUT=%q is not a duration like 30s", os.Getenv("CHORUS_REQUEST_TIMEOUT"))
	}
	fs.DurationVar(&cfg.RequestTimeout, "request-timeout", requestTimeout,
		"longest a request may work; a stalled database then answers 503 (env CHORUS_REQUEST_TIMEOUT; 0: no bound)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if cfg.RequestTimeout < 0 || cfg.RequestTimeout > 0 && cfg.RequestTimeout < time.Second {
		return cfg, errors.New("--request-timeout must be 0 or at least 1s")
	}
	if cfg.ClusterEvery < 0 {
		return cfg, errors.New("--cluster-every must not be negative")
	}
	port, err := strconv.Atoi(*smtpPort)
	if err != nil {
		return cfg, fmt.Errorf("--smtp-port %q is not a number", *smtpPort)
	}
	cfg.SMTP.Port = port
	if err := cfg.SMTP.Validate(); err != nil {
		return cfg, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return cfg, fmt.Errorf("--base-url %q is not an http(s) address without query", cfg.BaseURL)
	}
	if cfg.SMTP.Enabled() {
		// Mails leave the machine: their links must too.
		switch h := u.Hostname(); h {
		case "", "0.0.0.0", "127.0.0.1", "::1", "localhost", "::":
			return cfg, fmt.Errorf("--base-url %q: mails need the forum's public address, not %q", cfg.BaseURL, h)
		}
	}
	cfg.DataDir, cfg.Database = data.dir, data.database
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return cfg, fmt.Errorf("--addr %q: %w", cfg.Addr, err)
	}
	if cfg.TrustedProxies, err = parseCIDRs("--trusted-proxies", *proxies); err != nil {
		return cfg, err
	}
	if cfg.MetricsAllow, err = parseCIDRs("--metrics-allow", *metricsAllow); err != nil {
		return cfg, err
	}
	if cfg.ThemeDir != "" {
		if st, err := os.Stat(cfg.ThemeDir); err != nil || !st.IsDir() {
			return cfg, fmt.Errorf("--theme-dir %q is not a folder", cfg.ThemeDir)
		}
	}
	return cfg, nil
}

func openDB(ctx context.Context, dataDir string) (*sqlstore.DB, error) {
	return sqlstore.Open(ctx, filepath.Join(dataDir, "chorus.db"))
}

// parseCIDRs reads a comma-separated list of networks.
func parseCIDRs(flagName, list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flagName, err)
		}
		out = append(out, n)
	}
	return out, nil
}

func serve(ctx context.Context, args []string, log *slog.Logger) error {
	cfg, err := parseServeFlags(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := (&storePlace{dir: cfg.DataDir, database: cfg.Database}).open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	render, hasher := markdown.New(), password.New(password.Default)
	svc := forum.NewService(db, render, hasher)
	db.Campaign()                 // on PostgreSQL, try to lead the jobs
	svc.SetLeadership(db.Leading) // one node of several runs them
	idx, err := openIndex(ctx, cfg.DataDir, db, log)
	if err != nil {
		return err
	}
	defer idx.Close()
	svc.SetSearchIndex(idx)
	// After every committed write: the indexer reads the outbox, the
	// notifier fans out the notification jobs. Neither kick blocks.
	notify, mailKick := make(chan struct{}, 1), make(chan struct{}, 1)
	kick := func(ch chan struct{}) {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	db.OnCommit(func() {
		idx.Kick()
		kick(notify)
		if db.Postgres() {
			// Another node's commit may have queued mail (a password
			// reset) that this node, if it leads, sends.
			kick(mailKick)
		}
	})
	indexCtx, stopIndexer := context.WithCancel(context.Background())
	indexerDone, notifierDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(indexerDone)
		idx.Run(indexCtx)
	}()
	go func() {
		defer close(notifierDone)
		svc.RunNotifier(indexCtx, notify, func() { kick(mailKick) }, log)
	}()
	if db.Postgres() {
		// An admin's compound words, saved through another node, reach
		// this node's replica here (SetWords rebuilds only on a change).
		go followSearchWords(indexCtx, db, idx, log)
	}
	mailerDone, clusterDone := make(chan struct{}), make(chan struct{})
	// Set once their goroutines run: an error before that (seeding the
	// demo, say) must not wait for them.
	var mailerRuns, clusterRuns bool
	// Runs before the deferred closes: the indexer, the notifier and the
	// mailer stop before the index and the database close under them.
	defer func() {
		stopIndexer()
		<-indexerDone
		<-notifierDone
		if mailerRuns {
			<-mailerDone
		}
		if clusterRuns {
			<-clusterDone
		}
	}()
	if cfg.Demo {
		sum, err := demo.Seed(ctx, db, render, hasher, time.Now())
		if err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		if sum.Skipped {
			log.Info("demo not seeded: the forum has accounts already")
		} else {
			// The demo's invented history is no news to mail anyone.
			if _, err := svc.DeliverNotifications(ctx); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
			if err := db.SkipPendingMail(ctx); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
			log.Info("demo community seeded", "users", sum.Users, "categories", sum.Categories, "threads", sum.Threads,
				"answers", sum.Answers, "login", "any demo user, e.g. anna.support (staff) or sabine.k (member)", "password", demo.Password)
		}
	}

	mod := moderation.NewService(db, svc) // also the forum's gate: limits and the spam check
	app, err := web.New(svc, mod, themes.Layered(cfg.ThemeDir), static.Files(), web.Config{
		SecureCookies: cfg.SecureCookies, TrustedProxies: cfg.TrustedProxies, ThemeDir: cfg.ThemeDir, Logger: log,
		Ready: readyChecks(db, idx), Metrics: newMetrics(svc, db, idx, cfg.DataDir, log), MetricsAllow: cfg.MetricsAllow,
		Generation: db.Commits, BaseURL: cfg.BaseURL, RequestTimeout: cfg.RequestTimeout,
	})
	if err != nil {
		return err
	}
	var sender forum.Sender
	if cfg.SMTP.Enabled() {
		sender = mail.NewSender(cfg.SMTP)
	} else {
		log.Info("no SMTP server configured (--smtp-host): mails wait in the queue until one is")
	}
	mailer := forum.NewMailer(svc, app.NewMailComposer(cfg.BaseURL), sender, cfg.BaseURL, log)
	svc.SetMailKick(func() { kick(mailKick) })
	mailerRuns = true
	go func() {
		defer close(mailerDone)
		mailer.Run(indexCtx, mailKick)
	}()
	svc.SetClusterConfig(cluster.DefaultConfig, cfg.ClusterAutoLink)
	if cfg.ClusterWebhook != "" {
		raised, err := web.ClusterWebhook(cfg.ClusterWebhook, cfg.BaseURL, log)
		if err != nil {
			return err
		}
		svc.OnClustersRaised(raised)
	}
	if cfg.ClusterEvery > 0 {
		clusterRuns = true
		go func() {
			defer close(clusterDone)
			svc.RunClusterDetector(indexCtx, cfg.ClusterEvery, log)
		}()
	}
	srv := app.Server(cfg.Addr)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("Chorus is running", "url", "http://"+ln.Addr().String(), "data", cfg.DataDir, "postgres", db.Postgres(), "node", db.Node())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("clean shutdown")
	return nil
}

// followSearchWords reads the admins' search words every searchWordsEvery
// and hands them to the index, so that every node's replica analyses with
// the words saved on any node.
func followSearchWords(ctx context.Context, db *sqlstore.DB, idx *search.Index, log *slog.Logger) {
	t := time.NewTicker(searchWordsEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		words, err := db.SearchWords(ctx)
		if err != nil {
			continue // the database is away; the next tick tries again
		}
		if _, err := idx.SetWords(words); err != nil {
			log.Error("search words from the database", "error", err)
		}
	}
}

// searchWordsEvery is how soon another node's change of the search words
// reaches this node.
const searchWordsEvery = 30 * time.Second

// openIndex opens the search index beside the database, with the extra
// compound words from DATA/search-words.txt and from /admin/search.
func openIndex(ctx context.Context, dataDir string, db *sqlstore.DB, log *slog.Logger) (*search.Index, error) {
	words, err := readWith(filepath.Join(dataDir, "search-words.txt"), search.ReadWords)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	// And the words admins added on /admin/search.
	stored, err := db.SearchWords(ctx)
	if err != nil {
		return nil, err
	}
	idx, err := search.Open(ctx, filepath.Join(dataDir, "search"), db, search.Options{Words: words, AdminWords: stored, Logger: log})
	if errors.Is(err, search.ErrInUse) {
		return nil, fmt.Errorf("%w: stop the other Chorus first", err)
	}
	return idx, err
}

func reindexCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	data := dataFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return rebuildIndex(ctx, data, stdout)
}

// rebuildIndex builds the search index of the data directory from its
// database, with a progress bar.
func rebuildIndex(ctx context.Context, place *storePlace, stdout io.Writer) error {
	db, err := place.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	idx, err := openIndex(ctx, place.dir, db, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer idx.Close()
	start := time.Now()
	bar := newProgressBar(os.Stderr, "threads")
	posts, err := idx.Rebuild(ctx, bar.update)
	bar.finish()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := idx.CatchUp(ctx); err != nil {
		return fmt.Errorf("reindex: catch up: %w", err)
	}
	n, _ := idx.DocCount()
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "search index rebuilt: %d threads searchable, %d posts in %.1f s (%.0f posts/s), mapping %s\n",
		n, posts, secs, float64(posts)/max(secs, 0.001), idx.Version())
	return nil
}

func userCommand(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("user: expected create, role or password\n%s", usage)
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	data := dataFlag(fs)
	username := fs.String("username", "", "username")
	email := fs.String("email", "", "email address")
	pass := fs.String("password", "", "password")
	roleName := fs.String("role", "member", "member, moderator, staff or admin")
	// Positional arguments may come before the flags: "user role anna staff --data d".
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}

	db, err := data.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := forum.NewService(db, markdown.New(), password.New(password.Default))

	switch sub {
	case "create":
		role, err := forum.ParseRole(*roleName)
		if err != nil {
			return describe(err)
		}
		u, err := svc.CreateUser(ctx, forum.RegisterInput{Username: *username, Email: *email, Password: *pass, Role: role})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "created %s (%s)\n", u.Username, u.Role)
	case "role":
		if len(positional) != 2 {
			return errors.New("usage: chorus user role USERNAME ROLE")
		}
		role, err := forum.ParseRole(positional[1])
		if err != nil {
			return describe(err)
		}
		u, err := svc.AssignRole(ctx, positional[0], role)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "%s is now %s; their sessions have ended\n", u.Username, u.Role)
	case "password":
		if len(positional) != 1 {
			return errors.New("usage: chorus user password USERNAME (new password on standard input)")
		}
		pw := *pass
		if pw == "" {
			fmt.Fprint(stdout, "New password: ")
			if pw, err = readLine(stdin); err != nil {
				return err
			}
		}
		if err := svc.SetPassword(ctx, positional[0], pw); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions have ended\n", positional[0])
	case "reset-2fa":
		if len(positional) != 1 {
			return errors.New("usage: chorus user reset-2fa USERNAME")
		}
		if err := svc.ResetTwoFactor(ctx, positional[0]); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "two-factor authentication of %s is off and their sessions have ended; roles that require it will set it up again at the next login\n", positional[0])
	default:
		return fmt.Errorf("user: unknown subcommand %q\n%s", sub, usage)
	}
	return nil
}

func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			b.WriteByte(buf[0])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return strings.TrimRight(b.String(), "\r"), nil
}

// describe turns a domain error into the same English sentence the web
// pages would show.
func describe(err error) error {
	if forum.ErrorKind(err) == forum.Internal {
		return err
	}
	cats, cerr := web.LoadCatalogs(themes.Embedded())
	if cerr != nil {
		return err
	}
	return errors.New(cats.For("en").Error(err))
}
