package node

import (
	"errors"
	"maps"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// clockNode opens a node whose clock the test moves.
func clockNode(t testing.TB, at time.Time) (*Node, *atomic.Int64) {
	t.Helper()
	var now atomic.Int64
	now.Store(at.UnixNano())
	n, err := Open(Config{Dir: t.TempDir(), Now: func() time.Time { return time.Unix(0, now.Load()).UTC() }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n, &now
}

func statusOf(t testing.TB, n *Node, id string) string {
	t.Helper()
	s, err := n.SignupByID(id)
	if err != nil {
		t.Fatalf("SignupByID: %v", err)
	}
	return s.Status
}

// TestConfirmSignup: confirming shows as "confirmed" everywhere the signup
// is read; a waitlisted signup stays waitlisted; a check-in is never undone
// by a confirmation; a cancelled one cannot be confirmed; a fresh signup
// after a cancellation starts unconfirmed.
func TestConfirmSignup(t *testing.T) {
	n, ev, s, ada, bo := adaSeatedBoWaiting(t)

	for _, id := range []string{ada, bo, ada} {
		got, err := n.ConfirmSignup(id)
		if err != nil || got.Status != signupConfirmed || !got.Confirmed {
			t.Fatalf("ConfirmSignup(%s) = %+v, %v; want confirmed", id, got, err)
		}
	}
	v := rosterOf(t, n, s.ID)
	if len(v.Seated) != 1 || v.Seated[0].ID != ada || v.Seated[0].Status != signupConfirmed {
		t.Errorf("seated %+v, want ada confirmed", v.Seated)
	}
	if len(v.Waitlist) != 1 || v.Waitlist[0].ID != bo || v.Waitlist[0].Status != signupConfirmed {
		t.Errorf("waitlist %+v, want bo confirmed, still waiting", v.Waitlist)
	}

	mustCheckIn(t, n, ada)
	if got, err := n.ConfirmSignup(ada); err != nil || got.Status != signupAttended {
		t.Errorf("confirm after check-in = %q, %v; want attended", got.Status, err)
	}
	if got, err := n.UndoCheckIn(ada); err != nil || got.Status != signupConfirmed {
		t.Errorf("undo check-in = %q, %v; want confirmed again", got.Status, err)
	}

	if _, err := n.CancelSignup(bo); err != nil {
		t.Fatal(err)
	}
	if _, err := n.ConfirmSignup(bo); !isValidation(err, "status") {
		t.Errorf("confirm a cancelled signup: %v, want a status validation error", err)
	}
	if again := signUpFor(t, n, ev.ID, "bo", s.ID)[0]; statusOf(t, n, again) != signupSignedUp {
		t.Errorf("signed up again: %q, want signed_up", statusOf(t, n, again))
	}
	if _, err := n.ConfirmSignup("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("confirm unknown: %v, want ErrNotFound", err)
	}
}

// TestNoShowDerived: once the shift has ended, a seated signup not checked
// in reads as no_show in the signup, the roster, turnout and impact; no
// one wrote anything. The waiting are not no-shows, and only those who came
// are thanked.
func TestNoShowDerived(t *testing.T) {
	n, now := clockNode(t, shiftStart.Add(-48*time.Hour))
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 2)
	ada := signUpFor(t, n, ev.ID, "ada", s.ID)[0]
	bo := signUpFor(t, n, ev.ID, "bo", s.ID)[0]
	cy := signUpFor(t, n, ev.ID, "cy", s.ID)[0]
	if _, err := n.ConfirmSignup(bo); err != nil {
		t.Fatal(err)
	}
	mustCheckIn(t, n, ada)
	if got := statusOf(t, n, bo); got != signupConfirmed {
		t.Fatalf("before the end bo is %q, want confirmed", got)
	}
	ops := len(logOf(t, n))

	now.Store(s.End.Add(time.Minute).UnixNano())
	want := map[string]string{ada: signupAttended, bo: signupNoShow, cy: signupSignedUp}
	for id, w := range want {
		if got := statusOf(t, n, id); got != w {
			t.Errorf("after the end %s is %q, want %q", id, got, w)
		}
	}
	v := rosterOf(t, n, s.ID)
	if got := []string{v.Seated[0].Status, v.Seated[1].Status, v.Waitlist[0].Status}; !slices.Equal(got, []string{signupAttended, signupNoShow, signupSignedUp}) {
		t.Errorf("roster statuses %v", got)
	}
	tu, err := n.EventTurnout(ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tu.Total, (TurnoutCounts{Confirmed: 1, CheckedIn: 1, Turnout: 0.5, Seated: 2, Waitlisted: 1, NoShows: 1}); got != want {
		t.Errorf("turnout %+v, want %+v", got, want)
	}
	im, err := n.PersonImpact(contactID("bo@x.org", ""), s.End.Add(time.Minute))
	if err != nil || im.NoShows != 1 {
		t.Errorf("bo's impact: %d no-shows, %v; want 1", im.NoShows, err)
	}
	thanked := outboxOf(t, n, OutboxQuery{Kind: KindThankYou})
	if len(thanked) != 1 || thanked[0].Signup != ada {
		t.Errorf("thank-yous %v, want ada's only", thanked)
	}
	if got := len(logOf(t, n)); got != ops {
		t.Errorf("the end of the shift wrote %d ops", got-ops)
	}

	// A late check-in (a mis-tap the other way) turns the no-show around.
	mustCheckIn(t, n, bo)
	if got := statusOf(t, n, bo); got != signupAttended {
		t.Errorf("late check-in: %q, want attended", got)
	}
}

// TestCancelPromotes: cancelling the seated seats the first waiting, who
// was told they wait: one promoted message, flagged on the roster; raising
// the capacity promotes the next the same way.
func TestCancelPromotes(t *testing.T) {
	n, ev, s, ada, bo := adaSeatedBoWaiting(t)
	cy := signUpFor(t, n, ev.ID, "cy", s.ID)[0]
	if got := outboxOf(t, n, OutboxQuery{Kind: KindPromoted}); len(got) != 0 {
		t.Fatalf("promoted before anything happened: %v", got)
	}
	sentSaying(t, n, bo+"."+KindConfirmation, false)
	sentSaying(t, n, cy+"."+KindConfirmation, false)
	if _, err := n.CancelSignup(ada); err != nil {
		t.Fatal(err)
	}
	got := outboxOf(t, n, OutboxQuery{Kind: KindPromoted})
	if len(got) != 1 || got[0].Signup != bo || got[0].ID != bo+"."+KindPromoted || !got[0].Seated || !got[0].Expires.Equal(s.Start) {
		t.Fatalf("promoted messages %+v, want bo's, until the start", got)
	}
	if due, err := n.DueMessages(shiftStart.Add(-47 * time.Hour)); err != nil || !slices.ContainsFunc(due, func(m Message) bool { return m.Kind == KindPromoted }) {
		t.Errorf("promoted not due at once: %v %v", kindsOf(due), err)
	}
	if v := rosterOf(t, n, s.ID); !v.Seated[0].Promoted {
		t.Errorf("roster does not flag bo promoted: %+v", v.Seated)
	}
	if err := n.SetMessageState(bo+"."+KindPromoted, MessageUpdate{State: StateSent}); err != nil {
		t.Fatal(err)
	}
	capacity := 2
	if _, err := n.UpdateShift(s.ID, ShiftPatch{Capacity: &capacity}); err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, m := range outboxOf(t, n, OutboxQuery{Kind: KindPromoted}) {
		states[m.Signup] = m.State
	}
	if want := map[string]string{bo: StateSent, cy: StateQueued}; !maps.Equal(states, want) {
		t.Errorf("after raising the capacity: %v, want %v", states, want)
	}
}

// TestPromotedNewsRidesThePendingConfirmation: Bo is told on the page
// that he waits; a seat opens before his confirmation goes. The
// confirmation, composed when it goes, carries the news, so no "a seat
// opened" is planned, neither before it goes nor after it went saying he
// has a seat. Had it gone saying he waits, a seat opening later is news.
func TestPromotedNewsRidesThePendingConfirmation(t *testing.T) {
	n, ev, s, ada, bo := adaSeatedBoWaiting(t)
	if _, err := n.CancelSignup(ada); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, n, OutboxQuery{Kind: KindPromoted}); len(got) != 0 {
		t.Errorf("promoted while the confirmation is still to go: %+v", got)
	}
	conf := outboxOf(t, n, OutboxQuery{Kind: KindConfirmation})
	if len(conf) != 1 || conf[0].Signup != bo || !conf[0].Seated {
		t.Fatalf("confirmations %+v, want bo's, saying he has a seat", conf)
	}
	sentSaying(t, n, bo+"."+KindConfirmation, true)
	if got := outboxOf(t, n, OutboxQuery{Kind: KindPromoted}); len(got) != 0 {
		t.Errorf("promoted after the confirmation said he has a seat: %+v", got)
	}
	if v := rosterOf(t, n, s.ID); !v.Seated[0].Promoted {
		t.Errorf("the event page no longer flags bo as moved up from the waitlist: %+v", v.Seated)
	}

	// The other order: Cy's confirmation went while she waited.
	dee := signUpFor(t, n, ev.ID, "dee", s.ID)[0]
	cy := signUpFor(t, n, ev.ID, "cy", s.ID)[0]
	sentSaying(t, n, cy+"."+KindConfirmation, false)
	capacity := 3
	if _, err := n.UpdateShift(s.ID, ShiftPatch{Capacity: &capacity}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range outboxOf(t, n, OutboxQuery{Kind: KindPromoted}) {
		got[m.Signup] = true
	}
	if want := map[string]bool{cy: true}; !maps.Equal(got, want) {
		t.Errorf("promoted %v, want only cy's, not dee's %s (her confirmation has not gone)", got, dee)
	}
}

// TestLifecycleMerge: two real nodes apart. A confirmation on one and a
// cancellation on the other end cancelled on both, whatever the order; a
// check-in on one and a later confirmation on the other end attended. A
// cancellation on one node promotes a person who signed up, waitlisted, on
// the other: both plan one promoted message, whose home is the node the
// person signed up on.
func TestLifecycleMerge(t *testing.T) {
	rng := seeded(t)
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	ev := mustEvent(t, a, "Drive")
	s := mustShift(t, a, ev.ID, 1)
	big := mustShift(t, a, ev.ID, 5)
	ada := signUpFor(t, a, ev.ID, "ada", s.ID, big.ID)
	exchange(t, rng, a, b)
	bo := signUpFor(t, b, ev.ID, "bo", s.ID)[0]
	sentSaying(t, b, bo+"."+KindConfirmation, false) // b is bo's home
	exchange(t, rng, a, b)

	if _, err := a.ConfirmSignup(ada[1]); err != nil {
		t.Fatal(err)
	}
	mustCheckIn(t, b, ada[1])
	if _, err := a.ConfirmSignup(ada[1]); err != nil { // a has not seen the check-in
		t.Fatal(err)
	}
	if _, err := b.ConfirmSignup(ada[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CancelSignup(ada[0]); err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, a, b)

	for i, n := range []*Node{a, b} {
		if got := statusOf(t, n, ada[0]); got != signupCancelled {
			t.Errorf("node %d: confirmed and cancelled apart: %q, want cancelled", i, got)
		}
		if got := statusOf(t, n, ada[1]); got != signupAttended {
			t.Errorf("node %d: checked in, then confirmed elsewhere: %q, want attended", i, got)
		}
		ms := outboxOf(t, n, OutboxQuery{Kind: KindPromoted})
		if len(ms) != 1 || ms[0].Signup != bo || ms[0].Home != b.ID().String() {
			t.Errorf("node %d: promoted %+v, want bo's, home b", i, ms)
		}
	}
}

// adaSeatedBoWaiting is a node two days before a one-seat shift: Ada
// signed up first and has the seat, Bo waits.
func adaSeatedBoWaiting(t *testing.T) (n *Node, ev Event, s Shift, ada, bo string) {
	t.Helper()
	n, _ = clockNode(t, shiftStart.Add(-48*time.Hour))
	ev = mustEvent(t, n, "Drive")
	s = mustShift(t, n, ev.ID, 1)
	ada = signUpFor(t, n, ev.ID, "ada", s.ID)[0]
	bo = signUpFor(t, n, ev.ID, "bo", s.ID)[0]
	return n, ev, s, ada, bo
}
