package node

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// load reads the vector, the digest and the pending counts, and rebuilds
// the roster index from the person entities.
func (n *Node) load() error {
	n.heads = map[crdt.AuthorID]head{}
	n.loaded = newRosterIndex()
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
		if err := getCBOR(txn, keyDigest, func(b []byte) error {
			if len(b) != len(n.digest) {
				return fmt.Errorf("digest is %d bytes", len(b))
			}
			copy(n.digest[:], b)
			return nil
		}); err != nil {
			return fmt.Errorf("load digest: %w", err)
		}
		if err := n.loadPending(txn); err != nil {
			return err
		}
		if ss := n.loadIndexSnapshot(txn); ss != nil {
			n.loaded.build(ss)
			return nil
		}
		return n.loadPeople(txn)
	})
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

func (n *Node) loadPeople(txn *badger.Txn) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: entityPrefix(TypePerson), PrefetchValues: true, PrefetchSize: 256})
	defer it.Close()
	var ss []*summary
	for it.Rewind(); it.Valid(); it.Next() {
		err := it.Item().Value(func(b []byte) error {
			e, _, err := decodeRecord(b)
			if err != nil {
				return err
			}
			if u := personUpdateOf(e); u.visible {
				ss = append(ss, u.s)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("load roster: %s: %w", it.Item().Key(), err)
		}
	}
	n.loaded.build(ss)
	return nil
}

// loadEntity reads an entity's state, or returns a new empty one.
func (n *Node) loadEntity(txn *badger.Txn, key []byte, typ, id string) (*crdt.Entity, error) {
	e, _, err := n.loadRecord(txn, key, typ, id)
	return e, err
}

// loadRecord reads an entity and the visible hash stored with it.
func (n *Node) loadRecord(txn *badger.Txn, key []byte, typ, id string) (*crdt.Entity, crdt.Hash, error) {
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
		e, h, err = decodeRecord(b)
		return err
	})
	if err != nil {
		return nil, h, fmt.Errorf("read entity %s/%s: %w", typ, id, err)
	}
	return e, h, nil
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
