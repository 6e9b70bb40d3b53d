package node

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"muster/crdt"

	"github.com/dgraph-io/badger/v4"
)

// The roster index is saved, tagged with the version vector it reflects,
// at a clean shutdown and every SnapshotInterval while ops arrive, so that
// a start need not decode every person. At open, a snapshot whose vector
// the store's covers is brought up to date by replaying the ops since: the
// people those ops touched are read again (loadIndex). After a crash that
// costs the ops of the last interval, not the whole roster. Version 3
// stores the vector itself (version 2 kept only its digest, so it could
// only be used when nothing had changed). Version 4 adds what the
// indexer's fast path knows of every person (their stamps, indexer.go),
// when it knew every person: without it, each person an op touched after
// a start was read from the store, which made a reconcile of 100,000
// updates between two restarted processes take 5.6 s instead of about 2.
// Earlier versions are ignored and removed at the next save.
var (
	keyIndexSnapshot    = []byte{pfxMeta, 'i', 'x', '4'}
	keyIndexSnapshotOld = [][]byte{{pfxMeta, 'i', 'x'}, {pfxMeta, 'i', 'x', '2'}, {pfxMeta, 'i', 'x', '3'}}
)

// maxReplayOps bounds the ops a start replays onto a snapshot; beyond it
// decoding every person (about 2.4 s at 100,000) is about as fast.
const maxReplayOps = 200_000

// encodeSnapshot encodes the index and, when the indexer knows every
// person, their states, as reflecting vector vec: every commit that vec
// counts must be in them (later ones may be too; replaying them again at
// open is harmless). The caller holds mu or has closed the indexer.
func (x *indexer) encodeSnapshot(vec crdt.VersionVector) []byte {
	var authors *authorTable
	if x.complete {
		authors = x.authors
	}
	return encodeIndexSnapshot(x.ix, vec, authors)
}

// encodeIndexSnapshot encodes ix as reflecting vec, with the states its
// records know when authors (who numbers their authors) is not nil.
func encodeIndexSnapshot(ix *rosterIndex, vec crdt.VersionVector, authors *authorTable) []byte {
	// Sized once, from above: at 100,000 people the snapshot is about
	// 19 MB, and growing it by appends held up to twice that at a
	// shutdown, with the index still in memory.
	b := make([]byte, 0, snapshotBound(ix, vec, authors))
	entries := vec.Entries()
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, e := range entries {
		b = append(b, e.Author[:]...)
		b = binary.AppendUvarint(b, e.Seq)
	}
	b = binary.AppendUvarint(b, uint64(ix.all.Len()))
	ix.ascend(nil, func(s *summary) bool {
		b = appendSnapStr(b, s.id)
		b = appendSnapStr(b, s.name())
		b = appendSnapStr(b, s.status)
		b = appendSnapStrs(b, s.skills)
		b = appendSnapStrs(b, s.roles)
		b = appendSnapStr(b, s.email())
		b = appendSnapStr(b, s.phone())
		return true
	})
	if authors == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(authors.ids)))
	for _, a := range authors.ids {
		b = append(b, a[:]...)
	}
	known := 0
	ix.each(func(p *person) {
		if p.known {
			known++
		}
	})
	b = binary.AppendUvarint(b, uint64(known))
	ix.each(func(p *person) {
		if !p.known {
			return
		}
		st := &p.st
		b = appendSnapStr(b, p.id)
		var flags byte
		for i, f := range [...]bool{st.removes, st.deleted, st.wide} {
			if f {
				flags |= 1 << i
			}
		}
		b = append(b, flags)
		for _, f := range st.f {
			b = binary.AppendUvarint(b, uint64(f.author))
			if f.author != 0 {
				b = binary.AppendUvarint(b, uint64(f.time))
				b = binary.AppendUvarint(b, uint64(f.seq))
			}
		}
	})
	return b
}

// snapshotBound is at least the length of the snapshot of ix, vec and
// authors (every varint counted at its largest).
func snapshotBound(ix *rosterIndex, vec crdt.VersionVector, authors *authorTable) int {
	const v = binary.MaxVarintLen64
	n := 3*v + len(vec)*(len(crdt.AuthorID{})+v)
	if authors != nil {
		n += len(authors.ids) * len(crdt.AuthorID{})
	}
	ix.each(func(p *person) {
		if p.listed {
			s := &p.summary
			n += 7*v + len(s.id) + len(s.text) + len(s.status)
			for _, x := range s.skills {
				n += v + len(x)
			}
			for _, x := range s.roles {
				n += v + len(x)
			}
		}
		if authors != nil && p.known {
			n += v + len(p.id) + 1 + len(indexedFields)*3*v
		}
	})
	return n
}

func (n *Node) writeIndexSnapshot(b []byte) error {
	err := n.db.Update(func(txn *badger.Txn) error {
		for _, k := range keyIndexSnapshotOld {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return txn.Set(keyIndexSnapshot, b)
	})
	if err != nil {
		return fmt.Errorf("save index snapshot: %w", err)
	}
	return nil
}

// snapshotNow saves the index while the node runs (Serve calls it every
// SnapshotInterval) if ops arrived since the last save. The vector is
// read under the writer lock, so every commit it counts has handed its
// roster changes to the indexer; read then waits for the indexer to take
// them in. The index is locked only while it is encoded. It returns the
// digest of the vector saved.
func (n *Node) snapshotNow(last crdt.Hash) (crdt.Hash, error) {
	n.wmu.Lock()
	if n.closed.Load() {
		n.wmu.Unlock()
		return last, ErrClosed
	}
	n.smu.RLock()
	vec := n.vectorLocked()
	n.smu.RUnlock()
	n.wmu.Unlock()
	d := vec.Digest()
	if d == last {
		return last, nil
	}
	var b []byte
	n.people.read(func(*rosterIndex) { b = n.people.encodeSnapshot(vec) })
	if err := n.writeIndexSnapshot(b); err != nil {
		return last, err
	}
	return d, nil
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

// loadIndexSnapshot returns the saved index (to build), the vector it
// reflects and the authors of its records' states (nil when the snapshot
// has none), or a nil index when there is no readable snapshot.
func (n *Node) loadIndexSnapshot(txn *badger.Txn) (*rosterIndex, crdt.VersionVector, *authorTable) {
	var ix *rosterIndex
	var vec crdt.VersionVector
	var authors *authorTable
	err := getCBOR(txn, keyIndexSnapshot, func(b []byte) error {
		var err error
		ix, vec, authors, err = decodeSnapshot(b)
		return err
	})
	if err != nil {
		n.log.Warn("index snapshot unreadable; rebuilding", "err", err)
		return nil, nil, nil
	}
	return ix, vec, authors
}

var errSnapshot = errors.New("index snapshot is corrupt")

// snapReader decodes a snapshot. Statuses, skills and roles repeat across
// people, so each distinct one is kept once (interned).
type snapReader struct {
	b      []byte
	ok     bool
	intern map[string]string
	sets   map[string][]string
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

// bytes reads a string's bytes, which alias the snapshot.
func (r *snapReader) bytes() []byte {
	l := r.uvarint()
	if !r.ok || l > uint64(len(r.b)) {
		r.ok = false
		return nil
	}
	raw := r.b[:l:l]
	r.b = r.b[l:]
	return raw
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

// strs reads a set of strings. A roster repeats a few sets, so a set is
// decoded once: later ones of the same bytes share its slice (shared sets
// are never changed in place).
func (r *snapReader) strs() []string {
	start := r.b
	l := r.uvarint()
	if !r.ok || l > uint64(len(r.b)) {
		r.ok = false
		return nil
	}
	if l == 0 {
		return nil
	}
	rest := r.b // find where the set ends
	for range l {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			r.ok = false
			return nil
		}
		rest = rest[k+int(n):]
	}
	raw := start[:len(start)-len(rest)]
	if v, ok := r.sets[string(raw)]; ok {
		r.b = rest
		return v
	}
	out := make([]string, 0, l)
	for range l {
		out = append(out, r.str(true))
	}
	if r.ok && len(r.sets) < maxShared {
		r.sets[string(raw)] = out
	}
	return out
}

// The fewest bytes a summary and a state take in a snapshot: a summary's
// seven lengths, a state's id length, flags and four authors. A damaged
// count then cannot make the decoder allocate far more than the snapshot.
const (
	minSnapSummary = 7
	minSnapState   = 6
)

// decodeSnapshot returns the index a snapshot holds, its records filled
// in but not built (build), the vector it reflects, and the authors of its
// records' states (nil when it has none).
func decodeSnapshot(b []byte) (*rosterIndex, crdt.VersionVector, *authorTable, error) {
	r := snapReader{b: b, ok: true, intern: map[string]string{}, sets: map[string][]string{}}
	authors := r.uvarint()
	if !r.ok || authors > uint64(len(r.b))/33 {
		return nil, nil, nil, errSnapshot
	}
	vec := crdt.VersionVector{}
	for range authors {
		a, ok := r.author()
		if !ok {
			return nil, nil, nil, errSnapshot
		}
		vec[a] = r.uvarint()
	}
	count := r.uvarint()
	if !r.ok || count > uint64(len(r.b))/minSnapSummary {
		return nil, nil, nil, errSnapshot
	}
	ix := newRosterIndex()
	ix.people = make(map[string]uint32, min(count, 1<<20))
	var text []byte
	for range count {
		id := r.bytes()
		if !r.ok || ix.lookup(string(id)) != nil {
			return nil, nil, nil, errSnapshot
		}
		p := ix.add(string(id))
		s := &p.summary
		name := r.bytes()
		s.status, s.skills, s.roles = r.str(true), r.strs(), r.strs()
		email, phone := r.bytes(), r.bytes()
		text = s.setTextBytes(text, name, email, phone) // one string, not five
		p.listed = true
	}
	at, ok := r.states(ix)
	if !ok || !r.ok || len(r.b) != 0 {
		return nil, nil, nil, errSnapshot
	}
	return ix, vec, at, nil
}

func (r *snapReader) author() (crdt.AuthorID, bool) {
	var a crdt.AuthorID
	if len(r.b) < len(a) {
		r.ok = false
		return a, false
	}
	copy(a[:], r.b)
	r.b = r.b[len(a):]
	return a, true
}

// states reads the indexer's states into ix's records, adding those of
// people it does not list, and returns the table of their authors: nil
// (and true) when the snapshot has none.
func (r *snapReader) states(ix *rosterIndex) (*authorTable, bool) {
	if len(r.b) == 0 {
		return nil, false
	}
	has := r.b[0]
	r.b = r.b[1:]
	if has == 0 {
		return nil, true
	}
	n := r.uvarint()
	if !r.ok || has != 1 || n > uint64(len(r.b))/32 {
		return nil, false
	}
	at := newAuthorTable()
	for range n {
		a, ok := r.author()
		if !ok {
			return nil, false
		}
		at.index(a)
	}
	if len(at.ids) != int(n) {
		return nil, false // an author twice
	}
	count := r.uvarint()
	if !r.ok || count > uint64(len(r.b))/minSnapState {
		return nil, false
	}
	for range count {
		id := r.bytes()
		if !r.ok || len(r.b) == 0 {
			return nil, false
		}
		// A listed person's id is shared with their entry, not read
		// again.
		p := ix.lookup(string(id))
		if p == nil {
			p = ix.add(string(id))
		} else if p.known {
			return nil, false // a person twice
		}
		flags := r.b[0]
		r.b = r.b[1:]
		st := pstate{removes: flags&1 != 0, deleted: flags&2 != 0, wide: flags&4 != 0}
		for i := range st.f {
			au := r.uvarint()
			if au > n {
				return nil, false
			}
			if au != 0 {
				tm, seq := r.uvarint(), r.uvarint()
				if seq > math.MaxUint32 {
					return nil, false
				}
				st.f[i] = stamp{time: crdt.Timestamp(tm), seq: uint32(seq), author: uint32(au)}
			}
		}
		p.st, p.known = st, true
	}
	return at, r.ok
}
