package node

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// scanByContact is the full scan the contact index replaced: the first
// visible person in id order with the email, else with the phone.
func scanByContact(t *testing.T, n *Node, email, phone string) string {
	t.Helper()
	var byEmail, byPhone string
	err := n.view(func(txn *badger.Txn) error {
		return scanVisible(txn, entityPrefix(TypePerson), func(e *crdt.Entity) error {
			if byEmail == "" && email != "" && normalizeEmail(str(e, fieldEmail)) == email {
				byEmail = e.ID
			}
			if byPhone == "" && phone != "" && normalizePhone(str(e, fieldPhone)) == phone {
				byPhone = e.ID
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if byEmail != "" {
		return byEmail
	}
	return byPhone
}

// indexedByContact asks the contact index the way SignUp does.
func indexedByContact(t *testing.T, n *Node, email, phone string) string {
	t.Helper()
	var id string
	err := n.view(func(txn *badger.Txn) error {
		e, err := n.findByContact(txn, email, phone)
		if e != nil {
			id = e.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestContactIndexPicksWhatTheScanPicked: on a roster where emails and
// phones repeat (shared family phones, one email written in two ways),
// edited, some people erased, on two nodes merged by sync, and after a
// restart from the snapshot, the index finds for every contact the same
// person the full scan found.
func TestContactIndexPicksWhatTheScanPicked(t *testing.T) {
	rng := seeded(t)
	dirA := t.TempDir()
	a, b := openTest(t, dirA), openTest(t, t.TempDir())
	email := func(i int) string { return fmt.Sprintf("p%d@x.org", i%7) }
	phone := func(i int) string { return fmt.Sprintf("+1 555 01%02d", i%5) }
	var people []Person
	for i := range 40 {
		n := []*Node{a, b}[i%2]
		pp := PersonPatch{Name: ptr(fmt.Sprintf("P %d", i))}
		switch i % 3 {
		case 0:
			pp.Email = ptr(strings.ToUpper(email(i)) + " ")
		case 1:
			pp.Phone = ptr(phone(i))
		default:
			pp.Email, pp.Phone = ptr(email(i)), ptr(phone(i))
		}
		p, err := n.CreatePerson(pp)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, p)
	}
	check := func(what string, nodes ...*Node) {
		t.Helper()
		for _, n := range nodes {
			for i := range 8 {
				for _, c := range [][2]string{{email(i), ""}, {"", normalizePhone(phone(i))}, {email(i), normalizePhone(phone(i + 1))}, {"nobody@x.org", normalizePhone(phone(i))}} {
					if got, want := indexedByContact(t, n, c[0], c[1]), scanByContact(t, n, c[0], c[1]); got != want {
						t.Errorf("%s: contact %q %q: index picks %q, scan picks %q", what, c[0], c[1], got, want)
					}
				}
			}
		}
	}
	check("apart", a, b)
	exchange(t, rng, a, b)
	check("merged", a, b)
	for _, i := range rng.Perm(len(people))[:10] {
		n := []*Node{a, b}[rng.Intn(2)]
		if rng.Intn(2) == 0 {
			if err := n.DeletePerson(people[i].ID); err != nil && !errors.Is(err, ErrNotFound) {
				t.Fatal(err)
			}
			continue
		}
		if _, err := n.UpdatePerson(people[i].ID, PersonPatch{Email: ptr(email(i + 3)), Phone: ptr("")}); err != nil {
			t.Fatal(err)
		}
	}
	check("edited apart", a, b)
	exchange(t, rng, a, b)
	check("edited and merged", a, b)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a = openTest(t, dirA)
	check("restarted", a)
}

// TestSignUpFindsTheRosterPerson: a signup by a contact someone on the
// roster has (written differently) signs that person up; once they are
// erased on another node and the nodes sync, the same contact makes a new
// person.
func TestSignUpFindsTheRosterPerson(t *testing.T) {
	rng := seeded(t)
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	ev := mustEvent(t, a, "Drive")
	s := mustShift(t, a, ev.ID, 5)
	ada, err := b.CreatePerson(PersonPatch{Name: ptr("Ada Lovelace"), Email: ptr("Ada@Example.org"), Phone: ptr("+44 20 7946 0000")})
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, a, b)
	for _, in := range []SignupInput{
		{Name: "Ada", Email: " ADA@example.org", Shifts: []string{s.ID}},
		{Name: "Ada", Phone: "+44 (20) 7946-0000", Shifts: []string{s.ID}},
	} {
		res := mustSignUp(t, a, ev.ID, in)
		if got, want := res.Person.ID, ada.ID; got != want {
			t.Errorf("signup by %q%q: person %s, want Ada %s", in.Email, in.Phone, got, want)
		}
	}
	// Read-your-writes: a person created a moment ago is found at once.
	bo, err := a.CreatePerson(PersonPatch{Name: ptr("Bo"), Phone: ptr("+1 555 0100")})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustSignUp(t, a, ev.ID, SignupInput{Name: "Bo", Phone: "+15550100", Shifts: []string{s.ID}}); got.Person.ID != bo.ID {
		t.Errorf("signup right after creating Bo: person %s, want %s", got.Person.ID, bo.ID)
	}

	if err := b.DeletePerson(ada.ID); err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, a, b)
	res := mustSignUp(t, a, ev.ID, SignupInput{Name: "Ada again", Email: "ada@example.org", Shifts: []string{s.ID}})
	if res.Person.ID == ada.ID || res.Person.Name != "Ada again" {
		t.Errorf("after erasure the signup found %s %q, want a new person", res.Person.ID, res.Person.Name)
	}
}

func namesOf(ps []RosterMatch) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// TestSearchRoster: the check-in search finds people by the start of
// their name or of any word of it, by the word that matched and then the
// name, up to a limit and saying whether there are more, and follows
// renames, erasures, syncs and restarts.
func TestSearchRoster(t *testing.T) {
	rng := seeded(t)
	dir := t.TempDir()
	a, b := openTest(t, dir), openTest(t, t.TempDir())
	ids := map[string]string{}
	for _, name := range []string{"Ana Lima", "Lima Chen", "Anabel", "Bo Ana", "Ana  Ana", "Carlos Díaz", "Dana"} {
		ids[name] = mustCreate(t, a, name).ID
	}
	exchange(t, rng, a, b)
	cases := []struct {
		q     string
		limit int
		want  []string
		more  bool
	}{
		{"ana", 20, []string{"Ana  Ana", "Ana Lima", "Bo Ana", "Anabel"}, false},
		{"ANA", 2, []string{"Ana  Ana", "Ana Lima"}, true},
		{"ana", 4, []string{"Ana  Ana", "Ana Lima", "Bo Ana", "Anabel"}, false},
		{"lim", 20, []string{"Ana Lima", "Lima Chen"}, false},
		{"ana l", 20, []string{"Ana Lima"}, false},
		{"díaz", 20, []string{"Carlos Díaz"}, false},
		{"x", 20, []string{}, false},
		{"", 20, []string{}, false},
	}
	for _, n := range []*Node{a, b} {
		for _, c := range cases {
			got, err := n.SearchRoster(c.q, c.limit, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(namesOf(got.People), c.want) || got.More != c.more {
				t.Errorf("search %q limit %d = %q more %v, want %q more %v", c.q, c.limit, namesOf(got.People), got.More, c.want, c.more)
			}
		}
	}
	skipAna := func(id string) bool { return id == ids["Ana Lima"] }
	if got, _ := a.SearchRoster("ana", 3, skipAna); !slices.Equal(namesOf(got.People), []string{"Ana  Ana", "Bo Ana", "Anabel"}) || got.More {
		t.Errorf("search ana skipping Ana Lima = %q more %v", namesOf(got.People), got.More)
	}

	if _, err := b.UpdatePerson(ids["Bo Ana"], PersonPatch{Name: ptr("Bo Smith")}); err != nil {
		t.Fatal(err)
	}
	if err := b.DeletePerson(ids["Anabel"]); err != nil {
		t.Fatal(err)
	}
	exchange(t, rng, a, b)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a = openTest(t, dir) // from the snapshot
	for _, n := range []*Node{a, b} {
		got, _ := n.SearchRoster("ana", 20, nil)
		if want := []string{"Ana  Ana", "Ana Lima"}; !slices.Equal(namesOf(got.People), want) {
			t.Errorf("after rename and erasure, search ana = %q, want %q", namesOf(got.People), want)
		}
		if got, _ := n.SearchRoster("smi", 20, nil); !slices.Equal(namesOf(got.People), []string{"Bo Smith"}) {
			t.Errorf("search smi = %q, want Bo Smith", namesOf(got.People))
		}
	}
}

// TestCheckInPerson: a roster person who did not sign up is signed up and
// checked in with one call; again changes nothing; someone signed up is
// just checked in; a cancelled event refuses.
func TestCheckInPerson(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	s := mustShift(t, n, ev.ID, 2)
	vera := mustCreate(t, n, "Vera")
	got, err := n.CheckInPerson(ev.ID, s.ID, vera.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Person != vera.ID || got.Status != signupAttended || got.Shift != s.ID {
		t.Errorf("walk-in = %+v, want Vera attended on the shift", got)
	}
	ops := n.Status().Ops
	if _, err := n.CheckInPerson(ev.ID, s.ID, vera.ID); err != nil {
		t.Fatal(err)
	}
	if d := n.Status().Ops - ops; d != 0 {
		t.Errorf("a second walk-in wrote %d ops, want 0", d)
	}
	bo := mustSignUp(t, n, ev.ID, SignupInput{Name: "Bo", Phone: "+1555", Shifts: []string{s.ID}})
	if got, err := n.CheckInPerson(ev.ID, s.ID, bo.Person.ID); err != nil || got.ID != bo.Signups[0].ID || got.Status != signupAttended {
		t.Errorf("walk-in of Bo, signed up = %+v, %v; want his signup checked in", got, err)
	}
	v := rosterOf(t, n, s.ID)
	if v.CheckedIn != 2 {
		t.Errorf("checked in = %d, want 2", v.CheckedIn)
	}
	if _, err := n.CheckInPerson(ev.ID, s.ID, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("walk-in of no one: %v, want not found", err)
	}
	if _, err := n.CancelEvent(ev.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := n.CheckInPerson(ev.ID, s.ID, mustCreate(t, n, "Cy").ID); !isValidation(err, "event") {
		t.Errorf("walk-in to a cancelled event: %v, want a validation error", err)
	}
}
