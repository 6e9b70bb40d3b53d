package node

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// load reads the vector, the digest and the pending counts, and rebuilds
// the roster index from the person entities.
func (n *Node) load() error {
	n.heads = map[crdt.AuthorID]head{}
	n.loaded = newRosterIndex()
	n.loadedAuthors = newAuthorTable()
	return n.db.View(func(txn *badger.Txn) error {
		if err := getCBOR(txn, keyVector, func(b []byte) error {
			var hs []head
			if err := crdt.Unmarshal(b, &hs); err != nil {
				return err
			}
			for _, h := range hs {
				n.heads[h.Author] = h
			}
			return nil
		}); err != nil {
			return fmt.Errorf("load vector: %w", err)
		}
		if err := n.loadPending(txn); err != nil {
			return err
		}
		return n.loadIndex(txn)
	})
}

// loadIndex builds the roster index: from the saved snapshot, brought up to
// date by the ops that came after it, or else from every person.
func (n *Node) loadIndex(txn *badger.Txn) error {
	ix, snapVec, authors := n.loadIndexSnapshot(txn)
	n.indexStart = "rebuild"
	if ix == nil {
		return n.loadPeople(txn)
	}
	var missing uint64
	for a, seq := range snapVec {
		if n.heads[a].Seq < seq {
			// The store holds less than the snapshot saw (it cannot, short
			// of a restored backup): trust the store.
			return n.loadPeople(txn)
		}
	}
	for a, h := range n.heads {
		missing += h.Seq - snapVec[a]
	}
	if missing > maxReplayOps {
		return n.loadPeople(txn)
	}
	ix.build()
	n.loaded, n.indexStart = ix, "snapshot"
	if authors != nil {
		// The indexer knew every person when it saved: it does again.
		n.loadedAuthors, n.loadedComplete = authors, true
	}
	if missing == 0 {
		return nil
	}
	n.indexStart, n.replayedOps = "replay", missing
	touched, err := n.peopleTouchedSince(txn, snapVec)
	if err != nil {
		return fmt.Errorf("load roster: replay: %w", err)
	}
	for _, id := range touched {
		e, err := n.loadEntity(txn, entityKey(TypePerson, id), TypePerson, id)
		if err != nil {
			return fmt.Errorf("load roster: %w", err)
		}
		if authors == nil {
			ix.apply(personUpdateOf(e))
		} else {
			ix.learn(e, authors)
		}
	}
	n.log.Info("roster index: snapshot brought up to date", "ops", missing, "people", len(touched))
	return nil
}

// peopleTouchedSince lists the people that the ops after vector since
// changed, each once, from the op log.
func (n *Node) peopleTouchedSince(txn *badger.Txn, since crdt.VersionVector) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for a, h := range n.heads {
		from := since[a] + 1
		if from > h.Seq {
			continue
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: authorPrefix(pfxLog, a)})
		for it.Seek(seqKey(pfxLog, a, from)); it.Valid(); it.Next() {
			err := it.Item().Value(func(b []byte) error {
				c, err := crdt.DecodeChunk(b)
				if err != nil {
					return err
				}
				for _, raw := range c.Ops {
					o, err := crdt.DecodeOp(raw)
					if err != nil {
						return err
					}
					if o.Seq >= from && o.Type == TypePerson && !seen[o.ID] {
						seen[o.ID] = true
						out = append(out, o.ID)
					}
				}
				return nil
			})
			if err != nil {
				it.Close()
				return nil, err
			}
		}
		it.Close()
	}
	return out, nil
}

func getCBOR(txn *badger.Txn, key []byte, fn func([]byte) error) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return item.Value(fn)
}

func (n *Node) loadPending(txn *badger.Txn) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pfxPending}, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		err := it.Item().Value(func(b []byte) error {
			c, err := crdt.DecodeChunk(b)
			if err != nil {
				return err
			}
			n.pending[c.Author] += len(c.Ops)
			return nil
		})
		if err != nil {
			return fmt.Errorf("load pending: %w", err)
		}
	}
	return nil
}

// loadPeople builds the roster index, n.loaded (empty), from every person.
func (n *Node) loadPeople(txn *badger.Txn) error {
	n.loadedComplete = true
	if n.loadedAuthors == nil {
		n.loadedAuthors = newAuthorTable()
	}
	ix := n.loaded
	err := scanMerged(txn, entityPrefix(TypePerson), func(e *crdt.Entity) error {
		if ix.lookup(e.ID) != nil {
			return nil // each entity comes once
		}
		p := ix.add(e.ID)
		p.st, p.known = stateOf(e, n.loadedAuthors), true
		if u := personUpdateOf(e); u.visible {
			p.list(u.s)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	ix.build()
	return nil
}

// readPeople reads people's merged state for the roster index.
func (n *Node) readPeople(ids []string) ([]*crdt.Entity, error) {
	var out []*crdt.Entity
	err := n.db.View(func(txn *badger.Txn) error {
		byID, err := loadPeopleIn(txn, ids)
		for _, e := range byID {
			out = append(out, e)
		}
		return err
	})
	return out, err
}

// loadPeopleIn reads people's merged state, keyed by id: one iterator over
// the ids in key order, seeking to each person's record and reading the
// deltas that follow it (a point read per person would create an iterator
// each).
func loadPeopleIn(txn *badger.Txn, ids []string) (map[string]*crdt.Entity, error) {
	keys := make([][]byte, len(ids))
	for i, id := range ids {
		keys[i] = entityKey(TypePerson, id)
	}
	slices.SortFunc(keys, bytes.Compare)
	out := make(map[string]*crdt.Entity, len(ids))
	it := txn.NewIterator(badger.IteratorOptions{Prefix: entityPrefix(TypePerson)})
	defer it.Close()
	for _, key := range keys {
		_, id := splitEntityKey(string(key))
		e := crdt.NewEntity(TypePerson, id)
		if err := mergeAt(txn, it, key, e, nil); err != nil {
			return out, fmt.Errorf("read person %s: %w", id, err)
		}
		out[id] = e
	}
	return out, nil
}

// mergeAt merges into e the record and the deltas of the entity at key,
// read along it from there (keys sought in ascending order share one
// iterator), and appends the keys of the deltas to deltas unless it is
// nil.
func mergeAt(txn *badger.Txn, it *badger.Iterator, key []byte, e *crdt.Entity, deltas *[][]byte) error {
	for it.Seek(key); it.Valid(); it.Next() {
		item := it.Item()
		ent, delta := entityOf(item.Key())
		if !bytes.Equal(ent, key) {
			return nil
		}
		if delta && deltas != nil {
			*deltas = append(*deltas, item.KeyCopy(nil))
		}
		if err := mergeItem(txn, e, item, delta); err != nil {
			return err
		}
	}
	return nil
}

// loadEntity reads an entity's state, or returns a new empty one.
func (n *Node) loadEntity(txn *badger.Txn, key []byte, typ, id string) (*crdt.Entity, error) {
	e, _, err := n.loadRecord(txn, key, typ, id)
	return e, err
}

// loadRecord reads an entity: its record (as of the last fold) merged
// with the deltas written since, and the visible hash stored with the
// record (which the deltas may have changed).
func (n *Node) loadRecord(txn *badger.Txn, key []byte, typ, id string) (*crdt.Entity, crdt.Hash, error) {
	e, h, err := n.loadRecordOnly(txn, key, typ, id)
	if err != nil {
		return nil, h, err
	}
	deltas, err := applyDeltas(txn, key, e)
	if err != nil {
		return nil, h, fmt.Errorf("read entity %s/%s: %w", typ, id, err)
	}
	if deltas >= foldAt {
		n.foldLater(key)
	}
	return e, h, nil
}

// loadRecordOnly reads an entity's record without its deltas.
func (n *Node) loadRecordOnly(txn *badger.Txn, key []byte, typ, id string) (*crdt.Entity, crdt.Hash, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return crdt.NewEntity(typ, id), crdt.Hash{}, nil
	}
	if err != nil {
		return nil, crdt.Hash{}, fmt.Errorf("read entity %s/%s: %w", typ, id, err)
	}
	var e *crdt.Entity
	var h crdt.Hash
	err = item.Value(func(b []byte) error {
		var err error
		e, h, err = decodeRecord(b)
		return err
	})
	if err != nil {
		return nil, h, fmt.Errorf("read entity %s/%s: %w", typ, id, err)
	}
	return e, h, nil
}

// applyDeltas folds the deltas stored under key into e and counts them.
func applyDeltas(txn *badger.Txn, key []byte, e *crdt.Entity) (int, error) {
	return eachDelta(txn, key, func(_, b []byte) error { return applyDelta(e, b) })
}

// eachDelta calls fn with the key and the op bytes of each delta of the
// entity at key, in key order, and counts them. Both slices are valid
// only during the call.
func eachDelta(txn *badger.Txn, key []byte, fn func(k, op []byte) error) (int, error) {
	prefix := append(append(make([]byte, 0, len(key)+1), key...), 0)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		if err := readDelta(txn, item, func(op []byte) error { return fn(item.Key(), op) }); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// readDelta calls fn with the bytes of the op a delta holds: in its value
// (stores written before deltas named their ops) or, named there, in its
// chunk in the op log (appendDeltaRef), which the same commit wrote. op
// is valid only during the call.
func readDelta(txn *badger.Txn, item *badger.Item, fn func(op []byte) error) error {
	var buf [maxDeltaRef + 1]byte
	var ref []byte // the reference, copied out to read the chunk after this callback
	err := item.Value(func(v []byte) error {
		if len(v) == 0 || v[0] != deltaRefTag {
			return fn(v)
		}
		ref = buf[:copy(buf[:], v)] // one byte over the longest: parseDeltaRef refuses it
		return nil
	})
	if err != nil || ref == nil {
		return err
	}
	a, seq := deltaOp(item.Key())
	back, off, size, ok := parseDeltaRef(ref)
	if !ok || seq+back < seq {
		return fmt.Errorf("delta of op %d of %s: %w: damaged reference %x", seq, a.Short(), ErrCorrupt, ref)
	}
	chunk, err := txn.Get(seqKey(pfxLog, a, seq+back))
	if err != nil {
		return fmt.Errorf("delta of op %d of %s: its chunk: %w", seq, a.Short(), err)
	}
	return chunk.Value(func(c []byte) error {
		if off > len(c) || size > len(c)-off {
			return fmt.Errorf("delta of op %d of %s: %w: bytes %d+%d outside its %d-byte chunk", seq, a.Short(), ErrCorrupt, off, size, len(c))
		}
		return fn(c[off : off+size])
	})
}

// mergeItem merges one stored entity item into e: a delta, or the
// record, which comes before the entity's deltas.
func mergeItem(txn *badger.Txn, e *crdt.Entity, item *badger.Item, delta bool) error {
	if delta {
		return readDelta(txn, item, func(op []byte) error { return applyDelta(e, op) })
	}
	return item.Value(func(b []byte) error {
		rec, _, err := decodeRecord(b)
		if err == nil {
			*e = *rec
		}
		return err
	})
}

// applyDelta applies one stored op. It was verified before it was stored.
func applyDelta(e *crdt.Entity, raw []byte) error {
	o, err := crdt.DecodeStoredOp(raw)
	if err != nil {
		return fmt.Errorf("delta: %w", err)
	}
	e.Apply(&o)
	return nil
}

// An entity record is the entity's visible hash (32 bytes), so that a
// change need not recompute the hash it replaces, then the entity.
func encodeRecord(e *crdt.Entity, h crdt.Hash) ([]byte, error) {
	return crdt.AppendEntity(append(make([]byte, 0, 512), h[:]...), e)
}

func decodeRecord(b []byte) (*crdt.Entity, crdt.Hash, error) {
	var h crdt.Hash
	if len(b) < len(h) {
		return nil, h, fmt.Errorf("entity record of %d bytes", len(b))
	}
	copy(h[:], b)
	e, err := crdt.DecodeEntity(b[len(h):])
	return e, h, err
}

// entity reads a visible entity in a read-only transaction.
func (n *Node) entity(typ, id string) (*crdt.Entity, error) {
	if n.closed.Load() {
		return nil, ErrClosed
	}
	var e *crdt.Entity
	err := n.db.View(func(txn *badger.Txn) error {
		var err error
		e, err = n.loadEntity(txn, entityKey(typ, id), typ, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !e.IsVisible() {
		return nil, fmt.Errorf("%s %q: %w", typ, id, ErrNotFound)
	}
	return e, nil
}
