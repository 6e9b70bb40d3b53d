package node

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func kindsOf(ms []Message) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Kind)
	}
	return out
}

func outboxOf(t testing.TB, n *Node, q OutboxQuery) []Message {
	t.Helper()
	ms, err := n.Outbox(q)
	if err != nil {
		t.Fatalf("Outbox: %v", err)
	}
	return ms
}

// usualKinds are the messages of a seated signup of a shift that goes
// ahead, before anyone is checked in (a thank-you is for those who came).
var usualKinds = []string{KindConfirmation, KindReminder24h, KindReminder2h}

func TestOutboxPlan(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 1)
	ada := mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	bo := mustSignUp(t, n, ev.ID, SignupInput{Name: "Bo", Phone: "555 0101", ConsentSMS: true, Shifts: []string{s.ID}})
	cy := mustSignUp(t, n, ev.ID, SignupInput{Name: "Cy", Email: "cy@x.org", Shifts: []string{s.ID}})

	cases := []struct {
		name        string
		person      string
		kinds       []string
		channel, to string
		seated      bool
	}{
		{"seated, email", ada.Person.ID, usualKinds, ChannelEmail, "ada@x.org", true},
		{"waiting, sms", bo.Person.ID, []string{KindConfirmation}, ChannelSMS, "5550101", false},
		{"no consent", cy.Person.ID, []string{KindConfirmation}, "", "", false},
	}
	for _, c := range cases {
		ms := outboxOf(t, n, OutboxQuery{Person: c.person})
		if got := kindsOf(ms); !slices.Equal(got, c.kinds) {
			t.Errorf("%s: kinds %v, want %v", c.name, got, c.kinds)
			continue
		}
		m := ms[0]
		if m.Channel != c.channel || m.To != c.to || m.Seated != c.seated || m.State != StateQueued || m.Home != n.ID().String() {
			t.Errorf("%s: got %+v", c.name, m)
		}
	}

	ms := outboxOf(t, n, OutboxQuery{Person: ada.Person.ID})
	wantDue := []time.Time{ada.Signups[0].Joined, shiftStart.Add(-24 * time.Hour), shiftStart.Add(-2 * time.Hour)}
	for i, m := range ms {
		if got, want := m.Due, wantDue[i]; !got.Equal(want) {
			t.Errorf("%s due %v, want %v", m.Kind, got, want)
		}
		if got, want := m.ID, ada.Signups[0].ID+"."+m.Kind; got != want {
			t.Errorf("id %q, want %q", got, want)
		}
	}

	// Checked in, Ada is thanked after the shift; a mis-tap undone, not.
	mustCheckIn(t, n, ada.Signups[0].ID)
	withThanks := append(slices.Clone(usualKinds), KindThankYou)
	if got := kindsOf(outboxOf(t, n, OutboxQuery{Person: ada.Person.ID})); !slices.Equal(got, withThanks) {
		t.Errorf("checked in: kinds %v, want %v", got, withThanks)
	}
	if _, err := n.UndoCheckIn(ada.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := kindsOf(outboxOf(t, n, OutboxQuery{Person: ada.Person.ID})); !slices.Equal(got, usualKinds) {
		t.Errorf("check-in undone: kinds %v, want %v", got, usualKinds)
	}

	// Cancelling Ada seats Bo, who was told he waits (on the page, then in
	// his confirmation): Bo is told a seat opened and gets the reminders
	// now, Ada nothing.
	sentSaying(t, n, bo.Signups[0].ID+"."+KindConfirmation, false)
	if _, err := n.CancelSignup(ada.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, n, OutboxQuery{Person: ada.Person.ID}); len(got) != 0 {
		t.Errorf("cancelled signup still has messages %v", kindsOf(got))
	}
	promoted := []string{KindConfirmation, KindPromoted, KindReminder24h, KindReminder2h}
	if got := kindsOf(outboxOf(t, n, OutboxQuery{Person: bo.Person.ID})); !slices.Equal(got, promoted) {
		t.Errorf("promoted signup kinds %v, want %v", got, promoted)
	}

	// Opting out shows at once; a cancelled shift has only cancellations.
	if _, err := n.UpdatePerson(bo.Person.ID, PersonPatch{Consent: &Consent{}}); err != nil {
		t.Fatal(err)
	}
	if m := outboxOf(t, n, OutboxQuery{Person: bo.Person.ID})[0]; m.Channel != "" {
		t.Errorf("after opting out the channel is %q", m.Channel)
	}
	if _, err := n.CancelShift(s.ID); err != nil {
		t.Fatal(err)
	}
	if got := kindsOf(outboxOf(t, n, OutboxQuery{})); !slices.Equal(got, []string{KindCancellation, KindCancellation}) {
		t.Errorf("cancelled shift has messages %v, want Bo's and Cy's cancellation", got)
	}
}

func TestOutboxLateSignupSkipsPastReminders(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Now")
	start := time.Now().Add(3 * time.Hour).UTC().Truncate(time.Second)
	end, capacity := start.Add(time.Hour), 5
	s, err := n.CreateShift(ev.ID, ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	want := []string{KindConfirmation, KindReminder2h}
	if got := kindsOf(outboxOf(t, n, OutboxQuery{})); !slices.Equal(got, want) {
		t.Errorf("kinds %v, want %v", got, want)
	}
}

func TestDueMessagesAndState(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 5)
	res := mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	conf := res.Signups[0].ID + "." + KindConfirmation

	due := func(at time.Time) []string {
		t.Helper()
		ms, err := n.DueMessages(at)
		if err != nil {
			t.Fatal(err)
		}
		return kindsOf(ms)
	}
	if got, want := due(time.Now()), []string{KindConfirmation}; !slices.Equal(got, want) {
		t.Errorf("due now %v, want %v", got, want)
	}
	for _, st := range []MessageUpdate{{State: StateSending}, {State: StateQueued, Detail: "dial tcp: refused"}, {State: StateSent}} {
		if err := n.SetMessageState(conf, st); err != nil {
			t.Fatalf("SetMessageState(%+v): %v", st, err)
		}
	}
	// Sent is settled: a later write changes nothing.
	if err := n.SetMessageState(conf, MessageUpdate{State: StateFailed, Detail: "late"}); err != nil {
		t.Fatal(err)
	}
	m := outboxOf(t, n, OutboxQuery{Kind: KindConfirmation})[0]
	if m.State != StateSent || m.Detail != "" || m.UpdatedAt == nil {
		t.Errorf("after sent: %+v", m)
	}
	if got, want := due(shiftStart.Add(-time.Hour)), []string{KindReminder24h, KindReminder2h}; !slices.Equal(got, want) {
		t.Errorf("due an hour before %v, want %v", got, want)
	}
	if got := outboxOf(t, n, OutboxQuery{State: StateSent}); len(got) != 1 {
		t.Errorf("state filter: %d sent, want 1", len(got))
	}

	var ve *ValidationError
	for _, bad := range []struct {
		id string
		u  MessageUpdate
	}{{conf, MessageUpdate{State: "lost"}}, {"x.unknown", MessageUpdate{State: StateSent}}, {"reminder_2h", MessageUpdate{State: StateSent}}} {
		if err := n.SetMessageState(bad.id, bad.u); !errors.As(err, &ve) {
			t.Errorf("SetMessageState(%q, %+v) = %v, want a validation error", bad.id, bad.u, err)
		}
	}
}

// TestOutboxSameOnEveryNode: nodes that hold the same signups plan the same
// messages, with the same home, whichever node they were made on.
func TestOutboxSameOnEveryNode(t *testing.T) {
	rng := seeded(t)
	nodes := threeNodes(t)
	ev := mustEvent(t, nodes[0], "Drive")
	s := mustShift(t, nodes[0], ev.ID, 2)
	exchange(t, rng, nodes...)
	for i := range 6 {
		name := "v" + itoa(i)
		mustSignUp(t, nodes[i%3], ev.ID, SignupInput{Name: name, Email: name + "@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	}
	exchange(t, rng, nodes...)
	want := outboxOf(t, nodes[0], OutboxQuery{})
	if len(want) != 2*3+4*2 {
		t.Fatalf("%d messages, want 14 (2 seated × 3; 4 waiting × 2, confirmation and waitlisted: each was seated on its own node)", len(want))
	}
	homes := map[string]int{}
	for _, m := range want {
		homes[m.Home]++
	}
	if len(homes) != 3 {
		t.Errorf("messages have %d homes, want 3", len(homes))
	}
	for i, n := range nodes[1:] {
		got := outboxOf(t, n, OutboxQuery{})
		if !slices.EqualFunc(got, want, func(a, b Message) bool {
			return a.ID == b.ID && a.Home == b.Home && a.Due.Equal(b.Due) && a.Seated == b.Seated && a.Channel == b.Channel
		}) {
			t.Errorf("node %d plans differently", i+1)
		}
	}
}

// sentSaying records a message as sent, telling a seat or the waitlist,
// as the delivery loop does.
func sentSaying(t testing.TB, n *Node, id string, seated bool) {
	t.Helper()
	if err := n.SetMessageState(id, MessageUpdate{State: StateSent, Seated: &seated}); err != nil {
		t.Fatal(err)
	}
}
