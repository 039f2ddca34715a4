package forum

import "context"

// A Gate screens a member's write before it is stored: rate limits per
// account and address, the limits on new accounts, silences and the spam
// check. moderation implements it; a Service without one lets every write
// through.
type Gate interface {
	// Screen returns an error (RateLimited, Forbidden, Invalid) to refuse
	// the write, or hold true to store it hidden until a moderator
	// approves it.
	Screen(ctx context.Context, actor *User, w Write) (hold bool, err error)
}

// WriteKind is the kind of write a Gate screens.
type WriteKind string

// The writes a Gate screens.
const (
	WriteThread  WriteKind = "thread"
	WriteAnswer  WriteKind = "answer"
	WriteComment WriteKind = "comment"
	WriteVote    WriteKind = "vote"
	WriteMeToo   WriteKind = "metoo"
	WriteFlag    WriteKind = "flag"
)

// Write is one write for a Gate: its kind and, for posts, the Markdown.
type Write struct {
	Kind WriteKind
	Text string
}

// SetGate installs the gate every member's write passes.
func (s *Service) SetGate(g Gate) { s.gate = g }

func (s *Service) screen(ctx context.Context, actor *User, kind WriteKind, text string) (bool, error) {
	if s.gate == nil {
		return false, nil
	}
	return s.gate.Screen(ctx, actor, Write{Kind: kind, Text: text})
}

type clientIPKey struct{}

// WithClientIP returns a context that carries the client's address, for
// the rate limits per address.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the address WithClientIP stored, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
