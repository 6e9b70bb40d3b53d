package node

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func mustSignUp(t testing.TB, n *Node, eventID string, in SignupInput) SignupResult {
	t.Helper()
	res, err := n.SignUp(eventID, in)
	if err != nil {
		t.Fatalf("SignUp(%+v): %v", in, err)
	}
	return res
}

func TestSignUpFindsOrCreatesPerson(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s1, s2 := mustShift(t, n, ev.ID, 5), mustShift(t, n, ev.ID, 5)

	res := mustSignUp(t, n, ev.ID, SignupInput{Name: "Ada", Email: " Ada@Example.ORG ", Phone: "+1 (555) 010-0000",
		Shifts: []string{s1.ID, s2.ID, s1.ID}, ConsentEmail: true})
	p := res.Person
	if p.Name != "Ada" || p.Email != "ada@example.org" || p.Phone != "+15550100000" || !p.Consent.Email || p.Consent.SMS {
		t.Errorf("person: got %+v", p)
	}
	if got, want := p.ID, contactID("ada@example.org", ""); got != want {
		t.Errorf("person id: got %q, want the contact id %q", got, want)
	}
	if len(res.Signups) != 2 || res.Signups[0].Status != "signed_up" || res.Signups[0].Name != "Ada" {
		t.Fatalf("signups: got %+v, want two", res.Signups)
	}
	if !strings.HasPrefix(res.Signups[0].ID, s1.ID+".") || res.Signups[0].Person != p.ID {
		t.Errorf("signup id %q: want %s.<person>", res.Signups[0].ID, s1.ID)
	}

	ops := n.Status().Ops
	again := mustSignUp(t, n, ev.ID, SignupInput{Name: "Someone else", Phone: "+15550100000", Shifts: []string{s1.ID}})
	if again.Person.ID != p.ID || again.Person.Name != "Ada" || again.Signups[0].ID != res.Signups[0].ID {
		t.Errorf("second signup by phone: got %+v, want the same person and signup", again)
	}
	if got := n.Status().Ops; got != ops {
		t.Errorf("signing up again wrote %d ops, want none", got-ops)
	}

	// Someone already on the roster (random id) is found by contact.
	bo, err := n.CreatePerson(PersonPatch{Name: ptr("Bo"), Phone: ptr("555-0199")})
	if err != nil {
		t.Fatal(err)
	}
	res = mustSignUp(t, n, ev.ID, SignupInput{Name: "Bo B.", Phone: "5550199", Shifts: []string{s2.ID}, ConsentSMS: true})
	if res.Person.ID != bo.ID || !res.Person.Consent.SMS {
		t.Errorf("roster person: got %+v, want %s with SMS consent", res.Person, bo.ID)
	}
	page, _ := n.People(PeopleQuery{})
	if got, want := page.Total, 2; got != want {
		t.Errorf("roster size: got %d, want %d", got, want)
	}
}

func TestSignUpValidation(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev, other := mustEvent(t, n, "Drive"), mustEvent(t, n, "Other")
	s, foreign, gone := mustShift(t, n, ev.ID, 1), mustShift(t, n, other.ID, 1), mustShift(t, n, ev.ID, 1)
	if _, err := n.CancelShift(gone.ID); err != nil {
		t.Fatal(err)
	}
	before := n.Digest()
	tests := []struct {
		name  string
		in    SignupInput
		field string
	}{
		{"no name", SignupInput{Email: "a@x.org", Shifts: []string{s.ID}}, "name"},
		{"no contact", SignupInput{Name: "Ada", Shifts: []string{s.ID}}, "email"},
		{"bad email", SignupInput{Name: "Ada", Email: "nope", Shifts: []string{s.ID}}, "email"},
		{"bad phone", SignupInput{Name: "Ada", Phone: "call me", Shifts: []string{s.ID}}, "phone"},
		{"no shifts", SignupInput{Name: "Ada", Email: "a@x.org"}, "shifts"},
		{"shift of another event", SignupInput{Name: "Ada", Email: "a@x.org", Shifts: []string{foreign.ID}}, "shifts"},
		{"cancelled shift", SignupInput{Name: "Ada", Email: "a@x.org", Shifts: []string{s.ID, gone.ID}}, "shifts"},
	}
	for _, tt := range tests {
		if _, err := n.SignUp(ev.ID, tt.in); !isValidation(err, tt.field) {
			t.Errorf("%s: got %v, want a validation error on %s", tt.name, err, tt.field)
		}
	}
	if _, err := n.SignUp("nope", SignupInput{Name: "Ada", Email: "a@x.org", Shifts: []string{s.ID}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown event: got %v, want ErrNotFound", err)
	}
	if n.Digest() != before {
		t.Errorf("refused signups changed the store")
	}
}

func TestShiftRosterWaitlistAndCheckIn(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 2)
	var ids []string
	for _, name := range []string{"ann", "ben", "cat", "dan"} {
		res := mustSignUp(t, n, ev.ID, SignupInput{Name: name, Email: name + "@x.org", Shifts: []string{s.ID}})
		ids = append(ids, res.Signups[0].ID)
	}
	view := rosterOf(t, n, s.ID)
	if got, want := signupIDs(view.Seated), ids[:2]; !slices.Equal(got, want) {
		t.Errorf("seated: got %v, want %v", got, want)
	}
	if got, want := signupIDs(view.Waitlist), ids[2:]; !slices.Equal(got, want) {
		t.Errorf("waitlist: got %v, want %v", got, want)
	}

	if _, err := n.CancelSignup(ids[0]); err != nil {
		t.Fatal(err)
	}
	view = rosterOf(t, n, s.ID)
	if got, want := signupIDs(view.Seated), []string{ids[1], ids[2]}; !slices.Equal(got, want) {
		t.Errorf("after cancel, seated: got %v, want %v (first waiting promoted)", got, want)
	}
	if _, err := n.CheckIn(ids[0]); !isValidation(err, "status") {
		t.Errorf("check in a cancelled signup: got %v, want a validation error", err)
	}

	for range 2 {
		if got, err := n.CheckIn(ids[1]); err != nil || got.Status != "attended" {
			t.Fatalf("CheckIn: got %+v, %v", got, err)
		}
	}
	view = rosterOf(t, n, s.ID)
	if view.CheckedIn != 1 || view.Turnout != 0.5 {
		t.Errorf("turnout: got %d checked in, %v; want 1, 0.5", view.CheckedIn, view.Turnout)
	}

	// Signing up again after a cancellation joins at the back of the line.
	mustSignUp(t, n, ev.ID, SignupInput{Name: "ann", Email: "ann@x.org", Shifts: []string{s.ID}})
	view = rosterOf(t, n, s.ID)
	if got, want := signupIDs(view.Waitlist), []string{ids[3], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("waitlist after re-signup: got %v, want %v", got, want)
	}
	if _, err := n.CheckIn("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown signup: got %v, want ErrNotFound", err)
	}
	if _, err := n.ShiftRoster("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown shift: got %v, want ErrNotFound", err)
	}
}

func rosterOf(t testing.TB, n *Node, shiftID string) ShiftView {
	t.Helper()
	v, err := n.ShiftRoster(shiftID)
	if err != nil {
		t.Fatalf("ShiftRoster: %v", err)
	}
	return v
}

func signupIDs(ss []Signup) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}
