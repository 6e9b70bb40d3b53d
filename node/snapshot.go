package node

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// A clean shutdown saves the roster index, tagged with the version vector
// it reflects, so that the next start can skip decoding every person. Any
// op applied later changes the vector and makes the snapshot stale; after
// a crash the index is rebuilt from the entities as usual. Version 2 keeps
// the name as written (version 1 kept it folded) and each person's
// normalized email and phone (the contact index); folded names and the
// words index are derived from the names. A version-1 snapshot ("ix") is
// ignored and removed at the next save.
var (
	keyIndexSnapshot   = []byte{pfxMeta, 'i', 'x', '2'}
	keyIndexSnapshotV1 = []byte{pfxMeta, 'i', 'x'}
)

func (n *Node) saveIndexSnapshot(ix *rosterIndex) error {
	b := make([]byte, 0, 64*len(ix.byID)+64)
	vd := n.vectorLocked().Digest()
	b = append(b, vd[:]...)
	b = binary.AppendUvarint(b, uint64(ix.all.Len()))
	ix.all.Ascend(func(s *summary) bool {
		b = appendSnapStr(b, s.id)
		b = appendSnapStr(b, s.name)
		b = appendSnapStr(b, s.status)
		b = appendSnapStrs(b, s.skills)
		b = appendSnapStrs(b, s.roles)
		b = appendSnapStr(b, s.email)
		b = appendSnapStr(b, s.phone)
		return true
	})
	err := n.db.Update(func(txn *badger.Txn) error {
		if err := txn.Delete(keyIndexSnapshotV1); err != nil {
			return err
		}
		return txn.Set(keyIndexSnapshot, b)
	})
	if err != nil {
		return fmt.Errorf("save index snapshot: %w", err)
	}
	return nil
}

func appendSnapStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendSnapStrs(b []byte, xs []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(xs)))
	for _, x := range xs {
		b = appendSnapStr(b, x)
	}
	return b
}

// loadIndexSnapshot returns the saved summaries if they reflect exactly
// the ops the store holds, or nil.
func (n *Node) loadIndexSnapshot(txn *badger.Txn) []*summary {
	var out []*summary
	err := getCBOR(txn, keyIndexSnapshot, func(b []byte) error {
		vd := n.vectorLocked().Digest()
		if len(b) < len(vd) || string(b[:len(vd)]) != string(vd[:]) {
			return nil // stale
		}
		var err error
		out, err = decodeSnapshot(b[len(vd):])
		return err
	})
	if err != nil {
		n.log.Warn("index snapshot unreadable; rebuilding", "err", err)
		return nil
	}
	return out
}

var errSnapshot = errors.New("index snapshot is corrupt")

// snapReader decodes a snapshot. Statuses, skills and roles repeat across
// people, so each distinct one is kept once (interned).
type snapReader struct {
	b      []byte
	ok     bool
	intern map[string]string
}

func (r *snapReader) uvarint() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.ok = false
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *snapReader) str(shared bool) string {
	l := r.uvarint()
	if !r.ok || l > uint64(len(r.b)) {
		r.ok = false
		return ""
	}
	raw := r.b[:l]
	r.b = r.b[l:]
	if !shared {
		return string(raw)
	}
	if v, ok := r.intern[string(raw)]; ok {
		return v
	}
	v := string(raw)
	r.intern[v] = v
	return v
}

func (r *snapReader) strs() []string {
	l := r.uvarint()
	if !r.ok || l > uint64(len(r.b)) {
		r.ok = false
		return nil
	}
	var out []string
	for i := uint64(0); i < l && r.ok; i++ {
		out = append(out, r.str(true))
	}
	return out
}

func decodeSnapshot(b []byte) ([]*summary, error) {
	r := snapReader{b: b, ok: true, intern: map[string]string{}}
	count := r.uvarint()
	if !r.ok || count > uint64(len(r.b)) {
		return nil, errSnapshot
	}
	out := make([]*summary, count)
	for i := range out {
		s := &summary{id: r.str(false), name: r.str(false), status: r.str(true), skills: r.strs(), roles: r.strs(),
			email: r.str(false), phone: r.str(false)}
		s.fold = fold(s.name)
		out[i] = s
	}
	if !r.ok || len(r.b) != 0 {
		return nil, errSnapshot
	}
	return out, nil
}
