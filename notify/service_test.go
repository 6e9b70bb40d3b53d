package notify

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"muster/crdt"
	"muster/node"
)

// clock is a fake wall clock the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func openNode(t *testing.T) *node.Node {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// exchange gives every node every other node's op log.
func exchange(t *testing.T, nodes ...*node.Node) {
	t.Helper()
	for _, src := range nodes {
		var chunks []crdt.Chunk
		for a := range src.VersionVector() {
			if err := src.ReadLog(a, 1, func(c crdt.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
				t.Fatalf("ReadLog: %v", err)
			}
		}
		for _, dst := range nodes {
			if dst != src {
				if _, err := dst.Apply(chunks); err != nil {
					t.Fatalf("Apply: %v", err)
				}
			}
		}
	}
}

func driveWithShift(t *testing.T, n *node.Node, start time.Time, capacity int) (node.Event, node.Shift) {
	t.Helper()
	title, place := "Weekend drive", "Hall 3"
	ev, err := n.CreateEvent(node.EventPatch{Title: &title, Location: &place})
	if err != nil {
		t.Fatal(err)
	}
	end := start.Add(3 * time.Hour)
	s, err := n.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	return ev, s
}

func signUp(t *testing.T, n *node.Node, eventID string, in node.SignupInput) node.SignupResult {
	t.Helper()
	res, err := n.SignUp(eventID, in)
	if err != nil {
		t.Fatalf("SignUp: %v", err)
	}
	return res
}

// kindOf tells which message a delivered text is, from its English words.
func kindOf(r received) string {
	s := r.Subject + " " + r.Body
	switch {
	case strings.Contains(s, "is cancelled"):
		return node.KindCancellation
	case strings.Contains(s, "sorry"):
		return node.KindWaitlisted
	case strings.Contains(s, "seat opened"):
		return node.KindPromoted
	case strings.Contains(s, "signing up"):
		return node.KindConfirmation
	case strings.Contains(s, "tomorrow"):
		return node.KindReminder24h
	case strings.Contains(s, "two hours"):
		return node.KindReminder2h
	case strings.Contains(s, "coming to"):
		return node.KindThankYou
	}
	return "?"
}

// usualKinds are the messages of a seated signup of a shift that goes ahead.
var usualKinds = []string{node.KindConfirmation, node.KindReminder24h, node.KindReminder2h, node.KindThankYou}

// deliveries counts each (recipient, kind) delivered by mail or SMS.
func deliveries(mb *mailbox, gw *gateway) map[string]int {
	out := map[string]int{}
	for _, r := range append(mb.messages(), gw.messages()...) {
		out[r.To+" "+kindOf(r)]++
	}
	return out
}

func settledEverywhere(t *testing.T, nodes []*node.Node, kind string) bool {
	t.Helper()
	for _, n := range nodes {
		ms, err := n.Outbox(node.OutboxQuery{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.State != node.StateSent && m.State != node.StateSkipped {
				return false
			}
		}
	}
	return true
}

// TestThreeNodesSendEachMessageOnce: signups made on three nodes apart
// (one person on two of them), then all three come online together and run
// the delivery loop against the same SMTP server and SMS gateway. Every
// message reaches its person exactly once, and the state is the same on
// every node.
func TestThreeNodesSendEachMessageOnce(t *testing.T) {
	nodes := []*node.Node{openNode(t), openNode(t), openNode(t)}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev, s := driveWithShift(t, nodes[0], start, 50)
	exchange(t, nodes...)

	want := map[string]int{}
	for i := range 9 {
		in := node.SignupInput{Name: fmt.Sprintf("v%d", i), Shifts: []string{s.ID}}
		switch i % 3 {
		case 0:
			in.Email, in.ConsentEmail = fmt.Sprintf("v%d@x.org", i), true
		case 1:
			in.Phone, in.ConsentSMS = fmt.Sprintf("+1555010%d", i), true
		case 2: // consented to nothing: gets nothing
			in.Email = fmt.Sprintf("v%d@x.org", i)
		}
		signUp(t, nodes[i%3], ev.ID, in)
		if to := in.Email + in.Phone; in.ConsentEmail || in.ConsentSMS {
			for _, k := range usualKinds {
				want[to+" "+k] = 1
			}
		}
	}
	// One person signs up on two nodes while apart: one signup after sync.
	twice := node.SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}}
	signUp(t, nodes[1], ev.ID, twice)
	signUp(t, nodes[2], ev.ID, twice)
	for _, k := range usualKinds {
		want["ada@x.org "+k] = 1
	}
	exchange(t, nodes...)
	// Everyone came (a thank-you is for those checked in), checked in on
	// whichever device.
	v, err := nodes[0].ShiftRoster(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range v.Seated {
		if _, err := nodes[i%3].CheckIn(x.ID); err != nil {
			t.Fatal(err)
		}
	}
	exchange(t, nodes...)

	mb, gw := newMailbox(t), newGateway(t, nil)
	email, sms := mustSMTP(t, mb.addr), mustGateway(t, gw.srv.URL)
	clk := &clock{now: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	services := make([]*Service, len(nodes))
	for i, n := range nodes {
		services[i] = New(Config{Email: email, SMS: sms, Interval: 5 * time.Millisecond, Now: clk.Now}, n)
		wg.Go(func() { services[i].Serve(ctx) })
	}
	for _, step := range []struct {
		kind string
		at   time.Time
	}{
		{node.KindConfirmation, clk.Now()},
		{node.KindReminder24h, start.Add(-23 * time.Hour)},
		{node.KindReminder2h, start.Add(-time.Hour)},
		{node.KindThankYou, start.Add(5 * time.Hour)},
	} {
		clk.Set(step.at)
		eventually(t, step.kind+" settled on every node", func() bool {
			exchange(t, nodes...)
			return settledEverywhere(t, nodes, step.kind)
		})
	}
	cancel()
	wg.Wait()
	// More rounds on every node after the last sync send nothing more.
	exchange(t, nodes...)
	for _, svc := range services {
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	got := deliveries(mb, gw)
	for k, n := range got {
		if n != want[k] {
			t.Errorf("%s delivered %d times, want %d", k, n, want[k])
		}
	}
	for k := range want {
		if got[k] == 0 {
			t.Errorf("%s never delivered", k)
		}
	}
	for i, n := range nodes {
		skipped, _ := n.Outbox(node.OutboxQuery{State: node.StateSkipped})
		sent, _ := n.Outbox(node.OutboxQuery{State: node.StateSent})
		if len(skipped) != 3*4 || len(sent) != len(want) {
			t.Errorf("node %d: %d sent, %d skipped; want %d and 12", i, len(sent), len(skipped), len(want))
		}
	}
}

func mustGateway(t *testing.T, url string) *HTTPGateway {
	t.Helper()
	g, err := NewHTTPGateway(GatewayConfig{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func messageOf(t *testing.T, n *node.Node, kind string) node.Message {
	t.Helper()
	ms, err := n.Outbox(node.OutboxQuery{Kind: kind})
	if err != nil || len(ms) != 1 {
		t.Fatalf("Outbox: %d messages, %v; want 1", len(ms), err)
	}
	return ms[0]
}

// TestGatewayDownThenUp: while the gateway is down the confirmation waits,
// queued with the error and without growing the op log; once the gateway
// is back on the same address it goes, once.
func TestGatewayDownThenUp(t *testing.T) {
	n := openNode(t)
	ev, s := driveWithShift(t, n, time.Now().Add(72*time.Hour), 5)
	signUp(t, n, ev.ID, node.SignupInput{Name: "Bo", Phone: "+15550100", ConsentSMS: true, Shifts: []string{s.ID}})

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // down: connections are refused
	gw := mustGateway(t, "http://"+addr+"/sms")
	var attempts atomic.Int64
	counting := SenderFunc(func(ctx context.Context, to, subject, text string) error {
		attempts.Add(1)
		return gw.Send(ctx, to, subject, text)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error)
	go func() { done <- New(Config{SMS: counting, Interval: 5 * time.Millisecond}, n).Serve(ctx) }()

	eventually(t, "the error recorded", func() bool {
		m := messageOf(t, n, node.KindConfirmation)
		return m.State == node.StateQueued && strings.Contains(m.Detail, "refused")
	})
	ops, seen := n.Status().Ops, attempts.Load()
	eventually(t, "five more attempts", func() bool { return attempts.Load() >= seen+5 })
	if got := n.Status().Ops; got != ops {
		t.Errorf("retries while down wrote %d ops, want 0", got-ops)
	}

	l, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	up := newGateway(t, l)
	eventually(t, "the confirmation sent", func() bool {
		return messageOf(t, n, node.KindConfirmation).State == node.StateSent
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if got := up.messages(); len(got) != 1 || got[0].To != "+15550100" || kindOf(got[0]) != node.KindConfirmation {
		t.Errorf("gateway got %+v, want the one confirmation", got)
	}
}

// TestOptOutAtOnce: consent withdrawn after signing up stops the reminders
// that are not yet due; a refusal for good is recorded as failed.
func TestOptOutAtOnce(t *testing.T) {
	n := openNode(t)
	start := time.Now().Add(72 * time.Hour)
	ev, s := driveWithShift(t, n, start, 5)
	ada := signUp(t, n, ev.ID, node.SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	if _, err := n.CheckIn(ada.Signups[0].ID); err != nil { // so that a thank-you is planned
		t.Fatal(err)
	}
	signUp(t, n, ev.ID, node.SignupInput{Name: "Bad", Email: "bad@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	mb := newMailbox(t)
	mb.Refuse("bad@x.org")
	clk := &clock{now: time.Now()}
	svc := New(Config{Email: mustSMTP(t, mb.addr), Now: clk.Now}, n)
	if err := svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdatePerson(ada.Person.ID, node.PersonPatch{Consent: &node.Consent{}}); err != nil {
		t.Fatal(err)
	}
	clk.Set(start.Add(-time.Hour))
	if err := svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := deliveries(mb, &gateway{}); len(got) != 1 || got["ada@x.org confirmation"] != 1 {
		t.Errorf("delivered %v, want Ada's confirmation only", got)
	}
	states := map[string]string{}
	ms, _ := n.Outbox(node.OutboxQuery{})
	for _, m := range ms {
		states[m.Name+" "+m.Kind] = m.State
		if m.State == node.StateFailed && !strings.Contains(m.Detail, "550") {
			t.Errorf("failed without the server's answer: %q", m.Detail)
		}
	}
	want := map[string]string{
		"Ada confirmation": node.StateSent,
		"Ada reminder_24h": node.StateSkipped, // opted out before it was due
		"Ada reminder_2h":  node.StateSkipped,
		"Ada thank_you":    node.StateQueued,
		"Bad confirmation": node.StateFailed,
		"Bad reminder_2h":  node.StateFailed,
	}
	for k, w := range want {
		if states[k] != w {
			t.Errorf("%s: state %q, want %q (all: %v)", k, states[k], w, states)
		}
	}
}
