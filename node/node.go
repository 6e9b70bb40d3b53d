package node

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	stdsync "sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"muster/crdt"
)

// Node is one muster node: its store, its device identity, its change feed.
// All methods are safe for concurrent use.
type Node struct {
	cfg  Config
	log  *slog.Logger
	db   *badger.DB
	priv ed25519.PrivateKey
	id   crdt.AuthorID

	// wmu serializes writers: local op creation and Apply.
	wmu stdsync.Mutex
	// verifiedBufs holds the op buffers of applied batches for the next
	// Verify (see Verified).
	verifiedBufs chan []crdt.VerifiedOp
	// keys holds the delta keys and values of the commit being applied
	// (applyOp), under wmu.
	keys   []byte
	clock  crdt.Clock
	signer *crdt.Signer

	// smu guards the state readers see between commits.
	smu     stdsync.RWMutex
	heads   map[crdt.AuthorID]head
	pending map[crdt.AuthorID]int // ops held per author until a gap fills
	loaded  *rosterIndex          // the index built at open, until the indexer takes it
	// What the load learned for the indexer's fast path (indexer.go): the
	// authors of the states in loaded's records, which hold every
	// person's when loadedComplete.
	loadedAuthors  *authorTable
	loadedComplete bool
	// indexStart says how loadIndex built it: "snapshot", "replay" (of
	// replayedOps ops after the snapshot) or "rebuild" (from every person).
	indexStart  string
	replayedOps uint64
	people      *indexer

	rejected atomic.Uint64
	// The state digest, computed on demand (Digest) for the vector dvec.
	dmu    stdsync.Mutex
	digest crdt.Digest
	dvec   crdt.Hash
	dvalid bool
	// Folding deltas into records (fold.go).
	foldq    chan []byte
	stopFold chan struct{}
	foldDone chan struct{}
	folded   chan struct{} // a fold batch finished (capacity 1, never blocks)
	feed     feed
	closed   atomic.Bool
}

// Open opens the node in cfg.Dir, creating the directory, the device key
// and the store on first start.
func Open(cfg Config) (*Node, error) {
	if cfg.Dir == "" {
		return nil, fmt.Errorf("open node: no data directory")
	}
	cfg = cfg.withDefaults()
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("open node: %w", err)
	}
	priv, err := loadOrCreateKey(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("open node: %w", err)
	}
	if err := removeEmptyStoreFiles(filepath.Join(cfg.Dir, "store"), cfg.Logger); err != nil {
		return nil, fmt.Errorf("open node: store: %w", err)
	}
	db, err := badger.Open(badgerOptions(cfg))
	if err != nil {
		return nil, fmt.Errorf("open node: store: %w", err)
	}
	n := &Node{
		cfg:          cfg,
		log:          cfg.Logger.With("component", "node"),
		db:           db,
		priv:         priv,
		pending:      map[crdt.AuthorID]int{},
		verifiedBufs: make(chan []crdt.VerifiedOp, 1),
		clock:        crdt.Clock{MaxDrift: cfg.MaxDrift},
	}
	copy(n.id[:], priv.Public().(ed25519.PublicKey))
	start := time.Now()
	if err := n.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open node: %w", err)
	}
	n.log.Debug("roster index loaded", "from", n.indexStart, "people", n.loaded.all.Len(),
		"complete", n.loadedComplete, "took", time.Since(start))
	n.startFolder()
	n.people = newIndexer(n.loaded, n.loadedAuthors, n.loadedComplete, n.readPeople, func(err error) {
		if !n.closed.Load() {
			n.log.Error("roster index: read people", "err", err)
		}
	})
	n.loaded, n.loadedAuthors = nil, nil
	own := n.heads[n.id]
	n.signer = crdt.NewSigner(priv, own.Seq, own.Hash)
	return n, nil
}

func badgerOptions(cfg Config) badger.Options {
	opts := badger.DefaultOptions(filepath.Join(cfg.Dir, "store")).
		WithLogger(badgerLogger{cfg.Logger.With("component", "badger")}).
		WithSyncWrites(cfg.SyncWrites).
		WithDetectConflicts(false).
		WithMetricsEnabled(false).
		WithNumGoroutines(2).
		// Memory: two memtables of MemTableMB each are the largest
		// fixed item; smaller ones also mean smaller compactions.
		WithMemTableSize(int64(cfg.MemTableMB) << 20).
		WithNumMemtables(2).
		// Level 0 compacts at 4 tables and stalls writes at 16: with ops
		// stored as blind deltas a large sync writes faster than 2 and 8
		// let compaction keep up (full sync of the roster workload went
		// from 74,000-99,000 to 84,000-119,000 ops/s); peak anonymous
		// memory during ingest stayed at 134 MB.
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(16).
		// Small caches: a laptop or a Raspberry Pi, not a server.
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(16 << 20).
		// Key-value separation: entity records and op-log chunks go to the
		// value log and the LSM tree holds keys and pointers. Compactions
		// then move pointers, not records: at the full roster workload this
		// halved CPU per op and cut peak anonymous memory from 430 to 140 MB.
		// Rewritten records leave garbage in the value log, which the
		// scheduled value-log GC reclaims.
		WithValueThreshold(64).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		// No block compression: reads come straight from the mmapped files,
		// with no decompression buffers (memory) or work (CPU).
		WithCompression(options.None)
	return opts
}

// ID is this device's author id (its public key).
func (n *Node) ID() crdt.AuthorID { return n.id }

// Dir is the data directory.
func (n *Node) Dir() string { return n.cfg.Dir }

// Close flushes and closes the store and ends every subscription.
func (n *Node) Close() error {
	if !n.closed.CompareAndSwap(false, true) {
		return nil
	}
	n.stopFolder()
	n.wmu.Lock()
	defer n.wmu.Unlock()
	n.feed.closeAll()
	n.people.close()
	if err := n.writeIndexSnapshot(n.people.encodeSnapshot(n.vectorLocked())); err != nil {
		n.log.Warn("index snapshot not saved; the next start rebuilds it", "err", err)
	}
	if err := n.db.Close(); err != nil {
		return fmt.Errorf("close node: %w", err)
	}
	return nil
}

// Serve runs background maintenance until ctx is done: flushing writes to
// disk every SyncInterval (when SyncWrites is off), saving the roster
// index every SnapshotInterval once ops arrived (so that a start after a
// crash replays only what came since), folding ops stored as deltas into
// their entities' records every minute once ops arrived (fold.go), and
// value-log garbage collection every GCInterval.
func (n *Node) Serve(ctx context.Context) error {
	flush := time.NewTicker(n.cfg.SyncInterval)
	defer flush.Stop()
	gc := time.NewTicker(n.cfg.GCInterval)
	defer gc.Stop()
	snap := time.NewTicker(n.cfg.SnapshotInterval)
	defer snap.Stop()
	fold := time.NewTicker(foldInterval)
	defer fold.Stop()
	var saved crdt.Hash  // the vector digest of the last save; none yet
	var folded crdt.Hash // the vector digest of the last fold pass
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-snap.C:
			var err error
			if saved, err = n.snapshotNow(saved); err != nil && !errors.Is(err, ErrClosed) {
				n.log.Warn("save roster index snapshot", "err", err)
			}

		case <-fold.C:
			if vd := n.VersionVector().Digest(); vd != folded {
				if err := n.foldAll(); err != nil && !errors.Is(err, ErrClosed) {
					n.log.Warn("fold entities", "err", err)
				} else {
					folded = vd
				}
			}
		case <-flush.C:
			if !n.cfg.SyncWrites && !n.closed.Load() {
				if err := n.db.Sync(); err != nil {
					n.log.Warn("flush store", "err", err)
				}
			}
		case <-gc.C:
			n.runGC()
		}
	}
}

func (n *Node) runGC() {
	for i := 0; i < 8 && !n.closed.Load(); i++ {
		if err := n.db.RunValueLogGC(0.5); err != nil {
			return // badger.ErrNoRewrite: nothing (more) to reclaim
		}
	}
}

// now returns the next local timestamp. Callers hold wmu.
func (n *Node) now() crdt.Timestamp { return n.clock.Now(n.cfg.Now()) }

type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error(fmt.Sprintf(f, a...)) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn(fmt.Sprintf(f, a...)) }
func (b badgerLogger) Infof(f string, a ...any)    { b.l.Debug(fmt.Sprintf(f, a...)) }
func (b badgerLogger) Debugf(f string, a ...any)   {}
