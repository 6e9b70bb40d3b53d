package crdt

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors callers branch on.
var (
	ErrNotCanonical = errors.New("encoding is not canonical")
	ErrTooLarge     = errors.New("input too large")
	ErrBadSignature = errors.New("signature does not verify")
	ErrBadChain     = errors.New("ops do not form a hash chain")
	ErrInvalidOp    = errors.New("invalid op")
)

// ClockAheadError reports a timestamp further in the future than the clock
// accepts. It is refused rather than absorbed, so one bad clock cannot drag
// every replica's clock forward.
type ClockAheadError struct {
	Remote Timestamp
	Ahead  time.Duration
	Max    time.Duration
}

func (e *ClockAheadError) Error() string {
	return fmt.Sprintf("timestamp %s is %s ahead of local time (max %s)", e.Remote, e.Ahead.Round(time.Millisecond), e.Max)
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOp, fmt.Sprintf(format, args...))
}
