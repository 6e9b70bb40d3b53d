package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"muster/node"
)

// strongNames lists the names in <strong> in a part of a check-in page.
func strongNames(html string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<strong>([^<]+)</strong>`).FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestCheckinFindsRosterPeople: on the day, the check-in search lists the
// event's signups first and then roster people who did not sign up, by
// the start of their name or of a word of it, at most 20 and saying when
// there are more; one tap signs such a person up for the chosen shift and checks them
// in, after which they are listed with the signups.
func TestCheckinFindsRosterPeople(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 2, 2)
	if _, err := tp.node.SignUp(ev.ID, node.SignupInput{Name: "Ana Lima", Email: "ana@x.org", Shifts: []string{shifts[0].ID}}); err != nil {
		t.Fatal(err)
	}
	carlos := tp.person(t, "Carlos Ana", node.PersonPatch{})
	tp.person(t, "Bo Other", node.PersonPatch{})
	for i := range 25 {
		tp.person(t, fmt.Sprintf("Anders %02d", i), node.PersonPatch{})
	}

	_, body := tp.get(t, "/events/"+ev.ID+"/checkin?q=an")
	signups, roster, ok := strings.Cut(body, `id="roster-matches"`)
	if !ok {
		t.Fatalf("no roster matches on the page:\n%s", body)
	}
	if got := strongNames(signups[strings.Index(signups, `data-live="checkin"`):]); strings.Join(got, ",") != "Ana Lima" {
		t.Errorf("signups matching an = %v, want Ana Lima", got)
	}
	// By the word that matched, then the name: "ana" before "anders".
	got := strongNames(roster)
	if len(got) != 20 || got[0] != "Carlos Ana" || got[1] != "Anders 00" || got[19] != "Anders 18" {
		t.Errorf("roster matches = %v, want Carlos Ana, Anders 00 … Anders 18", got)
	}
	if !strings.Contains(roster, "More people match: type more of the name.") {
		t.Errorf("the page does not say that more roster people match")
	}
	if want := `<option value="` + shifts[0].ID + `" selected>`; !strings.Contains(roster, want) {
		t.Errorf("the walk-in shift does not default to the next shift")
	}

	_, body = tp.get(t, "/events/"+ev.ID+"/checkin?q=ana")
	_, roster, _ = strings.Cut(body, `id="roster-matches"`)
	if got := strongNames(roster); strings.Join(got, ",") != "Carlos Ana" {
		t.Errorf("roster matching ana = %v, want Carlos Ana (Ana Lima signed up)", got)
	}
	code, loc := tp.post(t, "/events/"+ev.ID+"/checkin/person", url.Values{"person": {carlos.ID}, "shift": {shifts[1].ID}, "q": {"ana"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "q=ana") || !strings.Contains(loc, "in=") {
		t.Fatalf("check in Carlos: %d %s, want 303 back to the search", code, loc)
	}
	_, body = tp.get(t, loc)
	if !strings.Contains(body, "Carlos Ana is checked in.") || strings.Contains(body, `id="roster-matches"`) {
		t.Errorf("after the tap Carlos is not checked in, or still listed from the roster")
	}
	v, err := tp.node.ShiftRoster(shifts[1].ID)
	if err != nil || len(v.Seated) != 1 || v.Seated[0].Person != carlos.ID || v.CheckedIn != 1 {
		t.Errorf("second shift = %+v, %v; want Carlos seated and checked in", v, err)
	}
	if code, _ := tp.post(t, "/events/"+ev.ID+"/checkin/person", url.Values{"person": {"nobody"}, "shift": {shifts[1].ID}}); code != http.StatusNotFound {
		t.Errorf("check in of no one: %d, want 404", code)
	}
}
