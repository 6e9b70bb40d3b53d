package node

import (
	"math"
	"slices"
	stdsync "sync"

	"muster/crdt"
)

// indexer keeps the roster index up to date on its own goroutine, so that
// on a two-core machine the writer applies the next batch while the last
// one is being indexed. Queries call wait first: they see every commit
// that finished before they started (read-your-writes), never a partial
// one.
//
// Commits hand it their ops on people. Applying an op never reads the
// person (see applyTx), so the indexer works out the new state itself:
//
//   - fast: when the op is newer (by stamp) than every field the person
//     holds, it wins every field it sets, so the new index entry is the
//     old one with the op's values, and its adds are present. That holds
//     for ops that set only non-null values and add without removing, on
//     a person whose state the indexer knows (pstate) and who has never
//     seen a remove (a remove that arrived before the add it observed
//     would hide that add);
//   - slow: otherwise it reads the person's merged state from the store
//     (readPeople), once per person however many ops arrived meanwhile,
//     and learns the person's state for the fast path.
//
// TestIndexMatchesStore checks both paths against the store.
type indexer struct {
	in         chan indexBatch
	done       chan struct{}
	readPeople func(ids []string) ([]*crdt.Entity, error)
	fail       func(error)
	mu         stdsync.Mutex // guards ix (queries build tag lists lazily)
	ix         *rosterIndex
	op         opFields     // goroutine-owned: the op being indexed
	scratch    summary      // goroutine-owned: the entry fastUpdate builds
	fresh      pstate       // goroutine-owned: the state of a person no op has touched
	authors    *authorTable // goroutine-owned once started
	// goroutine-owned: where fastUpdate builds its text and new sets, and
	// an op's adds
	text                []byte
	skills, roles, adds []string
	// complete: the index knows the state of every person the store
	// has, so a person it has no record of has no ops yet (the index was
	// built by reading every person, or from a snapshot that kept their
	// states).
	complete bool
	cmu      stdsync.Mutex
	cond     *stdsync.Cond
	queued   uint64 // batches handed over (writer side, under cmu)
	applied  uint64 // batches indexed (under cmu)
}

// indexBatch is one commit's ops on people, in the order applied: copies
// of their verified bytes, which the fast path reads without decoding them
// (crdt.WalkOp). They are copied so that the frame a sync received them in
// is free once the commit is: the receiver reads the next frame into it
// (sync's stream). The buffer comes from batchBufs and goes back to it
// once indexed.
type indexBatch struct {
	buf  []byte
	ends []int // where each op ends in buf
}

// batchBufs holds the buffers of indexed batches for the next commits
// (shared by the nodes of a process; a test may open many).
var batchBufs = make(chan []byte, 1)

// reserve makes room for n more bytes of ops at once: grown op by op, a
// 1 MiB batch cost several times its size in garbage.
func (b *indexBatch) reserve(n int) {
	if b.buf == nil {
		select {
		case b.buf = <-batchBufs:
		default:
		}
	}
	if cap(b.buf)-len(b.buf) < n {
		// A quarter more: batches differ a little in size, and the next
		// one that is slightly larger should still fit this buffer.
		b.buf = append(make([]byte, 0, len(b.buf)+n+n/4), b.buf...)
	}
}

// add appends a copy of one op.
func (b *indexBatch) add(raw []byte) {
	if b.buf == nil {
		b.reserve(len(raw))
	}
	b.buf = append(b.buf, raw...)
	b.ends = append(b.ends, len(b.buf))
}

func (b *indexBatch) len() int { return len(b.ends) }

// release gives the buffer back; the batch must not be read after it.
func (b *indexBatch) release() {
	if b.buf != nil {
		select {
		case batchBufs <- b.buf[:0]:
		default:
		}
		b.buf = nil
	}
}

type personUpdate struct {
	id      string
	visible bool
	s       *summary
}

// pstate is what the fast path needs to know of a person: the stamp of
// each field the index shows (indexedFields), whether a remove was ever
// applied, and whether the person is deleted (a deleted entity ignores
// every later op). Authors are indexes into an authorTable. It is kept
// for every person, in their record (person), so its size counts: 72
// bytes (104 with 8-byte seqs).
type pstate struct {
	f       [len(indexedFields)]stamp
	removes bool
	deleted bool
	// wide: a field's seq does not fit a stamp, so the person is always
	// read from the store (no author gets near 2^32 ops; a peer could
	// claim it).
	wide bool
}

// stamp is who wrote a field when: author is the author's index in the
// authorTable plus one, 0 while no op set the field.
type stamp struct {
	time   crdt.Timestamp
	seq    uint32
	author uint32
}

// makeStamp is the stamp of an op; false when its seq does not fit.
func (t *authorTable) makeStamp(tm crdt.Timestamp, a crdt.AuthorID, seq uint64) (stamp, bool) {
	if seq > math.MaxUint32 {
		return stamp{}, false
	}
	return stamp{time: tm, seq: uint32(seq), author: t.index(a) + 1}, true
}

// indexedFields are the plain fields the roster index shows, at the
// positions iName...
var indexedFields = [...]string{iName: fieldName, iStatus: fieldStatus, iEmail: fieldEmail, iPhone: fieldPhone}

const (
	iName = iota
	iStatus
	iEmail
	iPhone
)

// indexedField is the position of name in indexedFields, or -1; name is
// a field name or its bytes in an op.
func indexedField[S string | []byte](name S) int {
	for i, f := range indexedFields {
		if string(name) == f {
			return i
		}
	}
	return -1
}

// authorTable numbers the authors the indexer has seen.
type authorTable struct {
	ids []crdt.AuthorID
	ix  map[crdt.AuthorID]uint32
}

func newAuthorTable() *authorTable { return &authorTable{ix: map[crdt.AuthorID]uint32{}} }

func (t *authorTable) index(a crdt.AuthorID) uint32 {
	i, ok := t.ix[a]
	if !ok {
		i = uint32(len(t.ids))
		t.ids = append(t.ids, a)
		t.ix[a] = i
	}
	return i
}

// older reports whether stamp st loses to (tm, a, seq), as a field does in
// crdt.Entity.
func (t *authorTable) older(st stamp, tm crdt.Timestamp, a crdt.AuthorID, seq uint64) bool {
	if st.author == 0 {
		return true
	}
	cur := t.ids[st.author-1]
	return crdt.Less(st.time, cur, tm, a) || (st.time == tm && cur == a && uint64(st.seq) < seq)
}

// newIndexer starts the goroutine. authors numbers the authors of the
// states in ix's records; complete says ix knows every person's state;
// read returns people's merged state; fail hears a read that failed (the
// store is closing or broken).
func newIndexer(ix *rosterIndex, authors *authorTable, complete bool,
	read func(ids []string) ([]*crdt.Entity, error), fail func(error)) *indexer {
	x := &indexer{in: make(chan indexBatch, queuedBatches), done: make(chan struct{}), ix: ix, readPeople: read, fail: fail,
		authors: authors, complete: complete}
	x.cond = stdsync.NewCond(&x.cmu)
	go x.run()
	return x
}

func (x *indexer) run() {
	defer close(x.done)
	slow := map[string]struct{}{}
	for b := range x.in {
		// Take every batch already waiting too: a person read on the slow
		// path is read once for all of them.
		batches := 1
		x.mu.Lock()
		x.fast(b, slow)
	more:
		for {
			select {
			case b, ok := <-x.in:
				if !ok {
					break more
				}
				x.fast(b, slow)
				batches++
			default:
				break more
			}
		}
		x.mu.Unlock()
		if len(slow) > 0 {
			ids := make([]string, 0, len(slow))
			for id := range slow {
				ids = append(ids, id)
			}
			clear(slow)
			ps, err := x.readPeople(ids)
			if err != nil {
				x.fail(err)
			}
			x.mu.Lock()
			for _, e := range ps {
				x.ix.learn(e, x.authors)
			}
			x.mu.Unlock()
		}
		x.cmu.Lock()
		x.applied += uint64(batches)
		x.cond.Broadcast()
		x.cmu.Unlock()
	}
}

// fast indexes the ops it can and adds the others' people to slow. The
// caller holds mu.
func (x *indexer) fast(b indexBatch, slow map[string]struct{}) {
	start := 0
	for _, end := range b.ends {
		x.fastOp(b.buf[start:end:end], slow)
		start = end
	}
	b.release()
}

// fastOp indexes one op, or adds its person to slow. Nothing it keeps
// aliases raw, whose buffer is used again.
func (x *indexer) fastOp(raw []byte, slow map[string]struct{}) {
	f := &x.op
	if !f.read(raw) {
		// Outside the fast codec's subset (a float, a list): read the
		// person. Its id is in the header all the same.
		if o, err := crdt.DecodeStoredOp(raw); err == nil {
			slow[o.ID] = struct{}{}
		}
		return
	}
	id := f.h.ID
	if len(slow) > 0 {
		if _, ok := slow[string(id)]; ok {
			return // read from the store after this round
		}
	}
	p := x.ix.lookup(string(id))
	empty := p == nil && x.complete // no op has touched this person yet
	if (p == nil && !empty) || (p != nil && !p.known) {
		slow[string(id)] = struct{}{}
		return
	}
	st, old := &x.fresh, (*summary)(nil)
	if p != nil {
		if p.st.deleted {
			return
		}
		st = &p.st
		if p.listed {
			old = &p.summary
		}
	} else {
		x.fresh = pstate{}
	}
	u, ok := x.fastUpdate(old, st, empty, f)
	if !ok {
		slow[string(id)] = struct{}{}
		return
	}
	if p == nil {
		p = x.ix.add(u.id)
		p.st, p.known = *st, true
	}
	if u.s != nil {
		x.ix.update(p, u)
	}
}

// opFields is what the fast path reads of a person op, reused from op to
// op: the header, and of the fields it sets and adds only what the index
// shows.
type opFields struct {
	h     crdt.Head
	null  bool // a field is set to null
	other bool // a field the index does not show is set
	set   [len(indexedFields)]bool
	val   [len(indexedFields)][]byte // text values (nil for other kinds); alias the op
	// skills and roles are the elements added to those sets (they alias
	// the op).
	skills, roles [][]byte
	onSet         func(name []byte, v crdt.Value)
	onAdd         func(name, e []byte)
}

// read walks raw; false when it lies outside the fast codec's subset.
func (f *opFields) read(raw []byte) bool {
	if f.onSet == nil {
		f.onSet = func(name []byte, v crdt.Value) {
			if v.Kind == crdt.KindNull {
				f.null = true
				return
			}
			i := indexedField(name)
			if i < 0 {
				f.other = true
				return
			}
			f.set[i], f.val[i] = true, v.Text
		}
		f.onAdd = func(name, e []byte) {
			switch string(name) {
			case fieldSkills:
				f.skills = append(f.skills, e)
			case fieldRoles:
				f.roles = append(f.roles, e)
			}
		}
	}
	f.null, f.other = false, false
	f.set, f.val = [len(indexedFields)]bool{}, [len(indexedFields)][]byte{}
	f.skills, f.roles = f.skills[:0], f.roles[:0]
	var ok bool
	f.h, ok = crdt.WalkOp(raw, f.onSet, f.onAdd)
	return ok
}

// fastUpdate works out a person's index entry after op o from the entry
// before (old, nil when the person shows nothing) and the person's state
// st, which it updates. It returns false, changing nothing, when it cannot
// tell without reading the person: o deletes, removes, sets a null, adds
// on a person that saw a remove, or sets a field the index does not show
// on a person that shows nothing (the op may lose to a null written
// later), or its seq or one of the person's does not fit a stamp. An
// entry with a nil summary means the index does not change.
// empty: no op has touched the person, so every field o sets wins.
func (x *indexer) fastUpdate(old *summary, st *pstate, empty bool, o *opFields) (personUpdate, bool) {
	h := &o.h
	if h.Delete || h.Removes > 0 || (h.Adds > 0 && st.removes) || o.null || (o.other && old == nil && !empty) ||
		st.wide || h.Seq > math.MaxUint32 {
		return personUpdate{}, false
	}
	next := *st
	var won [len(indexedFields)]bool // the fields the index shows that o wins
	anyWon := false
	for i := range indexedFields {
		if o.set[i] && x.authors.older(next.f[i], h.Time, h.Author, h.Seq) {
			next.f[i], _ = x.authors.makeStamp(h.Time, h.Author, h.Seq) // the seq fits: checked above
			won[i], anyWon = true, true
		}
	}
	id := string(h.ID)
	if old != nil {
		id = old.id // shared, not allocated again
	}
	if !anyWon && h.Adds == 0 {
		// Nothing the index shows can change: only fields it does not
		// show, or fields the op lost.
		*st = next
		if old == nil && empty && h.Sets > 0 {
			x.scratch = summary{id: id, status: defaultStatus}
			return personUpdate{id: id, visible: true, s: &x.scratch}, true
		}
		return personUpdate{id: id}, true
	}
	// The new entry is built in the indexer's scratch entry: most updates
	// change an entry in place or not at all, and applyEntry copies what
	// it keeps (a new summary per op was a tenth of a sync's garbage).
	s := &x.scratch
	*s = summary{id: id, status: defaultStatus}
	if old != nil {
		*s = *old
	}
	if won[iStatus] {
		if s.status = x.ix.shared.strBytes(o.val[iStatus]); s.status == "" {
			s.status = defaultStatus
		}
	}
	if won[iName] || won[iEmail] || won[iPhone] {
		// The new text, in one allocation: the op's values for the fields
		// it won, the old ones for the others.
		b := x.text[:0]
		var ends [3]uint32
		if won[iName] {
			b = append(b, o.val[iName]...)
			ends[0] = uint32(len(b))
			b = appendFold(b, o.val[iName])
		} else {
			b = append(b, s.text[:s.ends[1]]...)
			ends[0] = s.ends[0]
		}
		ends[1] = uint32(len(b))
		if won[iEmail] {
			b = appendFold(b, o.val[iEmail]) // normalizeEmail
		} else {
			b = append(b, s.email()...)
		}
		ends[2] = uint32(len(b))
		if won[iPhone] {
			b = appendPhone(b, o.val[iPhone])
		} else {
			b = append(b, s.phone()...)
		}
		s.text, s.ends = string(b), ends
		x.text = b
	}
	// The new sets are built in scratch buffers, which applyEntry's canon
	// replaces with the shared copy (most sets are a roster's common
	// ones) or a copy: a set per op that adds was a sixth of indexing's
	// garbage.
	x.skills, x.roles = x.skills[:0], x.roles[:0]
	skills := withElements(s.skills, x.interned(o.skills), &x.skills)
	roles := withElements(s.roles, x.interned(o.roles), &x.roles)
	added := len(skills) != len(s.skills) || len(roles) != len(s.roles)
	s.skills, s.roles = skills, roles
	*st = next
	changed := anyWon || added
	if old == nil {
		// Showing nothing before, the person shows now if a field the
		// index shows or an element came in, or anything did on a person
		// no op had touched.
		changed = changed || (empty && h.Sets > 0)
	}
	if !changed {
		return personUpdate{id: id}, true // nothing the index shows changed
	}
	return personUpdate{id: id, visible: true, s: s}, true
}

// withElements is the sorted set xs with adds added: xs itself when it
// holds them all already, else built in buf; xs is not changed.
func withElements(xs, adds []string, buf *[]string) []string {
	missing := false
	for _, a := range adds {
		if _, found := slices.BinarySearch(xs, a); !found {
			missing = true
			break
		}
	}
	if !missing {
		return xs
	}
	out := append((*buf)[:0], xs...)
	for _, a := range adds {
		if i, found := slices.BinarySearch(out, a); !found {
			out = slices.Insert(out, i, a)
		}
	}
	*buf = out
	return out
}

// interned is the elements an op adds, as the index's shared strings.
func (x *indexer) interned(es [][]byte) []string {
	x.adds = x.adds[:0]
	for _, e := range es {
		x.adds = append(x.adds, x.ix.shared.strBytes(e))
	}
	return x.adds
}

// stateOf is the fast path's state of a person read from the store.
func stateOf(e *crdt.Entity, authors *authorTable) pstate {
	st := pstate{deleted: e.Deleted}
	for _, f := range e.Fields {
		if i := indexedField(f.Name); i >= 0 {
			var ok bool
			if st.f[i], ok = authors.makeStamp(f.Time, e.Authors[f.A], f.Seq); !ok {
				st.wide = true
			}
		}
	}
	for _, set := range e.Sets {
		for _, el := range set.Elems {
			if len(el.Rems) > 0 {
				st.removes = true
			}
		}
	}
	return st
}

// queuedBatches is how many commits may wait for the indexer. A batch
// holds its ops' bytes, which alias the frame they came in (1 MiB in a
// sync), so the queue pins that many frames: with 64 the receiver of a
// full sync held 20-30 MB more while its indexer lagged, and under the
// binary's memory limit its collector ran all the more (two muster
// processes: 73,000-77,000 ops/s with 64, 77,000-80,000 with 4).
const queuedBatches = 4

// submit hands a commit's roster changes over; it blocks while
// queuedBatches are waiting, which bounds the memory a fast writer can
// pile up.
func (x *indexer) submit(b indexBatch) {
	x.cmu.Lock()
	x.queued++
	x.cmu.Unlock()
	x.in <- b
}

// wait returns once every batch submitted before the call is indexed.
func (x *indexer) wait() {
	x.cmu.Lock()
	target := x.queued
	for x.applied < target {
		x.cond.Wait()
	}
	x.cmu.Unlock()
}

// close stops the goroutine after it has indexed what it was given.
func (x *indexer) close() {
	close(x.in)
	<-x.done
}

// read runs f on the caught-up index.
func (x *indexer) read(f func(ix *rosterIndex)) {
	x.wait()
	x.mu.Lock()
	defer x.mu.Unlock()
	f(x.ix)
}

// personUpdateOf captures what the index needs of a person now: the
// entity may change again before the indexer gets to it.
func personUpdateOf(e *crdt.Entity) personUpdate {
	if !e.IsVisible() {
		return personUpdate{id: e.ID}
	}
	name, _ := e.Value(fieldName).(string)
	status, _ := e.Value(fieldStatus).(string)
	if status == "" {
		status = defaultStatus
	}
	return personUpdate{id: e.ID, visible: true, s: newSummary(e.ID, name, status,
		e.Elements(fieldSkills), e.Elements(fieldRoles),
		normalizeEmail(str(e, fieldEmail)), normalizePhone(str(e, fieldPhone)))}
}
