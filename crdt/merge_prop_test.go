package crdt

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// At least 1,000 random histories in the normal run; scripts/proptest
// raises it (e.g. -rapid.checks=100000) for the long run.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == "100" {
		f.Value.Set("1000")
	}
	os.Exit(m.Run())
}

const replicas = 5

var (
	propEntities = []string{"e1", "e2", "e3"}
	propFields   = []string{"name", "status", "notes"}
	propElems    = []string{"medic", "driver", "cook"}
	propValues   = []any{"a", "b", uint64(7), true, nil, map[string]any{"amount": 3.5, "unit": "kg"}}
)

// replica is one simulated device: its own ops, and the state of
// everything it has seen so far (so its removes name observed dots).
type replica struct {
	author AuthorID
	seq    uint64
	clock  Clock
	ops    []Op
	state  map[string]*Entity
	seen   []int // per author: how many of their ops it has applied
}

func (r *replica) apply(o Op) {
	e := r.state[o.ID]
	if e == nil {
		e = NewEntity("thing", o.ID)
		r.state[o.ID] = e
	}
	e.Apply(&o)
}

// genOp makes one op on replica r from what r has seen.
func genOp(t *rapid.T, r *replica, wall time.Time) Op {
	r.seq++
	o := Op{Author: r.author, Seq: r.seq, Type: "thing", ID: rapid.SampledFrom(propEntities).Draw(t, "entity"), Time: r.clock.Now(wall)}
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0:
		o.Delete = true
	case 1, 2, 3, 4:
		o.Set = map[string]any{rapid.SampledFrom(propFields).Draw(t, "field"): rapid.SampledFrom(propValues).Draw(t, "value")}
	case 5, 6, 7:
		o.Add = map[string][]string{"tags": {rapid.SampledFrom(propElems).Draw(t, "elem")}}
	default:
		x := rapid.SampledFrom(propElems).Draw(t, "elem")
		dots := []Dot{{Author: r.author, Seq: 1 << 40}} // a dot never added: must not matter
		if e := r.state[o.ID]; e != nil {
			dots = append(dots, e.ObservedDots("tags", x)...)
		}
		o.Remove = map[string]map[string][]Dot{"tags": {x: dots}}
	}
	return o
}

func TestMergeConverges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := make([]*replica, replicas)
		for i := range rs {
			rs[i] = &replica{author: AuthorID{byte(i + 1)}, state: map[string]*Entity{}, seen: make([]int, replicas)}
		}
		wall := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
		steps := rapid.IntRange(1, 40).Draw(t, "steps")
		for s := 0; s < steps; s++ {
			i := rapid.IntRange(0, replicas-1).Draw(t, "replica")
			r := rs[i]
			if rapid.Bool().Draw(t, "deliver") {
				// r catches up on some prefix of another author's ops.
				j := rapid.IntRange(0, replicas-1).Draw(t, "from")
				upto := rapid.IntRange(r.seen[j], len(rs[j].ops)).Draw(t, "upto")
				for _, o := range rs[j].ops[r.seen[j]:upto] {
					r.apply(o)
					_ = r.clock.Observe(o.Time, wall)
				}
				r.seen[j] = max(r.seen[j], upto)
				continue
			}
			wall = wall.Add(time.Duration(rapid.IntRange(-5, 20).Draw(t, "tick")) * time.Millisecond) // clocks skew and stall
			o := genOp(t, r, wall)
			r.ops = append(r.ops, o)
			r.apply(o)
			r.seen[i] = len(r.ops)
		}
		var all []Op
		for _, r := range rs {
			all = append(all, r.ops...)
		}
		ref := applyAll(all)
		checkOracle(t, all, ref)
		for p := 0; p < 3; p++ {
			perm := rapid.Permutation(withDuplicates(t, all)).Draw(t, "perm")
			got := applyAll(perm)
			if !sameVisible(ref, got) {
				t.Fatalf("permutation %d diverged:\n%v\nvs\n%v", p, visibleAll(ref), visibleAll(got))
			}
			if digestOf(ref) != digestOf(got) {
				t.Fatalf("permutation %d: same state, different digest", p)
			}
		}
	})
}

func withDuplicates(t *rapid.T, ops []Op) []Op {
	out := slices.Clone(ops)
	for _, o := range ops {
		if rapid.IntRange(0, 3).Draw(t, "dup") == 0 {
			out = append(out, o)
		}
	}
	return out
}

func applyAll(ops []Op) map[string]*Entity {
	st := map[string]*Entity{}
	for i := range ops {
		e := st[ops[i].ID]
		if e == nil {
			e = NewEntity("thing", ops[i].ID)
			st[ops[i].ID] = e
		}
		e.Apply(&ops[i])
	}
	return st
}

func visibleAll(st map[string]*Entity) map[string]Visible {
	out := map[string]Visible{}
	for id, e := range st {
		if v, ok := e.Visible(); ok {
			out[id] = v
		}
	}
	return out
}

func sameVisible(a, b map[string]*Entity) bool {
	return reflect.DeepEqual(visibleAll(a), visibleAll(b))
}

func digestOf(st map[string]*Entity) Digest {
	var d Digest
	for _, e := range st {
		d.Toggle(e.VisibleHash())
	}
	return d
}

// checkOracle states the merge rules directly: a deleted entity shows
// nothing; a field holds the value of the greatest (time, author, seq)
// write; an element is present iff some add of it is not named by a remove.
func checkOracle(t *rapid.T, ops []Op, st map[string]*Entity) {
	for _, id := range propEntities {
		e := st[id]
		deleted := slices.ContainsFunc(ops, func(o Op) bool { return o.ID == id && o.Delete })
		if deleted {
			if _, ok := e.Visible(); ok {
				t.Fatalf("%s: deleted but visible", id)
			}
			continue
		}
		for _, f := range propFields {
			var win *Op
			for i := range ops {
				o := &ops[i]
				if _, ok := o.Set[f]; !ok || o.ID != id {
					continue
				}
				if win == nil || Less(win.Time, win.Author, o.Time, o.Author) || (win.Time == o.Time && win.Author == o.Author && win.Seq < o.Seq) {
					win = o
				}
			}
			var want any
			if win != nil {
				want = win.Set[f]
			}
			var got any
			if e != nil {
				got = e.Value(f)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s.%s = %v, want %v (last writer)", id, f, got, want)
			}
		}
		for _, x := range propElems {
			removed := map[Dot]bool{}
			for _, o := range ops {
				if o.ID == id {
					for _, d := range o.Remove["tags"][x] {
						removed[d] = true
					}
				}
			}
			want := slices.ContainsFunc(ops, func(o Op) bool {
				return o.ID == id && slices.Contains(o.Add["tags"], x) && !removed[o.Dot()]
			})
			got := e != nil && slices.Contains(e.Elements("tags"), x)
			if got != want {
				t.Fatalf("%s.tags has %s = %v, want %v", id, x, got, want)
			}
		}
	}
}

func TestDigestDistinguishes(t *testing.T) {
	a := NewEntity("thing", "x")
	a.Apply(&Op{Author: AuthorID{1}, Seq: 1, Time: 1, Type: "thing", ID: "x", Set: map[string]any{"name": "a"}})
	b := NewEntity("thing", "x")
	b.Apply(&Op{Author: AuthorID{1}, Seq: 1, Time: 1, Type: "thing", ID: "x", Set: map[string]any{"name": "b"}})
	if a.VisibleHash() == b.VisibleHash() {
		t.Errorf("different values, same hash")
	}
	if fmt.Sprint(digestOf(map[string]*Entity{"x": a})) == fmt.Sprint(Digest{}) {
		t.Errorf("digest of a visible entity is zero")
	}
}
