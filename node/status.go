package node

import (
	"io/fs"
	"path/filepath"
	"syscall"

	"muster/crdt"

	"github.com/dgraph-io/badger/v4"
)

// VersionVector returns the ops this node holds: per author, the highest
// seq below which it holds every op.
func (n *Node) VersionVector() crdt.VersionVector {
	n.smu.RLock()
	defer n.smu.RUnlock()
	return n.vectorLocked()
}

func (n *Node) vectorLocked() crdt.VersionVector {
	v := make(crdt.VersionVector, len(n.heads))
	for a, h := range n.heads {
		v[a] = h.Seq
	}
	return v
}

// Digest summarizes the visible data: two nodes have equal digests exactly
// when their visible data is equal.
//
// It is computed when asked, from every entity's merged state, and kept
// until the version vector moves: applying an op never reads the entity it
// changes, so there is no old state to update a running digest from. On a
// large store the first call after a change takes a while (1.5-2.8 s for
// the roster workload's 100,000 people before its ops are folded: each
// delta is read through its chunk).
func (n *Node) Digest() crdt.Digest {
	vd := n.VersionVector().Digest()
	n.dmu.Lock()
	defer n.dmu.Unlock()
	if n.dvalid && n.dvec == vd {
		return n.digest
	}
	var d crdt.Digest
	err := n.db.View(func(txn *badger.Txn) error {
		return scanMerged(txn, []byte{pfxEntity}, func(e *crdt.Entity) error {
			d.Toggle(e.VisibleHash())
			return nil
		})
	})
	if err != nil {
		n.log.Warn("compute digest", "err", err)
		return d
	}
	n.digest, n.dvec, n.dvalid = d, vd, true
	return d
}

// Status reports the node's identity, size and progress.
func (n *Node) Status() Status {
	n.smu.RLock()
	vec := make(map[string]uint64, len(n.heads))
	var ops uint64
	for a, h := range n.heads {
		vec[a.String()] = h.Seq
		ops += h.Seq
	}
	pending := 0
	for _, c := range n.pending {
		pending += c
	}
	n.smu.RUnlock()
	size := dirSize(filepath.Join(n.cfg.Dir, "store"))
	return Status{
		NodeID:     n.id.String(),
		Ops:        ops,
		Vector:     vec,
		StoreBytes: size,
		Rejected:   n.rejected.Load(),
		Pending:    pending,
		Digest:     n.Digest().String(),
	}
}

// dirSize sums the disk space the files under dir take. Badger's own
// figure is refreshed only every minute, and value-log files are
// preallocated: blocks in use is what the disk really gives up.
func dirSize(dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				if st, ok := info.Sys().(*syscall.Stat_t); ok {
					total += st.Blocks * 512
				} else {
					total += info.Size()
				}
			}
		}
		return nil
	})
	return total
}
