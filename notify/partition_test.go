package notify

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"muster/node"
)

func signupIDs(ss []node.Signup) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// TestPartitionedDriveSendsEachReminderOnce is the drive end to
// end: three nodes apart take 30 signups for a 20-seat shift (10 each),
// then heal by exchanging their logs. All three seat the same 20 and queue
// the same 10 in the same order. Then all three run the delivery loop
// against one real SMTP server while a fake clock passes the confirmation,
// both reminders and the thank-you: each of the 30 gets exactly one
// confirmation, each of the 20 seated exactly one of each reminder, the 15
// of them checked in on the day (on all three nodes) exactly one
// thank-you, and each of the 10 bumped to the waitlist by the merge
// exactly one "waitlisted" message and no reminder.
func TestPartitionedDriveSendsEachReminderOnce(t *testing.T) {
	nodes := []*node.Node{openNode(t), openNode(t), openNode(t)}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev, s := driveWithShift(t, nodes[0], start, 20)
	exchange(t, nodes...)

	email := func(i int) string { return fmt.Sprintf("volunteer%02d@x.org", i) }
	for i := range 30 {
		signUp(t, nodes[i%3], ev.ID, node.SignupInput{Name: fmt.Sprintf("Volunteer %02d", i), Email: email(i), ConsentEmail: true, Shifts: []string{s.ID}})
	}
	for i, n := range nodes {
		if v, _ := n.ShiftRoster(s.ID); len(v.Seated) != 10 || len(v.Waitlist) != 0 {
			t.Fatalf("apart, node %d seats %d and queues %d; want its own 10 seated", i, len(v.Seated), len(v.Waitlist))
		}
	}
	exchange(t, nodes...)

	want, err := nodes[0].ShiftRoster(s.ID)
	if err != nil || len(want.Seated) != 20 || len(want.Waitlist) != 10 {
		t.Fatalf("healed: %d seated, %d waiting, %v; want 20 and 10", len(want.Seated), len(want.Waitlist), err)
	}
	for i, n := range nodes[1:] {
		got, _ := n.ShiftRoster(s.ID)
		if !slices.Equal(signupIDs(got.Seated), signupIDs(want.Seated)) || !slices.Equal(signupIDs(got.Waitlist), signupIDs(want.Waitlist)) {
			t.Errorf("node %d seats %v waiting %v; node 0 seats %v waiting %v", i+1,
				signupIDs(got.Seated), signupIDs(got.Waitlist), signupIDs(want.Seated), signupIDs(want.Waitlist))
		}
	}
	expect := map[string]int{}
	emailOf := map[string]string{}
	for i := range 30 {
		emailOf[fmt.Sprintf("Volunteer %02d", i)] = email(i)
	}
	const came = 15 // of the 20 seated; the other 5 are no-shows: no thank-you
	for i, su := range want.Seated {
		for _, k := range usualKinds {
			if k != node.KindThankYou || i < came {
				expect[emailOf[su.Name]+" "+k] = 1
			}
		}
	}
	// Each node seated its own ten when they signed up: the ten the merge
	// puts on the waitlist were bumped, and are told so once.
	for _, su := range want.Waitlist {
		expect[emailOf[su.Name]+" "+node.KindConfirmation] = 1
		expect[emailOf[su.Name]+" "+node.KindWaitlisted] = 1
	}

	mb := newMailbox(t)
	smtp := mustSMTP(t, mb.addr)
	clk := &clock{now: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	services := make([]*Service, len(nodes))
	for i, n := range nodes {
		services[i] = New(Config{Email: smtp, Interval: 5 * time.Millisecond, Now: clk.Now}, n)
		wg.Go(func() { services[i].Serve(ctx) })
	}
	checkIn := func() { // on the day, at whichever laptop they reach
		for i, su := range want.Seated[:came] {
			if _, err := nodes[i%3].CheckIn(su.ID); err != nil {
				t.Fatalf("check in %s: %v", su.Name, err)
			}
		}
	}
	for _, step := range []struct {
		kind   string
		at     time.Time
		before func()
	}{
		{node.KindConfirmation, clk.Now(), nil},
		{node.KindWaitlisted, clk.Now(), nil},
		{node.KindReminder24h, start.Add(-23 * time.Hour), nil},
		{node.KindReminder2h, start.Add(-time.Hour), nil},
		{node.KindThankYou, start.Add(5 * time.Hour), checkIn},
	} {
		if step.before != nil {
			step.before()
		}
		clk.Set(step.at)
		eventually(t, step.kind+" settled on every node", func() bool {
			exchange(t, nodes...)
			return settledEverywhere(t, nodes, step.kind)
		})
	}
	cancel()
	wg.Wait()
	exchange(t, nodes...)
	for _, svc := range services { // more rounds after the last sync send nothing
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	got := deliveries(mb, &gateway{})
	for k, n := range got {
		if n != expect[k] {
			t.Errorf("%s delivered %d times, want %d", k, n, expect[k])
		}
	}
	for k := range expect {
		if got[k] == 0 {
			t.Errorf("%s never delivered", k)
		}
	}
	if n := len(mb.messages()); n != 30+10+2*20+came {
		t.Errorf("%d emails in all, want %d (30 confirmations, 10 bumped to the waitlist, 20 × two reminders, %d thank-yous)", n, 30+10+2*20+came, came)
	}
}
