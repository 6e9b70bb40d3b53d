package node

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target that muster runs with: the
// heap may grow by 200% of the live heap between collections, where Go's
// default is 100%. A sync or an import allocates fast while the roster
// index keeps a large, pointer-rich live heap that every collection marks
// again; at 100% collection took a fifth of a full sync's CPU. Measured on
// the roster workload (docs/benchmarks.md): full sync 89,000-114,000 ops/s
// at 100, 120,000-123,000 at 200; peak anonymous memory during ingest
// 135-137 MB either way.
const GCPercent = 200

// TuneGC sets GCPercent, unless the GOGC environment variable chose a
// setting. The muster binary calls it first thing, and the tests and
// benchmarks of the packages whose speed and memory are measured call it
// too (node and sync), so that they measure what runs.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
