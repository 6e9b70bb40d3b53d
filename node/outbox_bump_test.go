package node

import (
	"maps"
	"slices"
	"testing"
	"time"
)

// placesOf maps each signup of a shift to whether it is seated, as one
// node sees it now.
func placesOf(t testing.TB, n *Node, shiftID string) map[string]bool {
	t.Helper()
	v := rosterOf(t, n, shiftID)
	out := map[string]bool{}
	for _, s := range v.Seated {
		out[s.ID] = true
	}
	for _, s := range v.Waitlist {
		out[s.ID] = false
	}
	return out
}

func bumpedOf(t testing.TB, n *Node, shiftID string) []string {
	t.Helper()
	v := rosterOf(t, n, shiftID)
	var out []string
	for _, s := range v.Seated {
		if s.Bumped {
			t.Errorf("seated signup %s is flagged bumped", s.ID)
		}
	}
	for _, s := range v.Waitlist {
		if s.Bumped {
			out = append(out, s.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestMergeBumpsToWaitlist: three nodes apart sign people up for a 2-seat
// shift, each seating its own; after they exchange logs, exactly the
// signups that were seated on their own node and now wait are flagged
// bumped, on every node, and each has one waitlisted message whose home is
// the node it was made on. A later promotion clears the flag and the
// message.
func TestMergeBumpsToWaitlist(t *testing.T) {
	rng := seeded(t)
	nodes := threeNodes(t)
	ev := mustEvent(t, nodes[0], "Drive")
	s := mustShift(t, nodes[0], ev.ID, 2)
	exchange(t, rng, nodes...)

	home := map[string]*Node{}
	sign := func(n *Node, name string) {
		res := mustSignUp(t, n, ev.ID, SignupInput{Name: name, Email: name + "@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
		home[res.Signups[0].ID] = n
	}
	sign(nodes[0], "ada")
	sign(nodes[0], "bo")
	sign(nodes[1], "cy")
	sign(nodes[1], "dee")
	sign(nodes[2], "eve")
	sign(nodes[0], "fay") // full on node 0: told she waits
	before := map[string]bool{}
	for _, n := range nodes {
		maps.Copy(before, placesOf(t, n, s.ID))
	}
	if got := rosterOf(t, nodes[0], s.ID); len(got.Waitlist) != 1 || got.Waitlist[0].Bumped || got.Waitlist[0].SeatedAtSignup {
		t.Fatalf("node 0 before the merge: waitlist %+v, want fay, not bumped", got.Waitlist)
	}
	exchange(t, rng, nodes...)

	after := placesOf(t, nodes[0], s.ID)
	var want []string
	for id, seated := range after {
		if before[id] && !seated {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	if len(want) != 3 {
		t.Fatalf("%d lost their seat, want 3 (5 seated apart, 2 seats)", len(want))
	}
	for i, n := range nodes {
		if got := bumpedOf(t, n, s.ID); !slices.Equal(got, want) {
			t.Errorf("node %d bumped %v, want %v", i, got, want)
		}
		ms := outboxOf(t, n, OutboxQuery{Kind: KindWaitlisted})
		var got []string
		for _, m := range ms {
			got = append(got, m.Signup)
			if m.Home != home[m.Signup].ID().String() || m.Seated || m.Position < 1 {
				t.Errorf("node %d: waitlisted message %+v: want home the signup's node, waiting", i, m)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("node %d waitlisted messages for %v, want %v", i, got, want)
		}
	}

	// Seats open up (the organizer raises the capacity) down to the first
	// bumped: whoever is seated again is neither flagged nor told she waits.
	wait := rosterOf(t, nodes[0], s.ID).Waitlist
	k := slices.IndexFunc(wait, func(x Signup) bool { return x.Bumped }) + 1
	if _, err := nodes[2].UpdateShift(s.ID, ShiftPatch{Capacity: ptr(2 + k)}); err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, nodes...)
	var still []string
	for _, id := range want {
		if !slices.ContainsFunc(wait[:k], func(x Signup) bool { return x.ID == id }) {
			still = append(still, id)
		}
	}
	for i, n := range nodes {
		if got := bumpedOf(t, n, s.ID); !slices.Equal(got, still) {
			t.Errorf("node %d after seats opened: bumped %v, want %v", i, got, still)
		}
		var got []string
		for _, m := range outboxOf(t, n, OutboxQuery{Kind: KindWaitlisted}) {
			got = append(got, m.Signup)
		}
		slices.Sort(got)
		if !slices.Equal(got, still) {
			t.Errorf("node %d after seats opened: waitlisted messages for %v, want %v", i, got, still)
		}
	}
}

// TestLowerCapacityBumps: lowering a shift's capacity moves the last
// seated to the waitlist; they were told they had a seat, so they are
// bumped too.
func TestLowerCapacityBumps(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 2)
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", Shifts: []string{s.ID}})
	bo := mustSignUp(t, n, ev.ID, SignupInput{Name: "Bo", Email: "bo@x.org", Shifts: []string{s.ID}})
	if got := bumpedOf(t, n, s.ID); len(got) != 0 {
		t.Fatalf("bumped %v before any change", got)
	}
	if _, err := n.UpdateShift(s.ID, ShiftPatch{Capacity: ptr(1)}); err != nil {
		t.Fatal(err)
	}
	if got := bumpedOf(t, n, s.ID); !slices.Equal(got, []string{bo.Signups[0].ID}) {
		t.Errorf("bumped %v, want Bo", got)
	}
}

// TestOutboxCancellation: cancelling a shift tells everyone signed up,
// seated or waiting, once, due when it was cancelled; no reminder or
// thank-you is left. Cancelling the event does the same for its shifts.
func TestOutboxCancellation(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 1)
	other := mustShift(t, n, ev.ID, 5)
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID, other.ID}})
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Bo", Phone: "555 0101", ConsentSMS: true, Shifts: []string{s.ID}})
	cancelled := mustSignUp(t, n, ev.ID, SignupInput{Name: "Cy", Email: "cy@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	if _, err := n.CancelSignup(cancelled.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if _, err := n.CancelShift(s.ID); err != nil {
		t.Fatal(err)
	}
	ms := outboxOf(t, n, OutboxQuery{})
	byShift := map[string][]string{}
	for _, m := range ms {
		byShift[m.Shift] = append(byShift[m.Shift], m.Name+" "+m.Kind)
		if m.Kind == KindCancellation && (m.Due.Before(before.Add(-time.Second)) || m.Due.After(time.Now()) || !m.Expires.Equal(shiftStart)) {
			t.Errorf("cancellation due %v expires %v; want now and the shift's start", m.Due, m.Expires)
		}
	}
	slices.Sort(byShift[s.ID])
	if want := []string{"Ada cancellation", "Bo cancellation"}; !slices.Equal(byShift[s.ID], want) {
		t.Errorf("cancelled shift's messages %v, want %v", byShift[s.ID], want)
	}
	if got := byShift[other.ID]; len(got) != len(usualKinds) || slices.Contains(got, "Ada cancellation") {
		t.Errorf("the other shift's messages %v, want Ada's usual ones", got)
	}

	if _, err := n.CancelEvent(ev.ID); err != nil {
		t.Fatal(err)
	}
	for _, m := range outboxOf(t, n, OutboxQuery{}) {
		if m.Kind != KindCancellation {
			t.Errorf("after the event is cancelled: %s %s", m.Name, m.Kind)
		}
	}
	if got := len(outboxOf(t, n, OutboxQuery{Kind: KindCancellation})); got != 3 {
		t.Errorf("%d cancellations, want 3 (Ada twice, Bo)", got)
	}
}
