package node

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// scanVisible calls fn for every visible entity whose key starts with
// prefix, in key order. Shift ids start with their event's id and signup
// ids with their shift's, so the shifts of an event and the signups of a
// shift are each one prefix (see childID).
func scanVisible(txn *badger.Txn, prefix []byte, fn func(*crdt.Entity) error) error {
	return scanMerged(txn, prefix, func(e *crdt.Entity) error {
		if !e.IsVisible() {
			return nil
		}
		return fn(e)
	})
}

// scanMerged calls fn for every entity whose key starts with prefix, in
// key order, each merged from its record and its deltas (which sort right
// after the record; an entity not yet folded has deltas only).
func scanMerged(txn *badger.Txn, prefix []byte, fn func(*crdt.Entity) error) error {
	return scanMergedIf(txn, prefix, nil, fn)
}

// scanMergedIf is scanMerged over the entities whose key want accepts
// (all when want is nil); the others are not decoded.
func scanMergedIf(txn *badger.Txn, prefix []byte, want func(entityKey []byte) bool, fn func(*crdt.Entity) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
	defer it.Close()
	var cur *crdt.Entity
	var curKey []byte
	flush := func() error {
		if cur == nil {
			return nil
		}
		e := cur
		cur, curKey = nil, nil
		return fn(e)
	}
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		ent, delta := entityOf(key)
		if want != nil && !want(ent) {
			continue
		}
		if !bytes.Equal(ent, curKey) {
			if err := flush(); err != nil {
				return err
			}
			typ, id := splitEntityKey(string(ent))
			cur, curKey = crdt.NewEntity(typ, id), append([]byte(nil), ent...)
		}
		if err := mergeItem(txn, cur, it.Item(), delta); err != nil {
			return fmt.Errorf("scan %s: %w", key, err)
		}
	}
	return flush()
}

// childID names an entity that belongs to parent: parent's id, a dot, then
// the child's own part. Ids are at most crdt.MaxIDLen bytes: event 16,
// shift 33, signup 33+1+16 = 50.
func childID(parent, own string) string { return parent + "." + own }

// childPrefix is the key prefix of typ entities that belong to parent.
func childPrefix(typ, parent string) []byte { return entityKey(typ, parent+".") }

// view runs fn in a read transaction of an open node.
func (n *Node) view(fn func(txn *badger.Txn) error) error {
	if n.closed.Load() {
		return ErrClosed
	}
	return n.db.View(fn)
}

// mustVisible loads an entity that must exist for the write to go on.
func (n *Node) mustVisible(txn *badger.Txn, typ, id string) (*crdt.Entity, error) {
	e, err := n.loadEntity(txn, entityKey(typ, id), typ, id)
	if err != nil {
		return nil, err
	}
	if !e.IsVisible() {
		return nil, fmt.Errorf("%s %q: %w", typ, id, ErrNotFound)
	}
	return e, nil
}

// newestFirst orders listed entities by creation time, newest first, then
// by id, so that a list is the same on every node and every call.
func newestFirst(ta, tb time.Time, ida, idb string) int {
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return strings.Compare(ida, idb)
}
