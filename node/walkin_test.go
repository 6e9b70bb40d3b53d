package node

import (
	"errors"
	"testing"
)

// TestWalkInNameOnly: an organizer adds a walk-in with just a name; they
// are checked in and counted in turnout, and have no channel for messages.
// The public signup still wants a phone or an email.
func TestWalkInNameOnly(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 3)
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: "ada@x.org", Shifts: []string{s.ID}})

	got, err := n.WalkIn(ev.ID, WalkinInput{Name: " Dee Walk ", Shift: s.ID})
	if err != nil {
		t.Fatalf("WalkIn: %v", err)
	}
	if got.Name != "Dee Walk" || got.Status != "attended" {
		t.Errorf("walk-in %+v, want Dee Walk attended", got)
	}
	v := rosterOf(t, n, s.ID)
	if v.CheckedIn != 1 || len(v.Seated) != 2 {
		t.Errorf("turnout %d of %d seated, want 1 of 2", v.CheckedIn, len(v.Seated))
	}
	for _, m := range outboxOf(t, n, OutboxQuery{Person: got.Person}) {
		if m.Channel != "" {
			t.Errorf("walk-in without contact has a %s message", m.Channel)
		}
	}
	// A second nameless walk-in with the same name is another person.
	again, err := n.WalkIn(ev.ID, WalkinInput{Name: "Dee Walk", Shift: s.ID})
	if err != nil || again.Person == got.Person {
		t.Errorf("second walk-in: %+v, %v; want another person", again, err)
	}

	cases := []struct {
		name  string
		in    WalkinInput
		field string
	}{
		{"no name", WalkinInput{Shift: s.ID}, "name"},
		{"bad email", WalkinInput{Name: "X", Email: "nope", Shift: s.ID}, "email"},
		{"no shift", WalkinInput{Name: "X"}, "shift"},
		{"other shift", WalkinInput{Name: "X", Shift: "elsewhere"}, "shifts"},
	}
	for _, c := range cases {
		_, err := n.WalkIn(ev.ID, c.in)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Field != c.field {
			t.Errorf("%s: %v, want a field error on %s", c.name, err, c.field)
		}
	}
	_, err = n.SignUp(ev.ID, SignupInput{Name: "Eve", Shifts: []string{s.ID}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "email" {
		t.Errorf("public signup without contact: %v, want a field error on email", err)
	}
}

// TestSignupRecordsLanguage: the language of the signup is the person's,
// the latest one wins, and a bad tag is a field error.
func TestSignupRecordsLanguage(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 3)
	res := mustSignUp(t, n, ev.ID, SignupInput{Name: "Ana", Email: "ana@x.org", Lang: "ES", Shifts: []string{s.ID}})
	if res.Person.Lang != "es" {
		t.Errorf("lang %q, want es", res.Person.Lang)
	}
	if m := outboxOf(t, n, OutboxQuery{Person: res.Person.ID})[0]; m.Lang != "es" {
		t.Errorf("message lang %q, want es", m.Lang)
	}
	res = mustSignUp(t, n, ev.ID, SignupInput{Name: "Ana", Email: "ana@x.org", Lang: "ar", Shifts: []string{s.ID}})
	if res.Person.Lang != "ar" {
		t.Errorf("after signing up in Arabic lang %q, want ar", res.Person.Lang)
	}
	_, err := n.SignUp(ev.ID, SignupInput{Name: "X", Email: "x@x.org", Lang: "e$", Shifts: []string{s.ID}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "lang" {
		t.Errorf("bad lang: %v, want a field error on lang", err)
	}
}
