package forum

import (
	"errors"
	"fmt"
)

// Kind is the general class of an error; the web layer maps it to a status.
type Kind int

// The kinds of error the domain returns.
const (
	Internal Kind = iota
	NotFound
	Invalid
	Conflict
	Forbidden
	Unauthenticated
	RateLimited
	TooLarge
	Unsupported
	// Unavailable is a part that is down for a while (the search index
	// while it is rebuilt, say); the rest of the forum works.
	Unavailable
)

func (k Kind) String() string {
	switch k {
	case NotFound:
		return "not_found"
	case Invalid:
		return "invalid"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case RateLimited:
		return "rate_limited"
	case TooLarge:
		return "too_large"
	case Unsupported:
		return "unsupported_media_type"
	case Unavailable:
		return "unavailable"
	}
	return "internal"
}

// Error is the one error type of the domain. Code is a message key in the UI
// catalogs (themes/locales), so the web layer can say it in the person's
// language; Field names the form field at fault, if any; Args fill the
// message's placeholders. Err, when set, is the cause and is never shown.
type Error struct {
	Kind  Kind
	Code  string
	Field string
	Args  []any
	Err   error
}

func (e *Error) Error() string {
	msg := e.Code
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if len(e.Args) > 0 {
		msg += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an *Error of the given kind with a catalog code.
func E(kind Kind, code string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Args: args}
}

// FieldError builds an Invalid error that names the form field at fault.
func FieldError(field, code string, args ...any) *Error {
	return &Error{Kind: Invalid, Code: code, Field: field, Args: args}
}

// Internalf wraps an unexpected error; its text goes to the log only.
func Internalf(format string, args ...any) *Error {
	return &Error{Kind: Internal, Code: "error.internal", Err: fmt.Errorf(format, args...)}
}

// ErrorKind returns the kind of err, Internal for errors that are not ours.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// AsError returns err as an *Error, wrapping foreign errors as Internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: Internal, Code: "error.internal", Err: err}
}

// ErrNotFound is returned by stores when a row does not exist.
var ErrNotFound = &Error{Kind: NotFound, Code: "error.not_found"}
