package node

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestQueryMatchesBruteForce walks every page of many queries and checks
// order, membership and totals against a plain filter over all people.
func TestQueryMatchesBruteForce(t *testing.T) {
	ix := newRosterIndex()
	rng := rand.New(rand.NewSource(7))
	names := []string{"ana", "anabel", "bo", "bob", "carla", "Ana Maria", "zed", "ánh"}
	skills := []string{"medic", "radio", "boat"}
	var all []*summary
	for i := 0; i < 300; i++ {
		s := probe(fold(names[rng.Intn(len(names))]), fmt.Sprintf("p%03d", rng.Intn(1000)*1000+i))
		s.status = PersonStatuses[rng.Intn(3)]
		for _, sk := range skills {
			if rng.Intn(2) == 0 {
				s.skills = append(s.skills, sk)
			}
		}
		if rng.Intn(3) == 0 {
			s.roles = []string{"lead"}
		}
		ix.apply(personUpdate{id: s.id, visible: true, s: s})
		all = append(all, s)
	}
	slices.SortFunc(all, cmpSummary)
	queries := []PeopleQuery{
		{}, {Skill: "medic"}, {Status: "off"}, {Skill: "radio", Status: "available"},
		{Prefix: "an"}, {Prefix: "ana", Skill: "boat"}, {Role: "lead", Skill: "medic", Status: "deployed"},
		{Prefix: "nobody"}, {Skill: "unknown"},
	}
	for _, q := range queries {
		var want []string
		for _, s := range all {
			if strings.HasPrefix(s.fold(), fold(q.Prefix)) && (q.Skill == "" || slices.Contains(s.skills, q.Skill)) &&
				(q.Role == "" || slices.Contains(s.roles, q.Role)) && (q.Status == "" || s.status == q.Status) {
				want = append(want, s.id)
			}
		}
		for _, limit := range []int{1, 7, 50, 500} {
			for round := 0; round < 2; round++ { // the second walk uses cached totals
				var got []string
				q := q
				q.Limit = limit
				for pages := 0; ; pages++ {
					ids, next, total := ix.query(q)
					if total != len(want) {
						t.Fatalf("%+v: total %d, want %d", q, total, len(want))
					}
					got = append(got, ids...)
					if next == "" {
						break
					}
					if pages > len(want) {
						t.Fatalf("%+v: pagination does not end", q)
					}
					q.After = next
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%+v limit %d: got %d ids, want %d (order or members differ)", q, limit, len(got), len(want))
				}
			}
		}
	}
}

// TestEntryOrderMatchesSummaryOrder: the tree's inline name and id
// prefixes must never order two people differently from their full names
// and ids: also when names or ids share their inline bytes, are shorter
// than them, hold zeros or run past 16 bytes.
func TestEntryOrderMatchesSummaryOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.StringOfN(rapid.SampledFrom([]rune{0, 'a', 'b', 'é', 'ÿ'}), 0, 20, -1)
		id := rapid.StringOfN(rapid.SampledFrom([]rune{0, '1', '2'}), 0, 10, -1)
		ix := newRosterIndex()
		// Two records: the ids may be equal (both orders then say so).
		a := &ix.add(id.Draw(t, "ida")).summary
		a.setText("", name.Draw(t, "a"), "", "")
		b := &ix.add(id.Draw(t, "idb")).summary
		b.setText("", name.Draw(t, "b"), "", "")
		if got, want := ix.cmpEntry(entryOf(a), entryOf(b)), cmpSummary(a, b); got != want {
			t.Fatalf("%q/%q vs %q/%q: tree says %d, names say %d", a.fold(), a.id, b.fold(), b.id, got, want)
		}
	})
}

// TestAppendNormalizedMatchesStrings: the fast path folds names and
// normalizes emails and phones from an op's bytes; it must give what the
// string functions give a person read from the store, for any text.
func TestAppendNormalizedMatchesStrings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := rapid.SampledFrom([]rune{' ', '\t', '\u00a0', '\u2003', 'a', 'Z', 'É', 'ß', 'İ', '+', '0', '9', '-', '@', '.'})
		s := rapid.StringOf(r).Draw(t, "s")
		prefix := []byte("x")
		if got, want := string(appendFold(prefix, []byte(s))), "x"+fold(s); got != want {
			t.Fatalf("appendFold(%q) = %q, fold gives %q", s, got, want)
		}
		if got, want := string(appendPhone(prefix, []byte(s))), "x"+normalizePhone(s); got != want {
			t.Fatalf("appendPhone(%q) = %q, normalizePhone gives %q", s, got, want)
		}
	})
}
