package notify

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"muster/node"
)

// TestBumpedToldOnce: three nodes apart each seat their own signups for a
// 2-seat shift, then exchange logs while their delivery loops run against
// one SMTP server. Every person who lost the seat they were told they had
// gets exactly one "waitlisted" email; no one else
// gets one, and more rounds send nothing more.
func TestBumpedToldOnce(t *testing.T) {
	nodes := []*node.Node{openNode(t), openNode(t), openNode(t)}
	ev, s := driveWithShift(t, nodes[0], time.Now().Add(72*time.Hour).UTC().Truncate(time.Minute), 2)
	exchange(t, nodes...)
	emails := map[string]string{} // signup id -> address
	for i, name := range []string{"ada", "bo", "cy", "dee", "eve", "fay", "gus"} {
		res := signUp(t, nodes[i%3], ev.ID, node.SignupInput{Name: name, Email: name + "@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
		emails[res.Signups[0].ID] = name + "@x.org"
	}
	told := map[string]bool{} // seated on their own node when they signed up
	for _, n := range nodes {
		v, err := n.ShiftRoster(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range v.Seated {
			told[x.ID] = true
		}
	}
	exchange(t, nodes...)

	v, err := nodes[0].ShiftRoster(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, x := range v.Waitlist {
		if told[x.ID] {
			want = append(want, emails[x.ID])
		}
	}
	slices.Sort(want)
	if len(want) != 4 { // six seated apart (two per node), two seats
		t.Fatalf("%d bumped, want 4", len(want))
	}

	mb := newMailbox(t)
	email := mustSMTP(t, mb.addr)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	services := make([]*Service, len(nodes))
	for i, n := range nodes {
		services[i] = New(Config{Email: email, Interval: 5 * time.Millisecond}, n)
		wg.Go(func() { services[i].Serve(ctx) })
	}
	eventually(t, "waitlisted messages settled on every node", func() bool {
		exchange(t, nodes...)
		return settledEverywhere(t, nodes, node.KindWaitlisted) && settledEverywhere(t, nodes, node.KindConfirmation)
	})
	cancel()
	wg.Wait()
	exchange(t, nodes...)
	for _, svc := range services {
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	var got []string
	for _, r := range mb.messages() {
		if kindOf(r) == node.KindWaitlisted {
			got = append(got, r.To)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("waitlisted emails to %v, want one each to %v", got, want)
	}
	for i, n := range nodes {
		sent, _ := n.Outbox(node.OutboxQuery{Kind: node.KindWaitlisted, State: node.StateSent})
		if len(sent) != len(want) {
			t.Errorf("node %d: %d waitlisted messages sent, want %d", i, len(sent), len(want))
		}
	}
}

// TestCancellationSent: cancelling a shift emails everyone signed up,
// seated or waiting, once; the reminders of the cancelled shift never go.
func TestCancellationSent(t *testing.T) {
	n := openNode(t)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev, s := driveWithShift(t, n, start, 1)
	for _, name := range []string{"ada", "bo"} {
		signUp(t, n, ev.ID, node.SignupInput{Name: name, Email: name + "@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	}
	if _, err := n.CancelShift(s.ID); err != nil {
		t.Fatal(err)
	}
	mb := newMailbox(t)
	clk := &clock{now: time.Now()}
	svc := New(Config{Email: mustSMTP(t, mb.addr), Now: clk.Now}, n)
	for _, at := range []time.Time{clk.Now(), start.Add(-23 * time.Hour), start.Add(-time.Hour), start.Add(5 * time.Hour)} {
		clk.Set(at)
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	got := deliveries(mb, &gateway{})
	want := map[string]int{"ada@x.org cancellation": 1, "bo@x.org cancellation": 1}
	if len(got) != len(want) || got["ada@x.org cancellation"] != 1 || got["bo@x.org cancellation"] != 1 {
		t.Errorf("delivered %v, want %v", got, want)
	}
}
