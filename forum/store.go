package forum

import (
	"context"
	"time"
)

// Store keeps the forum's data. forum/sqlstore implements it, on SQLite
// and on PostgreSQL, with one contract (its tests run on both). Every method that changes a
// thread also appends the thread to the outbox in the same transaction, so
// the search index can follow the database.
//
// Methods return ErrNotFound (or an *Error of kind NotFound) for missing rows
// and *Error of kind Conflict for broken uniqueness; never (nil, nil).
type Store interface {
	// Accounts.
	CreateUser(ctx context.Context, u *User) error
	// CreateFirstAdmin creates u only if no account exists yet.
	CreateFirstAdmin(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	CountUsers(ctx context.Context) (int, error)
	ListUsers(ctx context.Context, page, perPage int) ([]User, int, error)
	SetUserRole(ctx context.Context, id int64, r Role) error
	SetUserPassword(ctx context.Context, id int64, hash string) error
	// UserByLogin finds an account by username or address.
	UserByLogin(ctx context.Context, login string) (*User, error)
	// Password resets by mail: a link's SHA-256, single-use and expiring.
	// CreatePasswordReset queues the mail in the same transaction;
	// PasswordResetUser is NotFound for an unknown, used or expired link;
	// UsePasswordReset spends it, sets the password, ends every session
	// and writes the audit entry, all at once.
	CreatePasswordReset(ctx context.Context, userID int64, hash []byte, m *Mail, now, expires time.Time) error
	PasswordResetUser(ctx context.Context, hash []byte, now time.Time) (*User, error)
	UsePasswordReset(ctx context.Context, hash []byte, passwordHash string, now time.Time) (int64, error)
	SetUserLanguage(ctx context.Context, id int64, lang string) error

	// Two-factor authentication state; see TwoFactorState.
	TwoFactor(ctx context.Context, userID int64) (*TwoFactorState, error)
	SetTOTPPending(ctx context.Context, userID int64, secret string) error
	// EnableTOTP makes the pending secret active, records the step of the
	// code that confirmed it and replaces the recovery codes.
	EnableTOTP(ctx context.Context, userID int64, step int64, codes [][]byte, now time.Time) error
	DisableTOTP(ctx context.Context, userID int64) error
	ReplaceRecoveryCodes(ctx context.Context, userID int64, codes [][]byte) error
	// UseTOTPStep records step as used if it is later than the last one,
	// reporting whether it was; two requests with one code cannot both win.
	UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error)
	// UseRecoveryCode marks an unused code as used, reporting whether it was.
	UseRecoveryCode(ctx context.Context, userID int64, hash []byte, now time.Time) (bool, error)

	// Tokens are sessions and API tokens, stored by their hash.
	CreateToken(ctx context.Context, t *Token) error
	TokenUser(ctx context.Context, hash []byte, kind TokenKind, now time.Time) (*User, *Token, error)
	TouchToken(ctx context.Context, hash []byte, now time.Time) error
	DeleteToken(ctx context.Context, hash []byte) error
	DeleteUserTokens(ctx context.Context, userID int64) error

	// Hit counts one event for key in the fixed window that holds now and
	// returns how many the window has seen, this one included.
	Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
	// HitAll counts one event for each key, in one transaction, and
	// returns the windows' counts in the order of keys.
	HitAll(ctx context.Context, keys []string, window time.Duration, now time.Time) ([]int, error)

	// Categories.
	Categories(ctx context.Context) ([]Category, error)
	CategoryByID(ctx context.Context, id int64) (*Category, error)
	CategoryBySlug(ctx context.Context, slug string) (*Category, error)
	// CreateCategory and UpdateCategory write audit in the same transaction.
	CreateCategory(ctx context.Context, c *Category, audit *AuditEntry) error
	UpdateCategory(ctx context.Context, c *Category, audit *AuditEntry) error

	// Threads and posts.
	CreateThread(ctx context.Context, t *Thread, question *Post) error
	ThreadByID(ctx context.Context, id int64) (*Thread, error)
	FindThreads(ctx context.Context, f ThreadFilter) (ThreadPage, error)
	// ThreadsByIDs returns the threads that exist among ids, in any state
	// and in no particular order.
	ThreadsByIDs(ctx context.Context, ids []int64) ([]Thread, error)
	// PostTexts returns the live (not deleted) posts of the threads, by
	// thread, question first.
	PostTexts(ctx context.Context, threadIDs []int64) (map[int64][]PostText, error)
	// QuestionsHTML returns the rendered questions of the threads, by
	// thread.
	QuestionsHTML(ctx context.Context, threadIDs []int64) (map[int64]string, error)
	PopularTags(ctx context.Context, limit int) ([]TagCount, error)
	Posts(ctx context.Context, threadID int64) ([]Post, error)
	PostByID(ctx context.Context, id int64) (*Post, error)
	CreatePost(ctx context.Context, p *Post) error
	UpdatePost(ctx context.Context, u PostUpdate) error
	// DeletePost soft-deletes a post; audit, when set, is written in the
	// same transaction (a moderator deleting someone else's post).
	DeletePost(ctx context.Context, id int64, now time.Time, audit *AuditEntry) error
	Revisions(ctx context.Context, postID int64) ([]Revision, error)
	CreateComment(ctx context.Context, c *Comment) error
	CommentByID(ctx context.Context, id int64) (*Comment, error)
	// DeleteComment soft-deletes a comment; audit as for DeletePost.
	DeleteComment(ctx context.Context, id int64, now time.Time, audit *AuditEntry) error

	// Votes, "me too" and the accepted answer.
	SetVote(ctx context.Context, postID, userID int64, value int, now time.Time) (score int, err error)
	UserVotes(ctx context.Context, threadID, userID int64) (map[int64]int, error)
	SetMeToo(ctx context.Context, threadID, userID int64, on bool, now time.Time) (count int, err error)
	HasMeToo(ctx context.Context, threadID, userID int64) (bool, error)
	// SetAccepted writes audit, when set, in the same transaction (a
	// moderator accepting on the asker's behalf).
	SetAccepted(ctx context.Context, threadID, postID int64, now time.Time, audit *AuditEntry) error

	// The outbox: every change to a thread appends its ID, in the same
	// transaction, so the search index can follow the database.
	OutboxAfter(ctx context.Context, seq int64, limit int) ([]OutboxEntry, error)
	// OutboxBounds returns the oldest kept and the newest sequence number.
	OutboxBounds(ctx context.Context) (first, last int64, err error)
	// PruneOutbox forgets entries up to seq written before before.
	PruneOutbox(ctx context.Context, seq int64, before time.Time) (int64, error)
	// ThreadIDsAfter and CountThreads walk every thread, in any state, for
	// a rebuild of the index.
	ThreadIDsAfter(ctx context.Context, after int64, limit int) ([]int64, error)
	CountThreads(ctx context.Context) (int, error)
	// SearchWords and SetSearchWords keep the admins' extra German
	// compound parts for the search index.
	SearchWords(ctx context.Context) ([]string, error)
	SetSearchWords(ctx context.Context, words []string, now time.Time, audit *AuditEntry) error

	// Subscribers returns the IDs of the people who follow a thread.
	Subscribers(ctx context.Context, threadID int64) ([]int64, error)
	// Following threads, categories and tags.
	SetSubscription(ctx context.Context, threadID, userID int64, on bool, now time.Time) error
	IsSubscribed(ctx context.Context, threadID, userID int64) (bool, error)
	SetCategorySubscription(ctx context.Context, categoryID, userID int64, on bool, now time.Time) error
	SetTagSubscription(ctx context.Context, tag string, userID int64, on bool, now time.Time) error
	// Following reports whether a person follows a category and a tag.
	Following(ctx context.Context, userID, categoryID int64, tag string) (category, tagged bool, err error)
	// DeliverNotifications fans queued notification jobs out to the people
	// they concern (see the Notify* kinds), at most limit jobs, and
	// reports how many it delivered. Writes that notify queue their job in
	// their own transaction.
	DeliverNotifications(ctx context.Context, now time.Time, limit int) (int, error)
	PendingNotifyJobs(ctx context.Context) (int, error)
	// Notifications returns a page of a person's notifications, newest
	// first, and the number unread.
	Notifications(ctx context.Context, userID int64, offset, limit int) ([]Notification, int, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, userID int64, now time.Time) error

	// Escalation: the staff's queue, the asker's call for help, claims.
	NeedsAttention(ctx context.Context, now time.Time, offset, limit int) ([]AttentionItem, int, error)
	SetNeedsHelp(ctx context.Context, threadID int64, at time.Time) error
	SetClaim(ctx context.Context, threadID, userID int64, at time.Time, audit *AuditEntry) error

	// Satisfaction: one answer per thread; a second is a Conflict.
	AddSatisfaction(ctx context.Context, r *Satisfaction) error
	SatisfactionOf(ctx context.Context, threadID int64) (*Satisfaction, error)

	// InsightRows returns the questions asked in [from, to] (see the store);
	// SatisfactionRows the askers' answers given then.
	InsightRows(ctx context.Context, from, to time.Time) ([]InsightRow, error)
	SatisfactionRows(ctx context.Context, from, to time.Time) ([]SatisfactionRow, error)

	// Mail: notifications not yet considered for mail (mailed = 0), the
	// queue, the digests, the people's choices and the server's secrets.
	UnmailedNotifications(ctx context.Context, limit int) ([]Notification, error)
	// QueueMail marks a notification handled, for the digest or done, and
	// queues its mail (nil for none) in the same transaction.
	QueueMail(ctx context.Context, notificationID int64, m *Mail, digest bool, now time.Time) error
	// DigestDue returns the people with notifications waiting for a digest
	// whose last digest was before since.
	DigestDue(ctx context.Context, since time.Time) ([]int64, error)
	DigestNotifications(ctx context.Context, userID int64) ([]Notification, error)
	QueueDigest(ctx context.Context, userID int64, notificationIDs []int64, m *Mail, now time.Time) error
	DueMails(ctx context.Context, now time.Time, limit int) ([]Mail, error)
	// ClaimMail takes a due mail for sending until until, reporting
	// whether it was still due: of two nodes about to send it, one does.
	ClaimMail(ctx context.Context, id int64, now, until time.Time) (bool, error)
	MailSent(ctx context.Context, id int64, at time.Time) error
	MailRetry(ctx context.Context, id int64, attempts int, next time.Time, reason string) error
	// MailFailed gives up on a mail; bounced marks its address too.
	MailFailed(ctx context.Context, id, userID int64, bounced bool, reason string, at time.Time) error
	EmailPrefs(ctx context.Context, userID int64) (map[string]string, error)
	SetEmailPrefs(ctx context.Context, userID int64, prefs map[string]string) error
	// Secret returns a named server secret, making it with gen the first
	// time.
	Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)

	// Known issues. CreateKnownIssue stores its thread, question and
	// status in one transaction; UpdateKnownIssue records a status change
	// and queues the notification of everyone affected; LinkReport is
	// idempotent and tells the report's asker.
	CreateKnownIssue(ctx context.Context, t *Thread, q *Post, k *KnownIssue, audit *AuditEntry) error
	KnownIssue(ctx context.Context, threadID int64) (*KnownIssue, error)
	KnownIssues(ctx context.Context, fixedSince time.Time) ([]KnownIssue, error)
	LinkedKnownIssue(ctx context.Context, reportID int64) (*KnownIssue, error)
	// KnownIssueRole reports whether a thread is a known issue and which
	// one it is linked to (0 for none), in one query.
	KnownIssueRole(ctx context.Context, threadID int64) (isKnown bool, linkedTo int64, err error)
	UpdateKnownIssue(ctx context.Context, u KnownIssueUpdateIn) error
	LinkReport(ctx context.Context, knownID, threadID, actorID int64, on bool, now time.Time, audit *AuditEntry) error

	// FirstAnswerDelays returns, newest first, how long the last limit
	// answered threads of a category waited for their first answer.
	FirstAnswerDelays(ctx context.Context, categoryID int64, limit int) ([]time.Duration, error)
}

// PostUpdate is one edit of a post; it becomes a new revision.
type PostUpdate struct {
	PostID   int64
	EditorID int64
	BodyMD   string
	BodyHTML string
	// Title, Slug and Tags apply to questions only.
	Title string
	Slug  string
	Tags  []string
	At    time.Time
	// Audit, when set, is written in the same transaction: a moderator
	// editing someone else's post.
	Audit *AuditEntry
	// Hold stores the edited post hidden until a moderator approves it
	// (for a question, its thread): the gate found spam in the edit.
	Hold bool
}

// OutboxEntry says that a thread changed; Seq orders the changes.
type OutboxEntry struct {
	Seq      int64
	ThreadID int64
}

// TagCount is a tag with the number of visible threads that carry it.
type TagCount struct {
	Name  string
	Count int
}

// Renderer turns Markdown into safe HTML. forum/markdown implements it.
type Renderer interface {
	Render(markdown string) (string, error)
}

// PasswordHasher hashes and checks passwords. forum/password implements it.
type PasswordHasher interface {
	Hash(password string) (string, error)
	// Verify reports whether password matches hash, and whether the hash
	// should be replaced because its parameters are out of date.
	Verify(hash, password string) (ok, rehash bool, err error)
}
