package crdt

import (
	"fmt"
	"time"
)

// Timestamp is a hybrid logical clock reading: milliseconds since the Unix
// epoch in the high 48 bits and a logical counter in the low 16. Ordering
// timestamps as integers orders them causally within one clock.
type Timestamp uint64

const logicalBits = 16

// MakeTimestamp builds a timestamp from a wall time and a logical counter.
func MakeTimestamp(wall time.Time, logical uint16) Timestamp {
	return Timestamp(uint64(wall.UnixMilli())<<logicalBits | uint64(logical))
}

// Wall is the physical part of t.
func (t Timestamp) Wall() time.Time { return time.UnixMilli(int64(t >> logicalBits)).UTC() }

// Logical is the counter part of t.
func (t Timestamp) Logical() uint16 { return uint16(t) }

func (t Timestamp) String() string {
	return fmt.Sprintf("%s+%d", t.Wall().Format(time.RFC3339Nano), t.Logical())
}

// DefaultMaxDrift is how far ahead of local time a remote timestamp may be.
const DefaultMaxDrift = 5 * time.Minute

// Clock is a hybrid logical clock. The current wall time is always passed
// in, so the clock is deterministic under test. The zero value is a valid
// clock with MaxDrift = DefaultMaxDrift.
type Clock struct {
	Last     Timestamp
	MaxDrift time.Duration // 0 means DefaultMaxDrift
}

// Now returns a timestamp greater than every one this clock has issued or
// observed, and at least the wall time.
func (c *Clock) Now(wall time.Time) Timestamp {
	pt := MakeTimestamp(wall, 0)
	if pt > c.Last {
		c.Last = pt
	} else {
		c.Last++ // a logical overflow carries into the millisecond: still monotonic
	}
	return c.Last
}

// Check reports whether ts is acceptable at wall time: not further ahead
// than MaxDrift.
func (c *Clock) Check(ts Timestamp, wall time.Time) error {
	max := c.MaxDrift
	if max == 0 {
		max = DefaultMaxDrift
	}
	if ahead := ts.Wall().Sub(wall); ahead > max {
		return &ClockAheadError{Remote: ts, Ahead: ahead, Max: max}
	}
	return nil
}

// Observe folds a remote timestamp into the clock so that later local
// timestamps sort after it. A timestamp too far ahead is refused.
func (c *Clock) Observe(ts Timestamp, wall time.Time) error {
	if err := c.Check(ts, wall); err != nil {
		return err
	}
	if ts > c.Last {
		c.Last = ts
	}
	return nil
}
