package notify

import (
	"context"
	"errors"
)

// Sender hands one message to one channel. A nil error means the channel
// accepted it. An error wrapped by Permanent means the channel refused it
// for good; any other error is taken as the channel being unreachable for
// now, and the message is tried again later.
type Sender interface {
	Send(ctx context.Context, to, subject, text string) error
}

// PermanentError is a refusal that trying again will not change.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "refused: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as a refusal for good.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is a refusal for good.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// SenderFunc adapts a function to Sender, for tests and small adapters.
type SenderFunc func(ctx context.Context, to, subject, text string) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, to, subject, text string) error {
	return f(ctx, to, subject, text)
}
