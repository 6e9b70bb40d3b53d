package node

import (
	"crypto/rand"
	"encoding/base32"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// write makes local ops and applies them. build runs under the writer lock
// with a read transaction, so what it reads (say, the dots a set remove
// must name) is current when its ops are sealed. build fills in Type, ID
// and the changes; write stamps, numbers, links and signs them.
func (n *Node) write(build func(txn *badger.Txn) ([]crdt.Op, error)) error {
	n.wmu.Lock()
	defer n.wmu.Unlock()
	if n.closed.Load() {
		return ErrClosed
	}
	var ops []crdt.Op
	err := n.db.View(func(txn *badger.Txn) error {
		var err error
		ops, err = build(txn)
		return err
	})
	if err != nil || len(ops) == 0 {
		return err
	}
	return n.sealAndApply(ops)
}

// localChunk is how many local ops share one chunk and one signature.
const localChunk = 1000

// sealAndApply stamps, signs and applies local ops, in chunks of at most
// localChunk ops, each chunk atomically. The caller holds wmu.
func (n *Node) sealAndApply(ops []crdt.Op) error {
	for start := 0; start < len(ops); start += localChunk {
		part := ops[start:min(start+localChunk, len(ops))]
		for i := range part {
			part[i].Time = n.now()
		}
		c, vops, err := n.signer.Seal(part)
		if err != nil {
			return err
		}
		t := n.newApplyTx()
		t.local = true
		vc := vchunk{c: c, ops: vops}
		t.sizeFor([]vchunk{vc})
		err = t.addChunk(vc)
		if err == nil {
			err = t.commit()
		}
		t.discard()
		if err != nil {
			// Nothing of this chunk is stored: let the next op reuse its seqs.
			n.smu.RLock()
			own := n.heads[n.id]
			n.smu.RUnlock()
			n.signer = crdt.NewSigner(n.priv, own.Seq, own.Hash)
			return err
		}
	}
	return nil
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newID returns a random entity id: 80 bits, 16 lowercase base32 digits.
func newID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// setDiff turns "the set should now be want" into adds and observed removes.
func setDiff(e *crdt.Entity, field string, want []string, op *crdt.Op) {
	have := e.Elements(field)
	for _, x := range want {
		if !contains(have, x) {
			addElem(op, field, x)
		}
	}
	for _, x := range have {
		if !contains(want, x) {
			removeElem(e, op, field, x)
		}
	}
}

func addElem(op *crdt.Op, field, x string) {
	if op.Add == nil {
		op.Add = map[string][]string{}
	}
	if !contains(op.Add[field], x) {
		op.Add[field] = append(op.Add[field], x)
	}
}

func removeElem(e *crdt.Entity, op *crdt.Op, field, x string) {
	dots := e.ObservedDots(field, x)
	if len(dots) == 0 {
		return
	}
	if op.Remove == nil {
		op.Remove = map[string]map[string][]crdt.Dot{}
	}
	if op.Remove[field] == nil {
		op.Remove[field] = map[string][]crdt.Dot{}
	}
	op.Remove[field][x] = dots
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func isEmpty(op *crdt.Op) bool { return len(op.Set)+len(op.Add)+len(op.Remove) == 0 }
