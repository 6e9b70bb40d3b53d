package node

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: muster's setting unless GOGC chose one.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	t.Setenv("GOGC", "")
	TuneGC()
	if got := debug.SetGCPercent(100); got != GCPercent {
		t.Errorf("with GOGC unset: GC percent %d, want %d", got, GCPercent)
	}
	t.Setenv("GOGC", "50")
	TuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=50 in the environment: TuneGC changed the GC percent to %d", got)
	}
}
