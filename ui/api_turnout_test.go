package ui

import (
	"net/http"
	"testing"
	"time"

	"muster/node"
)

// driveWithCheckIn sets up an event with a shift that ended yesterday and
// one next week: ann is seated on both and checked in (through the API) on
// the first; ben waits for the first, which has one seat.
func driveWithCheckIn(t *testing.T, a *testAPI) (node.Event, node.Shift, node.Shift, node.SignupResult) {
	t.Helper()
	title := "Drive"
	ev, err := a.node.CreateEvent(node.EventPatch{Title: &title})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Truncate(time.Hour)
	past := mustAPIShift(t, a, ev.ID, day.Add(-26*time.Hour), 1)
	next := mustAPIShift(t, a, ev.ID, day.Add(7*24*time.Hour), 3)
	ann, err := a.node.SignUp(ev.ID, node.SignupInput{Name: "ann", Email: "ann@x.org", Shifts: []string{past.ID, next.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.node.SignUp(ev.ID, node.SignupInput{Name: "ben", Email: "ben@x.org", Shifts: []string{past.ID}}); err != nil {
		t.Fatal(err)
	}
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+ann.Signups[0].ID+"/checkin", nil, nil)
	return ev, past, next, ann
}

func mustAPIShift(t *testing.T, a *testAPI, eventID string, start time.Time, capacity int) node.Shift {
	t.Helper()
	end := start.Add(2 * time.Hour)
	s, err := a.node.CreateShift(eventID, node.ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAPITurnout(t *testing.T) {
	a := newTestAPI(t)
	ev, past, next, ann := driveWithCheckIn(t, a)
	// ann confirms the next shift: confirmed counts the seated who did.
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+ann.Signups[1].ID+"/confirm", nil, nil)
	var got node.EventTurnout
	a.must(http.StatusOK, "GET", "/api/v1/events/"+ev.ID+"/turnout", nil, &got)
	if got.Event != ev.ID || len(got.Shifts) != 2 || got.Shifts[0].Shift != past.ID || got.Shifts[1].Shift != next.ID {
		t.Fatalf("got %+v, want the event's two shifts by start", got)
	}
	// No no-shows: ann came to the past shift; the next has not ended.
	want := node.TurnoutCounts{Confirmed: 1, CheckedIn: 1, Turnout: 0.5, Seated: 2, Waitlisted: 1}
	if got.Total != want {
		t.Errorf("total: got %+v, want %+v", got.Total, want)
	}
	cases := []struct {
		path string
		want int
	}{
		{"/api/v1/events/nope/turnout", http.StatusNotFound},
		{"/api/v1/events/NOPE!/turnout", http.StatusBadRequest},
	}
	for _, c := range cases {
		if got := a.do("GET", c.path, nil); got.Status != c.want {
			t.Errorf("GET %s: got %d, want %d; body %s", c.path, got.Status, c.want, got.Body)
		}
	}
}
