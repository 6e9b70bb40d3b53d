package node

import (
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/google/btree"

	"muster/crdt"
)

// rosterIndex orders the roster by name (then id) in memory, and keeps for
// each skill, role tag and status how many people carry it and, built when
// a query first needs it, the list of them in name order. It is derived
// from person entities only and owned by the indexer, which guards it.
//
// It keeps one record per person (person): the entry the roster lists
// and what the indexer's fast path knows of them, side by side in pages
// of pageSize records. A sync fills it while the collector runs, and the
// collector's work follows the objects and pointers it holds: a record
// of its own per person plus a state of its own in a second map was
// twice the objects, and twice the map entries, of one record in a page
// and one map (docs/benchmarks.md, Sync).
type rosterIndex struct {
	// people finds a record by id: every person the roster lists or the
	// indexer knows the state of. Records are never removed.
	people map[string]uint32
	// pages hold the records by handle: record h is
	// pages[(h-1)/pageSize][(h-1)%pageSize]. A page never moves once
	// made, so a pointer to a record stays valid.
	pages [][]person
	n     uint32 // records in pages
	// start is the summary of handle 0: the place a walk starts from
	// (ascend).
	start *summary
	all   *btree.BTreeG[sortEntry]
	by    map[tagKey]*tagList
	// gen counts changes; totals caches what a query that has to count
	// (a prefix, or two filters) counted, valid while gen is unchanged, so
	// that turning pages does not count again.
	gen    uint64
	totals map[totalKey]cachedTotal
	// contacts and words are the lookups of index_contact.go: people by
	// normalized email or phone, and by each word of the name. They are
	// built when first asked (lookups), not at open: that keeps a restart
	// as fast as before, and the first signup or check-in search after it
	// pays the build (about 0.3 s for 100,000 people).
	contacts contactIndex
	words    *btree.BTreeG[wordEntry]
	lookups  bool
	// shared holds one copy of each status, and of each set of skills and
	// of role tags: a roster has a few of them, shared by many people
	// (canon). It was a sixth of the index's memory.
	shared sharedStrings
}

// person is the index's record of one person: their entry, when the
// roster lists them, and the indexer's state of them, when it knows it.
type person struct {
	summary        // the entry; id and h always set
	st      pstate // the fast path's state (indexer.go), when known
	known   bool   // st is the person's state
	listed  bool   // the roster lists the person: summary is in the tree
}

// pageSize is how many records a page holds.
const pageSize = 1024

// rec is the record of handle h (not 0).
func (ix *rosterIndex) rec(h uint32) *person {
	h--
	return &ix.pages[h/pageSize][h%pageSize]
}

// sum is the summary of handle h: a record's, or the walk's start for 0.
func (ix *rosterIndex) sum(h uint32) *summary {
	if h == 0 {
		return ix.start
	}
	return &ix.rec(h).summary
}

// lookup is id's record, nil when the index has none.
func (ix *rosterIndex) lookup(id string) *person {
	if h, ok := ix.people[id]; ok {
		return ix.rec(h)
	}
	return nil
}

// listed is the entry of the person id when the roster lists them.
func (ix *rosterIndex) listed(id string) *summary {
	if p := ix.lookup(id); p != nil && p.listed {
		return &p.summary
	}
	return nil
}

// add makes a record for id, which has none: not listed, state unknown.
func (ix *rosterIndex) add(id string) *person {
	if int(ix.n/pageSize) == len(ix.pages) {
		ix.pages = append(ix.pages, make([]person, 0, pageSize))
	}
	pg := &ix.pages[ix.n/pageSize]
	*pg = append(*pg, person{}) // within the page's capacity: it does not move
	ix.n++
	p := &(*pg)[len(*pg)-1]
	p.id, p.h = id, ix.n
	ix.people[id] = ix.n
	return p
}

// learn files a person read from the store: their state, whose authors
// t numbers, and their entry.
func (ix *rosterIndex) learn(e *crdt.Entity, t *authorTable) {
	p := ix.lookup(e.ID)
	if p == nil {
		p = ix.add(e.ID)
	}
	p.st, p.known = stateOf(e, t), true
	ix.update(p, personUpdateOf(e))
}

// each calls f on every record, in handle order.
func (ix *rosterIndex) each(f func(p *person)) {
	for _, pg := range ix.pages {
		for i := range pg {
			f(&pg[i])
		}
	}
}

// sharedStrings interns the values many summaries repeat. It holds at
// most maxShared of each kind; past that, values are kept as they come.
type sharedStrings struct {
	strs map[string]string
	sets map[string][]string
	key  []byte // where set builds a set's key
}

const maxShared = 4096

// str returns the shared copy of s.
func (c *sharedStrings) str(s string) string {
	if v, ok := c.strs[s]; ok {
		return v
	}
	if c.strs == nil {
		c.strs = map[string]string{}
	}
	if len(c.strs) < maxShared {
		c.strs[s] = s
	}
	return s
}

// strBytes is str(string(b)), allocating only for a value not shared.
func (c *sharedStrings) strBytes(b []byte) string {
	if v, ok := c.strs[string(b)]; ok {
		return v
	}
	return c.str(string(b))
}

// set returns the shared copy of the sorted set xs, or a copy of xs
// (xs may be a scratch buffer: set keeps no reference to it). Shared sets
// are never changed in place: withElements makes a new one.
func (c *sharedStrings) set(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	c.key = c.key[:0]
	for _, x := range xs {
		c.key = append(append(c.key, x...), 0)
	}
	if v, ok := c.sets[string(c.key)]; ok {
		return v
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = c.str(x)
	}
	if c.sets == nil {
		c.sets = map[string][]string{}
	}
	if len(c.sets) < maxShared {
		c.sets[string(c.key)] = out
	}
	return out
}

// canon makes s use the shared copies of its status and tag sets. old,
// when not nil, is the entry s replaces: what s kept of it is shared
// already and is not looked up again (most updates change neither).
func (ix *rosterIndex) canon(s, old *summary) {
	if old == nil || s.status != old.status {
		s.status = ix.shared.str(s.status)
	} else {
		s.status = old.status
	}
	if old == nil || !sameSlice(s.skills, old.skills) {
		s.skills = ix.shared.set(s.skills)
	}
	if old == nil || !sameSlice(s.roles, old.roles) {
		s.roles = ix.shared.set(s.roles)
	}
}

// sameSlice reports whether a and b are the same slice (not only equal).
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

type totalKey struct {
	prefix  string
	filters [3]tagKey
}

type cachedTotal struct {
	gen   uint64
	total int
}

// tagKey names one skill ('s'), role tag ('r') or status ('t').
type tagKey struct {
	kind byte
	v    string
}

// tagList is the people carrying one tag. items is a cache: nil after any
// change, rebuilt from one in-order walk of all when a query needs it.
type tagList struct {
	count int
	items []*summary
}

// summary is what the index keeps of a person. fold is the name folded
// for ordering; name is as written, for lists that show names without
// reading each person (a shift's roster). email and phone are normalized
// (normalizeEmail, normalizePhone), as signups look them up.
//
// The name, its fold, the email and the phone share one allocation, text:
// the collector marks every summary each cycle, and a summary of three
// objects (with its id) instead of six cut the time it spends marking the
// index while a sync fills it.
type summary struct {
	id            string
	text          string    // name, fold, email and phone, one after another
	ends          [3]uint32 // where name, fold and email end in text
	h             uint32    // the handle of the person's record (rosterIndex.rec), 0 for none
	status        string
	skills, roles []string
}

func (s *summary) name() string  { return s.text[:s.ends[0]] }
func (s *summary) fold() string  { return s.text[s.ends[0]:s.ends[1]] }
func (s *summary) email() string { return s.text[s.ends[1]:s.ends[2]] }
func (s *summary) phone() string { return s.text[s.ends[2]:] }

// newSummary is a person's summary; email and phone are normalized.
func newSummary(id, name, status string, skills, roles []string, email, phone string) *summary {
	s := &summary{id: id, status: status, skills: skills, roles: roles}
	s.setText(name, fold(name), email, phone)
	return s
}

// probe is a summary that sorts where fold and id do, for starting a walk.
func probe(fold, id string) *summary {
	s := &summary{id: id}
	s.setText("", fold, "", "")
	return s
}

// setText sets the name, its fold (fold(name)), the email and the phone.
func (s *summary) setText(name, fold, email, phone string) {
	s.ends[0] = uint32(len(name))
	s.ends[1] = s.ends[0] + uint32(len(fold))
	s.ends[2] = s.ends[1] + uint32(len(email))
	s.text = name + fold + email + phone
}

// setTextBytes sets the name (and its fold), the normalized email and
// phone from their bytes, building the text in buf, which it returns for
// the next call.
func (s *summary) setTextBytes(buf, name, email, phone []byte) []byte {
	buf = append(buf[:0], name...)
	s.ends[0] = uint32(len(buf))
	buf = appendFold(buf, name)
	s.ends[1] = uint32(len(buf))
	buf = append(buf, email...)
	s.ends[2] = uint32(len(buf))
	buf = append(buf, phone...)
	s.text = string(buf)
	return buf
}

// sameText reports whether a and b have the same name, email and phone.
func sameText(a, b *summary) bool { return a.ends == b.ends && a.text == b.text }

func lessSummary(a, b *summary) bool { return cmpSummary(a, b) < 0 }

// sortEntry is a summary in the name-ordered tree, with the start of its
// folded name and of its id inline: most comparisons then end without
// reading the summary or its strings from memory, which made inserting
// 100,000 people into the tree several times slower than the comparisons
// alone. f holds the first 16 bytes of the fold, zero-padded; t the first
// 7 bytes of the id, then the fold's length (255 for any past 254).
//
// Names repeat: a roster has many people of the same name, ordered by id,
// and with only the fold inline each of those comparisons read both
// summaries (half of indexing a large sync was in the tree).
//
// The summary is a handle, not a pointer: the tree then holds no pointers
// for the collector to scan, and moving entries within a node needs no
// write barriers (a tenth of indexing during a sync, while the collector
// ran).
type sortEntry struct {
	f [2]uint64
	t uint64
	h uint32
}

func entryOf(s *summary) sortEntry {
	var b [24]byte
	fold := s.fold()
	copy(b[:16], fold)
	copy(b[16:23], s.id)
	b[23] = byte(min(len(fold), 255))
	return sortEntry{[2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:16])},
		binary.BigEndian.Uint64(b[16:]), s.h}
}

// cmpEntry compares like cmpSummary. A fold's first 16 bytes padded with
// zeros never sort after a longer fold's; when they are equal and both
// folds are at most 16 bytes, the shorter one is a prefix of the other
// (the rest is zeros) and sorts first, and equal lengths mean equal
// folds, so the ids decide.
func (ix *rosterIndex) cmpEntry(a, b sortEntry) int {
	if c := cmp.Compare(a.f[0], b.f[0]); c != 0 {
		return c
	}
	if c := cmp.Compare(a.f[1], b.f[1]); c != 0 {
		return c
	}
	la, lb := byte(a.t), byte(b.t)
	if la > 16 || lb > 16 {
		return cmpSummary(ix.sum(a.h), ix.sum(b.h))
	}
	if la != lb {
		return cmp.Compare(la, lb)
	}
	if c := cmp.Compare(a.t, b.t); c != 0 {
		return c // the ids' first 7 bytes differ
	}
	return strings.Compare(ix.sum(a.h).id, ix.sum(b.h).id)
}

// ascend calls f on the listed people in name order from the first at or
// after from (every one when from is nil) until f returns false.
func (ix *rosterIndex) ascend(from *summary, f func(*summary) bool) {
	g := func(e sortEntry) bool { return f(ix.sum(e.h)) }
	if from == nil {
		ix.all.Ascend(g)
		return
	}
	start := entryOf(from)
	if from.h == 0 { // a probe: it compares from the start place
		prev := ix.start // a walk within f's walk gives it back
		ix.start = from
		defer func() { ix.start = prev }()
	}
	ix.all.AscendGreaterOrEqual(start, g)
}

func cmpSummary(a, b *summary) int {
	if c := strings.Compare(a.fold(), b.fold()); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

func newRosterIndex() *rosterIndex {
	ix := &rosterIndex{
		people:   map[string]uint32{},
		by:       map[tagKey]*tagList{},
		totals:   map[totalKey]cachedTotal{},
		contacts: newContactIndex(0),
		words:    btree.NewG(32, lessWord),
	}
	ix.all = btree.NewG(32, func(a, b sortEntry) bool { return ix.cmpEntry(a, b) < 0 })
	return ix
}

// build fills the name tree and the tags from the records, which add put
// in an empty index: one sort of the tree's entries (by their inline
// keys, as the tree compares), then inserts in order, which is several
// times faster than random inserts. The tree is built on a goroutine of
// its own while the rest is filled in: it reads only names, ids and
// handles, which nothing else here writes (a start has a second core with
// little else to do).
func (ix *rosterIndex) build() {
	es := make([]sortEntry, 0, ix.n)
	ix.each(func(p *person) {
		if p.listed {
			es = append(es, entryOf(&p.summary))
		}
	})
	tree := make(chan struct{})
	go func() {
		defer close(tree)
		slices.SortFunc(es, ix.cmpEntry)
		for _, e := range es {
			ix.all.ReplaceOrInsert(e)
		}
	}()
	ix.each(func(p *person) {
		if !p.listed {
			return
		}
		s := &p.summary
		ix.canon(s, nil)
		ix.tag(s, 1)
		if ix.lookups {
			ix.contacts.add(s)
			ix.addWords(s)
		}
	})
	<-tree
}

// list puts s, as the person's entry, into an index being loaded (build
// then files it): s's id must be the record's.
func (p *person) list(s *summary) {
	h, id := p.h, p.id
	p.summary = *s
	p.h, p.id, p.listed = h, id, true
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// tag adds (d = 1) or removes (d = -1) s under each of its tags.
func (ix *rosterIndex) tag(s *summary, d int) {
	ix.tag1(tagKey{'t', s.status}, d)
	for _, x := range s.skills {
		ix.tag1(tagKey{'s', x}, d)
	}
	for _, x := range s.roles {
		ix.tag1(tagKey{'r', x}, d)
	}
}

func (ix *rosterIndex) tag1(t tagKey, d int) {
	tl := ix.by[t]
	if tl == nil {
		tl = &tagList{}
		ix.by[t] = tl
	}
	tl.count += d
	tl.items = nil
	if tl.count <= 0 {
		delete(ix.by, t)
	}
}

// apply puts one person's new state into the index, or takes it out when
// the person is gone.
func (ix *rosterIndex) apply(u personUpdate) {
	p := ix.lookup(u.id)
	if p == nil {
		if !u.visible {
			return
		}
		p = ix.add(u.id)
	}
	ix.update(p, u)
}

// update is apply on the person's record. It keeps no pointer to u.s: it
// copies it.
func (ix *rosterIndex) update(p *person, u personUpdate) {
	ix.gen++
	if len(ix.totals) > 0 {
		clear(ix.totals)
	}
	old := &p.summary
	switch {
	case p.listed && u.visible:
		ix.canon(u.s, old)
		if sameText(old, u.s) && old.status == u.s.status &&
			slices.Equal(old.skills, u.s.skills) && slices.Equal(old.roles, u.s.roles) {
			return // nothing the index keys on changed: most updates
		}
		// Change the entry in place, under the index lock like every read
		// of it (queries hand out ids, not entries). A new name moves it
		// in name order; otherwise only the tags that changed move.
		moved := old.fold() != u.s.fold()
		if moved {
			ix.all.Delete(entryOf(old))
		}
		ix.retag(old, u.s, moved)
		if ix.lookups {
			ix.contacts.remove(old)
			if moved {
				ix.removeWords(old)
			}
		}
		p.list(u.s) // u.s may be the indexer's scratch entry
		if moved {
			ix.all.ReplaceOrInsert(entryOf(old))
		}
		if ix.lookups {
			ix.contacts.add(old)
			if moved {
				ix.addWords(old)
			}
		}
	case p.listed: // no longer listed
		ix.all.Delete(entryOf(old))
		ix.tag(old, -1)
		if ix.lookups {
			ix.contacts.remove(old)
			ix.removeWords(old)
		}
		p.summary = summary{id: p.id, h: p.h}
		p.listed = false
	case u.visible:
		ix.canon(u.s, nil)
		p.list(u.s)
		ix.all.ReplaceOrInsert(entryOf(old))
		ix.tag(old, 1)
		if ix.lookups {
			ix.contacts.add(old)
			ix.addWords(old)
		}
	}
}

// retag moves old's tags to s's, which will replace old: only those that
// differ, unless old moves in name order, when it leaves every tag's list
// (the lists are in name order) and joins them again.
func (ix *rosterIndex) retag(old, s *summary, moved bool) {
	if moved {
		ix.tag(old, -1)
		ix.tag(s, 1)
		return
	}
	if old.status != s.status {
		ix.tag1(tagKey{'t', old.status}, -1)
		ix.tag1(tagKey{'t', s.status}, 1)
	}
	for _, k := range [...]struct {
		kind      byte
		old, next []string
	}{{'s', old.skills, s.skills}, {'r', old.roles, s.roles}} {
		if slices.Equal(k.old, k.next) {
			continue
		}
		for _, x := range k.old {
			ix.tag1(tagKey{k.kind, x}, -1)
		}
		for _, x := range k.next {
			ix.tag1(tagKey{k.kind, x}, 1)
		}
	}
}

// values lists the distinct values of one kind of tag ('s' or 'r').
func (ix *rosterIndex) values(kind byte) []string {
	var out []string
	for t := range ix.by {
		if t.kind == kind {
			out = append(out, t.v)
		}
	}
	slices.Sort(out)
	return out
}

// list returns the people carrying tag t in name order, building the list
// if a change dropped it.
func (ix *rosterIndex) list(t tagKey) []*summary {
	tl := ix.by[t]
	if tl == nil {
		return nil
	}
	if tl.items == nil {
		tl.items = make([]*summary, 0, tl.count)
		ix.ascend(nil, func(s *summary) bool {
			if s.has(t) {
				tl.items = append(tl.items, s)
			}
			return true
		})
	}
	return tl.items
}

// query returns the ids of one page, the cursor of the next page (empty on
// the last) and the number of matches of the whole query.
func (ix *rosterIndex) query(q PeopleQuery) (ids []string, next string, total int) {
	var filters []tagKey
	smallest := tagKey{}
	for _, t := range []tagKey{tagOf('s', q.Skill), tagOf('r', q.Role), tagOf('t', q.Status)} {
		if t.v == "" {
			continue
		}
		tl := ix.by[t]
		if tl == nil {
			return nil, "", 0
		}
		filters = append(filters, t)
		if smallest.v == "" || tl.count < ix.by[smallest].count {
			smallest = t
		}
	}
	p := pager{prefix: fold(q.Prefix), after: decodeCursor(q.After), limit: q.Limit, filters: filters}
	key := totalKey{prefix: p.prefix}
	copy(key.filters[:], filters)
	cached, known := ix.totals[key]
	known = known && cached.gen == ix.gen
	counting := !known
	defer func() {
		if counting {
			ix.totals[key] = cachedTotal{gen: ix.gen, total: total}
		} else if known {
			total = cached.total
		}
	}()
	start := probe(p.prefix, "")
	if smallest.v == "" {
		if p.prefix == "" {
			// Every person matches: the count is the tree's size, and the
			// page starts right at the cursor.
			if p.after != nil {
				start = p.after
			}
			counting, known = false, false
			ix.ascend(start, func(s *summary) bool { return p.add(s, false) })
			return p.ids, p.next, ix.all.Len()
		}
		ix.ascend(start, func(s *summary) bool { return p.add(s, counting) })
		return p.ids, p.next, p.total
	}
	items := ix.list(smallest)
	i, _ := slices.BinarySearchFunc(items, start, cmpSummary)
	if p.prefix == "" && len(filters) == 1 {
		counting, known = false, false
		if p.after != nil {
			i, _ = slices.BinarySearchFunc(items, p.after, cmpSummary)
		}
		for _, s := range items[i:] {
			if !p.add(s, false) {
				break
			}
		}
		return p.ids, p.next, len(items)
	}
	for _, s := range items[i:] {
		if !p.add(s, counting) {
			break
		}
	}
	return p.ids, p.next, p.total
}

// pager collects one page from summaries offered in order. With counting
// on it sees every match (to count them) until the end of the prefix;
// without, it stops once it knows the page is full.
type pager struct {
	prefix  string
	after   *summary
	limit   int
	filters []tagKey
	ids     []string
	last    *summary
	next    string
	total   int
}

func (p *pager) add(s *summary, counting bool) bool {
	if !strings.HasPrefix(s.fold(), p.prefix) {
		return false
	}
	for _, f := range p.filters {
		if !s.has(f) {
			return true
		}
	}
	p.total++
	if p.after != nil && cmpSummary(s, p.after) <= 0 {
		return true
	}
	if len(p.ids) < p.limit {
		p.ids = append(p.ids, s.id)
		p.last = s
		return true
	}
	if p.next == "" {
		p.next = encodeCursor(p.last)
	}
	return counting
}

func tagOf(kind byte, v string) tagKey { return tagKey{kind, fold(v)} }

func (s *summary) has(t tagKey) bool {
	switch t.kind {
	case 't':
		return s.status == t.v
	case 's':
		return slices.Contains(s.skills, t.v)
	default:
		return slices.Contains(s.roles, t.v)
	}
}

func encodeCursor(s *summary) string {
	return base64.RawURLEncoding.EncodeToString([]byte(s.fold() + "\x00" + s.id))
}

func decodeCursor(c string) *summary {
	if c == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil
	}
	f, id, ok := strings.Cut(string(b), "\x00")
	if !ok {
		return nil
	}
	return probe(f, id)
}
