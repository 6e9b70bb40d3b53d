package node

import (
	"log/slog"
	"time"
)

// Config configures a node. The zero value of every field except Dir is
// valid and means the default documented on the field.
type Config struct {
	// Dir is the data directory: the Badger store and the device key. It is
	// created if missing. Required.
	Dir string

	// Logger receives the node's logs. Nil discards them.
	Logger *slog.Logger

	// SyncWrites makes every commit wait for fsync, so that an acknowledged
	// write survives a power loss. Off by default: a commit is then durable
	// against a crash of the process (the write-ahead log is in the OS page
	// cache) and a power loss can cost the last SyncInterval of writes.
	SyncWrites bool

	// SyncInterval is how often the store is flushed to disk when
	// SyncWrites is off. Default 1s.
	SyncInterval time.Duration

	// GCInterval is how often value-log garbage collection runs. Default 10m.
	GCInterval time.Duration

	// SnapshotInterval is how often the roster index is saved while ops
	// arrive (snapshot.go), which bounds what a start after a crash
	// replays. Default 5m.
	SnapshotInterval time.Duration

	// MaxDrift is how far ahead of local time an op's timestamp may be
	// before the op is refused. Default crdt.DefaultMaxDrift (5m).
	MaxDrift time.Duration

	// Now is the wall clock. Nil means time.Now.
	Now func() time.Time

	// MemTableMB is the size of one Badger memtable in MiB. Default 4.
	// Two are kept in memory; with compactions this is the main lever on
	// peak memory. 4 rather than 8 leaves the collector about 10 MB more
	// room under the binary's memory limit while a memtable is flushed,
	// and smaller skiplists are faster to fill: a full sync between two
	// muster processes went from 82,000-109,000 to 103,000-116,000 ops/s,
	// local ingest from 62,000-73,000 to 85,000-97,000, at the same peak
	// memory (134-137 MB anonymous).
	MemTableMB int
}

// DefaultConfig returns the defaults for a data directory.
func DefaultConfig(dir string) Config { return Config{Dir: dir} }

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.SyncInterval <= 0 {
		c.SyncInterval = time.Second
	}
	if c.SnapshotInterval <= 0 {
		c.SnapshotInterval = 5 * time.Minute
	}
	if c.GCInterval <= 0 {
		c.GCInterval = 10 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MemTableMB <= 0 {
		c.MemTableMB = 4
	}
	return c
}

// DefaultMemoryLimitMB is the soft memory limit, in MiB, that the muster
// binary gives the Go runtime (runtime/debug.SetMemoryLimit) unless
// GOMEMLIMIT or --memory-limit says otherwise. The garbage collector then
// works harder only when the heap nears it, instead of letting the heap
// grow to twice what is live: ingesting the 100,000-person roster workload
// peaks near 135 MB instead of 190 MB, at no measurable cost in speed
// (docs/benchmarks.md). A larger roster whose live heap nears the limit
// costs CPU, never an out-of-memory crash: raise the limit then.
const DefaultMemoryLimitMB = 140
