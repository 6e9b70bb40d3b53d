package sync

import (
	"os"
	"testing"

	"muster/node"
)

// TestMain runs the tests and benchmarks with the garbage collector set as
// the muster binary sets it (node.TuneGC).
func TestMain(m *testing.M) {
	node.TuneGC()
	os.Exit(m.Run())
}
