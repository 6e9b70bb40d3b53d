package node

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// foldAt is how many deltas a read may merge before it asks for the entity
// to be folded: its record rewritten with the deltas applied, and the
// deltas deleted. Reads of a busy entity then stay short.
const foldAt = 8

// foldInterval is how often Serve folds every entity with deltas, once
// ops arrived: a large sync leaves one delta per op, and reads of an entity
// merge its deltas until it is folded.
const foldInterval = time.Minute

// foldBatch is how many entities one fold transaction rewrites.
const foldBatch = 256

// foldLater asks the folder to fold the entity at key. It never blocks: a
// request that finds the queue full is dropped, and the periodic pass
// (foldAll) or a later read asks again.
func (n *Node) foldLater(key []byte) {
	if n.foldq == nil {
		return
	}
	select {
	case n.foldq <- append([]byte(nil), key...):
	default:
	}
}

func (n *Node) startFolder() {
	n.foldq = make(chan []byte, 1024)
	n.stopFold = make(chan struct{})
	n.foldDone = make(chan struct{})
	n.folded = make(chan struct{}, 1)
	go func() {
		defer close(n.foldDone)
		for {
			select {
			case <-n.stopFold:
				return
			case key := <-n.foldq:
				keys := [][]byte{key}
			more:
				for len(keys) < foldBatch {
					select {
					case k := <-n.foldq:
						keys = append(keys, k)
					default:
						break more
					}
				}
				if err := n.fold(keys); err != nil && !n.closed.Load() {
					n.log.Warn("fold entities", "err", err)
				}
				select { // tell a waiter (tests) that a batch was folded
				case n.folded <- struct{}{}:
				default:
				}
			}
		}
	}()
}

// stopFolder ends the folder goroutine; Close calls it before it takes the
// write lock, which the folder needs.
func (n *Node) stopFolder() {
	close(n.stopFold)
	<-n.foldDone
}

// fold rewrites the records of the entities at keys with their deltas
// applied and deletes the deltas, in one transaction under the write lock:
// no delta can arrive in between, and a crash leaves either the record and
// its deltas or the folded record, which read the same.
//
// It reads every entity before it writes anything, along one iterator:
// Badger sorts a transaction's pending writes each time it makes an
// iterator of it, so an iterator per entity after the writes of the ones
// before made a batch's folding quadratic (10 of the 16 s that folding
// the roster workload's 300,000 deltas took).
func (n *Node) fold(keys [][]byte) error {
	n.wmu.Lock()
	defer n.wmu.Unlock()
	if n.closed.Load() {
		return ErrClosed
	}
	txn := n.db.NewTransaction(true)
	defer txn.Discard()
	keys = slices.Clone(keys)
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal) // a key asked for twice
	type merged struct {
		key    []byte
		e      *crdt.Entity
		deltas [][]byte
	}
	var todo []merged
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pfxEntity}})
	for _, key := range keys {
		typ, id := splitEntityKey(string(key))
		m := merged{key: key, e: crdt.NewEntity(typ, id)}
		if err := mergeAt(txn, it, key, m.e, &m.deltas); err != nil {
			it.Close()
			return fmt.Errorf("fold %s: %w", key, err)
		}
		if len(m.deltas) > 0 {
			todo = append(todo, m)
		}
	}
	it.Close()
	for _, m := range todo {
		for _, dk := range m.deltas {
			if err := txn.Delete(dk); err != nil {
				return fmt.Errorf("fold %s: %w", m.key, err)
			}
		}
		raw, err := encodeRecord(m.e, m.e.VisibleHash())
		if err != nil {
			return fmt.Errorf("fold %s: %w", m.key, err)
		}
		if err := txn.Set(m.key, raw); err != nil {
			return fmt.Errorf("fold %s: %w", m.key, err)
		}
	}
	if err := txn.Commit(); err != nil {
		return fmt.Errorf("fold: commit: %w", err)
	}
	return nil
}

// foldAll folds every entity that has deltas, foldBatch at a time, taking
// the write lock for each batch only, so that writes go on in between.
// Serve runs it periodically once ops arrived.
func (n *Node) foldAll() error {
	var pending [][]byte
	err := n.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pfxEntity}, PrefetchValues: false})
		defer it.Close()
		var last []byte
		for it.Rewind(); it.Valid(); it.Next() {
			if ent, delta := entityOf(it.Item().Key()); delta && string(ent) != string(last) {
				last = append([]byte(nil), ent...)
				pending = append(pending, last)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("fold: list: %w", err)
	}
	for len(pending) > 0 {
		k := min(foldBatch, len(pending))
		if err := n.fold(pending[:k]); err != nil {
			return err
		}
		pending = pending[k:]
	}
	return nil
}
