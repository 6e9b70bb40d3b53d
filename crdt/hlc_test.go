package crdt

import (
	"errors"
	"testing"
	"time"
)

func TestClockMonotonic(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var c Clock
	cases := []struct {
		wall time.Time
		want Timestamp
	}{
		{base, MakeTimestamp(base, 0)},
		{base, MakeTimestamp(base, 1)},                                             // same ms: logical ticks
		{base.Add(-time.Second), MakeTimestamp(base, 2)},                           // wall went back: still ahead
		{base.Add(time.Millisecond), MakeTimestamp(base.Add(time.Millisecond), 0)}, // wall moved on
	}
	for i, tc := range cases {
		if got := c.Now(tc.wall); got != tc.want {
			t.Errorf("step %d: Now = %s, want %s", i, got, tc.want)
		}
	}
}

func TestClockObserve(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	c := Clock{MaxDrift: time.Minute}
	remote := MakeTimestamp(base.Add(30*time.Second), 7)
	if err := c.Observe(remote, base); err != nil {
		t.Fatalf("Observe within drift: %v", err)
	}
	if got := c.Now(base); got <= remote {
		t.Errorf("Now after Observe = %s, want > %s", got, remote)
	}
	far := MakeTimestamp(base.Add(2*time.Minute), 0)
	before := c.Last
	err := c.Observe(far, base)
	var ahead *ClockAheadError
	if !errors.As(err, &ahead) {
		t.Fatalf("Observe far ahead: err = %v, want ClockAheadError", err)
	}
	if c.Last != before {
		t.Errorf("a refused timestamp moved the clock: %s -> %s", before, c.Last)
	}
}

func TestTimestampParts(t *testing.T) {
	w := time.Date(2030, 1, 2, 3, 4, 5, 6e6, time.UTC)
	ts := MakeTimestamp(w, 42)
	if !ts.Wall().Equal(w) || ts.Logical() != 42 {
		t.Errorf("parts of %d = %s, %d", ts, ts.Wall(), ts.Logical())
	}
}
