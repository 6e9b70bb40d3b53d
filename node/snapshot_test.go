package node

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"pgregory.net/rapid"

	"muster/crdt"
)

// crash stops n the way kill -9 would leave its store: nothing saved at
// shutdown (no index snapshot), only what was committed.
func crash(t testing.TB, n *Node) {
	t.Helper()
	n.closed.Store(true)
	n.wmu.Lock()
	defer n.wmu.Unlock()
	n.feed.closeAll()
	n.people.close()
	if err := n.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rebuilt is the index built from every person, as a start without a
// snapshot builds it: what a replayed index must equal.
func rebuilt(t *testing.T, n *Node) map[string]summary {
	t.Helper()
	saved := n.loaded
	n.loaded = newRosterIndex()
	defer func() { n.loaded = saved }()
	if err := n.db.View(n.loadPeople); err != nil {
		t.Fatal(err)
	}
	return summaries(n.loaded)
}

func summaries(ix *rosterIndex) map[string]summary {
	out := map[string]summary{}
	ix.each(func(p *person) {
		if p.listed {
			c := p.summary
			c.h = 0 // where its record sits, not what it says
			out[p.id] = c
		}
	})
	return out
}

func indexed(n *Node) (out map[string]summary) {
	n.people.read(func(ix *rosterIndex) { out = summaries(ix) })
	return out
}

// TestIndexReplayAfterCrash: a start after a crash takes the last saved
// index and replays only the ops since; the roster it answers is the one a
// full rebuild gives: renamed, deleted, new people, a changed email found
// by a signup, a skill added.
func TestIndexReplayAfterCrash(t *testing.T) {
	dir := t.TempDir()
	n, err := Open(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 50 {
		p, err := n.CreatePerson(PersonPatch{Name: ptr(fmt.Sprintf("Person %02d", i)), Email: ptr(fmt.Sprintf("p%02d@x.org", i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := n.snapshotNow(crdt.Hash{}); err != nil {
		t.Fatal(err)
	}
	// After the last save: a rename, a deletion, a newcomer, a new email,
	// a new skill. Then the process dies.
	if _, err := n.UpdatePerson(ids[1], PersonPatch{Name: ptr("Zed Renamed")}); err != nil {
		t.Fatal(err)
	}
	if err := n.DeletePerson(ids[2]); err != nil {
		t.Fatal(err)
	}
	newcomer, err := n.CreatePerson(PersonPatch{Name: ptr("Newcomer")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdatePerson(ids[3], PersonPatch{Email: ptr("moved@x.org")}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdatePerson(ids[4], PersonPatch{Skills: &[]string{"radio"}}); err != nil {
		t.Fatal(err)
	}
	want := indexed(n)
	crash(t, n)

	n = openTest(t, dir)
	if n.indexStart != "replay" || n.replayedOps != 5 {
		t.Errorf("start after the crash: %s of %d ops, want a replay of the 5 ops since the save", n.indexStart, n.replayedOps)
	}
	if got := indexed(n); !reflect.DeepEqual(got, want) {
		t.Errorf("replayed index differs from the one before the crash:\n got %d people\nwant %d", len(got), len(want))
	}
	if got, full := indexed(n), rebuilt(t, n); !reflect.DeepEqual(got, full) {
		t.Errorf("replayed index differs from a full rebuild")
	}
	page, err := n.People(PeopleQuery{Prefix: "zed"})
	if err != nil || len(page.People) != 1 || page.People[0].ID != ids[1] {
		t.Errorf("search zed: %+v, %v; want the renamed person", page.People, err)
	}
	if page, _ := n.People(PeopleQuery{Skill: "radio"}); len(page.People) != 1 || page.People[0].ID != ids[4] {
		t.Errorf("skill radio: %+v; want the person given it", page.People)
	}
	if page, _ := n.People(PeopleQuery{Prefix: "newcomer"}); len(page.People) != 1 || page.People[0].ID != newcomer.ID {
		t.Errorf("search newcomer: %+v", page.People)
	}
	if page, _ := n.People(PeopleQuery{Limit: 500}); page.Total != 50 {
		t.Errorf("roster holds %d people, want 50 (one deleted, one new)", page.Total)
	}
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 5)
	res := mustSignUp(t, n, ev.ID, SignupInput{Name: "Whoever", Email: "moved@x.org", Shifts: []string{s.ID}})
	if res.Person.ID != ids[3] {
		t.Errorf("signup with the new email made or found %s, want %s", res.Person.ID, ids[3])
	}
	want = indexed(n)
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	n = openTest(t, dir)
	if n.indexStart != "snapshot" || !reflect.DeepEqual(indexed(n), want) {
		t.Errorf("start after a clean shutdown: %s, want the snapshot saved at shutdown, as it was", n.indexStart)
	}
}

// TestIndexSnapshotAheadOfStore: a snapshot that claims more than the
// store holds is not trusted; the index is rebuilt from the people.
func TestIndexSnapshotAheadOfStore(t *testing.T) {
	dir := t.TempDir()
	n, err := Open(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	p, err := n.CreatePerson(PersonPatch{Name: ptr("Ana")})
	if err != nil {
		t.Fatal(err)
	}
	ahead := n.VersionVector()
	ahead[n.ID()] += 10
	n.people.read(func(ix *rosterIndex) {
		bogus := newRosterIndex() // a snapshot of nobody, claiming ten more ops
		if err := n.writeIndexSnapshot(encodeIndexSnapshot(bogus, ahead, nil)); err != nil {
			t.Error(err)
		}
	})
	crash(t, n)
	n = openTest(t, dir)
	if n.indexStart != "rebuild" {
		t.Errorf("start from a snapshot ahead of the store: %s, want a rebuild", n.indexStart)
	}
	if page, _ := n.People(PeopleQuery{}); len(page.People) != 1 || page.People[0].ID != p.ID {
		t.Errorf("roster after a start from a snapshot ahead of the store: %+v, want Ana", page.People)
	}
}

// TestServeSavesIndexSnapshot: while it runs, a node saves its index every
// SnapshotInterval once ops arrived, tagged with the vector it reflects.
func TestServeSavesIndexSnapshot(t *testing.T) {
	n, err := Open(Config{Dir: t.TempDir(), SnapshotInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Serve(ctx) }()
	defer func() { cancel(); <-done }()
	if _, err := n.CreatePerson(PersonPatch{Name: ptr("Ana")}); err != nil {
		t.Fatal(err)
	}
	want := n.VersionVector()
	deadline := time.Now().Add(10 * time.Second)
	for {
		people := 0
		var vec crdt.VersionVector
		_ = n.db.View(func(txn *badger.Txn) error {
			var ix *rosterIndex
			if ix, vec, _ = n.loadIndexSnapshot(txn); ix != nil {
				people = int(ix.n)
			}
			return nil
		})
		if people == 1 && reflect.DeepEqual(vec, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snapshot of the current vector within 10s: %d people, vector %v (want %v)", people, vec, want)
		}
		<-time.After(10 * time.Millisecond) // polling with a deadline
	}
}

// stamped is a person's fast-path state with authors by id, comparable
// across indexers (whose author tables number them differently).
type stamped struct {
	listed                 bool
	removes, deleted, wide bool
	times                  [len(indexedFields)]crdt.Timestamp
	seqs                   [len(indexedFields)]uint32
	authors                [len(indexedFields)]crdt.AuthorID
}

// statesOf is what ix knows of each person (known records).
func statesOf(ix *rosterIndex, at *authorTable) map[string]stamped {
	out := map[string]stamped{}
	ix.each(func(p *person) {
		if !p.known {
			return
		}
		st := &p.st
		s := stamped{listed: p.listed, removes: st.removes, deleted: st.deleted, wide: st.wide}
		for i, f := range st.f {
			if f.author != 0 {
				s.times[i], s.seqs[i], s.authors[i] = f.time, f.seq, at.ids[f.author-1]
			}
		}
		out[p.id] = s
	})
	return out
}

// TestSnapshotKeepsFastState: after a clean shutdown, and after a crash
// that replays ops onto the last save, the indexer knows every person as
// a start that reads them all would (so that ops after a restart take the
// fast path), and that knowledge matches the store.
func TestSnapshotKeepsFastState(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	var ids []string
	for i := range 30 {
		p := mustCreate(t, n, fmt.Sprintf("Person %02d", i), "medic")
		ids = append(ids, p.ID)
	}
	if _, err := n.UpdatePerson(ids[0], PersonPatch{Status: ptr("deployed")}); err != nil {
		t.Fatal(err)
	}
	if err := n.DeletePerson(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdatePerson(ids[2], PersonPatch{Skills: &[]string{"radio"}}); err != nil { // a remove
		t.Fatal(err)
	}
	full := func(n *Node) map[string]stamped {
		saved, savedAuthors := n.loaded, n.loadedAuthors
		n.loaded, n.loadedAuthors = newRosterIndex(), newAuthorTable()
		defer func() { n.loaded, n.loadedAuthors = saved, savedAuthors }()
		if err := n.db.View(n.loadPeople); err != nil {
			t.Fatal(err)
		}
		return statesOf(n.loaded, n.loadedAuthors)
	}
	known := func(n *Node) (out map[string]stamped, complete bool) {
		n.people.read(func(ix *rosterIndex) { out, complete = statesOf(ix, n.people.authors), n.people.complete })
		return out, complete
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}

	n = openTest(t, dir)
	got, complete := known(n)
	if want := full(n); n.indexStart != "snapshot" || !complete || !reflect.DeepEqual(got, want) {
		t.Fatalf("after a clean shutdown (%s): complete %v, %d states, want %d as read from the store:\n%v\n%v",
			n.indexStart, complete, len(got), len(want), got, want)
	}
	if _, err := n.snapshotNow(crdt.Hash{}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdatePerson(ids[3], PersonPatch{Name: ptr("Renamed")}); err != nil {
		t.Fatal(err)
	}
	late := mustCreate(t, n, "Late")
	crash(t, n)

	n = openTest(t, dir)
	got, complete = known(n)
	if want := full(n); n.indexStart != "replay" || !complete || !reflect.DeepEqual(got, want) {
		t.Fatalf("after a crash (%s): complete %v, %d states, want %d as read from the store", n.indexStart, complete, len(got), len(want))
	}
	if _, ok := got[late.ID]; !ok {
		t.Error("the person created after the last save is unknown")
	}
	// An op after the restart takes the fast path and lands.
	if _, err := n.UpdatePerson(late.ID, PersonPatch{Name: ptr("Later")}); err != nil {
		t.Fatal(err)
	}
	if page, _ := n.People(PeopleQuery{Prefix: "later"}); len(page.People) != 1 {
		t.Errorf("search later after the restart: %+v", page.People)
	}
}

// FuzzDecodeSnapshot: a damaged snapshot (a disk that lost bytes) is
// refused or read, never a panic or a huge allocation.
func FuzzDecodeSnapshot(f *testing.F) {
	ix := newRosterIndex()
	ix.apply(personUpdate{id: "p1", visible: true, s: newSummary("p1", "Ana", "available", []string{"medic"}, nil, "", "")})
	at := newAuthorTable()
	p := ix.lookup("p1")
	p.st, p.known = pstate{removes: true}, true
	p.st.f[0], _ = at.makeStamp(7, crdt.AuthorID{1}, 3)
	ix.add("p2").known = true // deleted: known, not listed
	vec := crdt.VersionVector{crdt.AuthorID{1}: 3}
	f.Add(encodeIndexSnapshot(ix, vec, at))
	f.Add(encodeIndexSnapshot(ix, vec, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		ix, _, at, err := decodeSnapshot(b)
		if err != nil {
			return
		}
		if int(ix.n) > len(b) {
			t.Fatalf("%d bytes decoded to %d people", len(b), ix.n)
		}
		ix.build()
		ix.each(func(p *person) {
			if ix.lookup(p.id) != p {
				t.Fatalf("record %d (%q) is not found by its id", p.h, p.id)
			}
			if !p.known {
				return
			}
			if at == nil {
				t.Fatal("a state with no authors")
			}
			for _, s := range p.st.f {
				if int(s.author) > len(at.ids) {
					t.Fatalf("a stamp names author %d of %d", s.author, len(at.ids))
				}
			}
		})
	})
}

// TestDamagedSnapshotStatesRebuild: a snapshot cut short in its states
// is refused as a whole: the start reads every person.
func TestDamagedSnapshotStatesRebuild(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	mustCreate(t, n, "Ana")
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if err := editSnapshot(dir, func(b []byte) ([]byte, error) { return b[:len(b)-3], nil }); err != nil {
		t.Fatal(err)
	}
	n = openTest(t, dir)
	if n.indexStart != "rebuild" {
		t.Errorf("start from a damaged snapshot: %s, want a rebuild", n.indexStart)
	}
	if page, _ := n.People(PeopleQuery{}); page.Total != 1 {
		t.Errorf("roster after the rebuild: %+v", page)
	}
}

// TestSnapshotBound: the buffer a snapshot is encoded into is sized once,
// so the bound must hold for whatever the roster holds.
func TestSnapshotBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ix := newRosterIndex()
		at := newAuthorTable()
		str := rapid.StringN(0, 40, -1)
		for i := range rapid.IntRange(0, 30).Draw(t, "people") {
			name, status, skills := str.Draw(t, "name"), str.Draw(t, "status"), rapid.SliceOfN(str, 0, 4).Draw(t, "skills")
			s := newSummary(fmt.Sprint("p", i), name, status, skills, nil, str.Draw(t, "email"), str.Draw(t, "phone"))
			st := pstate{deleted: rapid.Bool().Draw(t, "deleted")} // a deleted person has a state only
			if !st.deleted {
				ix.apply(personUpdate{id: s.id, visible: true, s: s})
			}
			for f := range st.f {
				// Real stamps are large: wall milliseconds << 16.
				tm := crdt.Timestamp(rapid.Uint64Range(1<<56, math.MaxUint64).Draw(t, "time"))
				st.f[f], _ = at.makeStamp(tm, crdt.AuthorID{byte(f)}, uint64(rapid.Uint32().Draw(t, "seq")))
			}
			p := ix.lookup(s.id)
			if p == nil {
				p = ix.add(s.id)
			}
			p.st, p.known = st, true
		}
		vec := crdt.VersionVector{crdt.AuthorID{1}: rapid.Uint64().Draw(t, "seq")}
		if got, bound := len(encodeIndexSnapshot(ix, vec, at)), snapshotBound(ix, vec, at); got > bound {
			t.Fatalf("snapshot of %d bytes, bound %d", got, bound)
		}
	})
}

// TestSnapshotCountBounded: a damaged count in a snapshot is refused
// before the decoder allocates for it; every summary takes at least 7
// bytes, so a count larger than the bytes left allow is damage.
func TestSnapshotCountBounded(t *testing.T) {
	body := make([]byte, 2<<20) // zeros: each 7 of them read as an empty summary
	b := binary.AppendUvarint([]byte{0}, 1<<20)
	b = append(b, body...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, _, err := decodeSnapshot(b)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a snapshot claiming 1,048,576 people in 2 MiB was read")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing it allocated %d bytes", got)
	}
}
