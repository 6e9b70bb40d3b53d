package node

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"muster/crdt"
)

func ids(cs []claim) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestSeatClaims(t *testing.T) {
	a, b := crdt.AuthorID{1}, crdt.AuthorID{2}
	c := func(id string, ts crdt.Timestamp, au crdt.AuthorID, cancelled bool) claim {
		return claim{ID: id, Time: ts, Author: au, Seq: 1, Cancelled: cancelled}
	}
	tests := []struct {
		name           string
		capacity       int
		claims         []claim
		seated, waitls []string
	}{
		{"empty", 3, nil, []string{}, []string{}},
		{"under capacity", 3, []claim{c("x", 2, a, false), c("y", 1, a, false)}, []string{"y", "x"}, []string{}},
		{"overbooked by time", 1, []claim{c("x", 2, a, false), c("y", 1, b, false)}, []string{"y"}, []string{"x"}},
		{"same time, author decides", 1, []claim{c("x", 5, b, false), c("y", 5, a, false)}, []string{"y"}, []string{"x"}},
		{"cancelled promotes the first waiting", 2,
			[]claim{c("p", 1, a, true), c("q", 2, a, false), c("r", 3, a, false), c("s", 4, a, false)},
			[]string{"q", "r"}, []string{"s"}},
		{"zero capacity seats no one", 0, []claim{c("x", 1, a, false)}, []string{}, []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seated, waiting := seatClaims(tt.capacity, tt.claims)
			if got, want := ids(seated), tt.seated; !slices.Equal(got, want) {
				t.Errorf("seated: got %v, want %v", got, want)
			}
			if got, want := ids(waiting), tt.waitls; !slices.Equal(got, want) {
				t.Errorf("waitlist: got %v, want %v", got, want)
			}
		})
	}
}

// TestSeatsIndependentOfApplyOrder applies the same signup and
// cancellation ops, with duplicates, in random orders to fresh entities and
// checks that the seats and the waitlist come out the same every time.
func TestSeatsIndependentOfApplyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		authors := []crdt.AuthorID{{1}, {2}, {3}}
		seqs := map[crdt.AuthorID]uint64{}
		wall := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
		var ops []crdt.Op
		count := rapid.IntRange(0, 30).Draw(t, "signups")
		for i := range count {
			au := authors[rapid.IntRange(0, 2).Draw(t, "author")]
			seqs[au]++
			ts := crdt.MakeTimestamp(wall.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "ms"))*time.Millisecond), 0)
			id := "s" + itoa(i+1)
			ops = append(ops, crdt.Op{Author: au, Seq: seqs[au], Time: ts, Type: TypeSignup, ID: id,
				Set: map[string]any{fieldJoined: uint64(1), fieldStatus: signupSignedUp}})
			if rapid.IntRange(0, 3).Draw(t, "cancel") == 0 {
				cu := authors[rapid.IntRange(0, 2).Draw(t, "canceller")]
				seqs[cu]++
				ops = append(ops, crdt.Op{Author: cu, Seq: seqs[cu], Time: ts + 10, Type: TypeSignup, ID: id,
					Set: map[string]any{fieldStatus: signupCancelled}})
			}
		}
		capacity := rapid.IntRange(1, 20).Draw(t, "capacity")
		seatsOf := func(order []crdt.Op) ([]string, []string) {
			es := map[string]*crdt.Entity{}
			for i := range order {
				o := order[i]
				if es[o.ID] == nil {
					es[o.ID] = crdt.NewEntity(TypeSignup, o.ID)
				}
				es[o.ID].Apply(&o)
			}
			var cs []claim
			for _, e := range es {
				if c, ok := claimOf(e); ok {
					cs = append(cs, c)
				}
			}
			s, w := seatClaims(capacity, cs)
			return ids(s), ids(w)
		}
		wantS, wantW := seatsOf(ops)
		shuffled := rapid.Permutation(append(slices.Clone(ops), ops[:rapid.IntRange(0, len(ops)).Draw(t, "dups")]...)).Draw(t, "order")
		gotS, gotW := seatsOf(shuffled)
		if !slices.Equal(gotS, wantS) || !slices.Equal(gotW, wantW) {
			t.Fatalf("seats depend on order: got %v / %v, want %v / %v", gotS, gotW, wantS, wantW)
		}
		if len(wantS) > capacity {
			t.Fatalf("%d seated for %d seats", len(wantS), capacity)
		}
	})
}
