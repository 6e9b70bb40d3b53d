package node

import (
	"math/rand"
	"slices"
	"testing"
	"time"
)

// exchange heals a partition: every node applies every other node's log,
// chunks shuffled and in batches of random size.
func exchange(t testing.TB, rng *rand.Rand, nodes ...*Node) {
	t.Helper()
	for _, dst := range nodes {
		for _, src := range nodes {
			if src == dst {
				continue
			}
			chunks := logOf(t, src)
			rng.Shuffle(len(chunks), func(i, j int) { chunks[i], chunks[j] = chunks[j], chunks[i] })
			for len(chunks) > 0 {
				k := 1 + rng.Intn(len(chunks))
				if _, err := dst.Apply(chunks[:k]); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				chunks = chunks[k:]
			}
		}
	}
	for _, n := range nodes[1:] {
		if n.Digest() != nodes[0].Digest() {
			t.Fatalf("digests differ after the exchange")
		}
	}
}

// seeded returns a random source whose seed the log shows, so that a
// failing order can be replayed.
func seeded(t testing.TB) *rand.Rand {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	return rand.New(rand.NewSource(seed))
}

func threeNodes(t testing.TB) []*Node {
	return []*Node{openTest(t, t.TempDir()), openTest(t, t.TempDir()), openTest(t, t.TempDir())}
}

// TestPartitionedSignupsAgree is the drive: a 20-seat shift, 30
// signups spread over three partitioned nodes, heal; every node seats the
// same 20 and queues the same 10 in the same order, and a cancellation
// promotes the same person everywhere.
func TestPartitionedSignupsAgree(t *testing.T) {
	rng := seeded(t)
	nodes := threeNodes(t)
	ev := mustEvent(t, nodes[0], "Weekend drive")
	s := mustShift(t, nodes[0], ev.ID, 20)
	exchange(t, rng, nodes...)

	for i := range 30 {
		name := "volunteer" + itoa(i+1)
		mustSignUp(t, nodes[i%3], ev.ID, SignupInput{Name: name, Email: name + "@x.org", Shifts: []string{s.ID}})
	}
	if v := rosterOf(t, nodes[0], s.ID); len(v.Seated) != 10 || len(v.Waitlist) != 0 {
		t.Fatalf("before the heal node 0 sees %d seated, %d waiting; want its own 10 seated", len(v.Seated), len(v.Waitlist))
	}
	exchange(t, rng, nodes...)

	want := rosterOf(t, nodes[0], s.ID)
	if len(want.Seated) != 20 || len(want.Waitlist) != 10 {
		t.Fatalf("after the heal: %d seated, %d waiting; want 20 and 10", len(want.Seated), len(want.Waitlist))
	}
	assertSameSeats(t, nodes, s.ID, want)

	first := want.Waitlist[0].ID
	if _, err := nodes[1].CancelSignup(want.Seated[7].ID); err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, nodes...)
	after := rosterOf(t, nodes[2], s.ID)
	if !slices.Contains(signupIDs(after.Seated), first) || len(after.Seated) != 20 || len(after.Waitlist) != 9 {
		t.Errorf("after a cancellation: %d seated, %d waiting, first waiting %s seated = %v",
			len(after.Seated), len(after.Waitlist), first, slices.Contains(signupIDs(after.Seated), first))
	}
	assertSameSeats(t, nodes, s.ID, after)
}

func assertSameSeats(t *testing.T, nodes []*Node, shiftID string, want ShiftView) {
	t.Helper()
	for i, n := range nodes {
		got := rosterOf(t, n, shiftID)
		if !slices.Equal(signupIDs(got.Seated), signupIDs(want.Seated)) {
			t.Errorf("node %d seats differ: got %v, want %v", i, signupIDs(got.Seated), signupIDs(want.Seated))
		}
		if !slices.Equal(signupIDs(got.Waitlist), signupIDs(want.Waitlist)) {
			t.Errorf("node %d waitlist differs: got %v, want %v", i, signupIDs(got.Waitlist), signupIDs(want.Waitlist))
		}
	}
}

// TestSamePersonOnTwoNodes: one person signs up on two partitioned nodes
// (the email typed differently); after the heal there is one person and one
// signup everywhere.
func TestSamePersonOnTwoNodes(t *testing.T) {
	rng := seeded(t)
	nodes := threeNodes(t)
	ev := mustEvent(t, nodes[0], "Drive")
	s := mustShift(t, nodes[0], ev.ID, 5)
	exchange(t, rng, nodes...)

	a := mustSignUp(t, nodes[0], ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", Shifts: []string{s.ID}})
	b := mustSignUp(t, nodes[1], ev.ID, SignupInput{Name: "Ada L.", Email: "ADA@x.org", Phone: "555 0100", Shifts: []string{s.ID}, ConsentSMS: true})
	if a.Person.ID != b.Person.ID || a.Signups[0].ID != b.Signups[0].ID {
		t.Fatalf("ids differ: %s/%s and %s/%s", a.Person.ID, a.Signups[0].ID, b.Person.ID, b.Signups[0].ID)
	}
	exchange(t, rng, nodes...)
	for i, n := range nodes {
		page, err := n.People(PeopleQuery{})
		if err != nil || page.Total != 1 {
			t.Errorf("node %d: %d people, %v; want 1", i, page.Total, err)
		}
		v := rosterOf(t, n, s.ID)
		if len(v.Seated) != 1 || v.Seated[0].ID != a.Signups[0].ID {
			t.Errorf("node %d: seated %v, want the one signup", i, signupIDs(v.Seated))
		}
		p, _ := n.Person(a.Person.ID)
		if p.Phone != "5550100" || !p.Consent.SMS {
			t.Errorf("node %d: merged person %+v lacks the phone or consent from node 1", i, p)
		}
	}
}
