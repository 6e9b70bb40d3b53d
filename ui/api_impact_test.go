package ui

import (
	"net/http"
	"testing"

	"muster/node"
)

func TestAPIImpact(t *testing.T) {
	a := newTestAPI(t)
	_, _, next, ann := driveWithCheckIn(t, a)
	var got node.Impact
	a.must(http.StatusOK, "GET", "/api/v1/people/"+ann.Person.ID+"/impact", nil, &got)
	if got.ShiftsAttended != 1 || got.Hours != 2 || got.Hours7d != 2 || got.Hours30d != 2 || got.EventsHelped != 1 {
		t.Errorf("got %+v, want 1 shift, 2 h in every window, 1 event", got)
	}
	if len(got.Upcoming) != 1 || got.Upcoming[0].Shift != next.ID {
		t.Errorf("upcoming: got %+v, want %s", got.Upcoming, next.ID)
	}
	cases := []struct {
		path string
		want int
	}{
		{"/api/v1/people/nope/impact", http.StatusNotFound},
		{"/api/v1/people/NOPE!/impact", http.StatusBadRequest},
	}
	for _, c := range cases {
		if got := a.do("GET", c.path, nil); got.Status != c.want {
			t.Errorf("GET %s: got %d, want %d; body %s", c.path, got.Status, c.want, got.Body)
		}
	}
}
