package node

import (
	"os"
	"testing"
)

// TestMain runs the tests and benchmarks with the garbage collector set as
// the muster binary sets it (TuneGC).
func TestMain(m *testing.M) {
	TuneGC()
	os.Exit(m.Run())
}
