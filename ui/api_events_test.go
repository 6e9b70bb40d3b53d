package ui

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"muster/node"
)

type storeState struct {
	Digest string
	Ops    uint64
}

func (a *testAPI) storeState() storeState {
	return storeState{Digest: a.node.Digest().String(), Ops: a.node.Status().Ops}
}

func TestAPIEventsShiftsSignups(t *testing.T) {
	a := newTestAPI(t)
	start := time.Date(2037, 12, 5, 9, 0, 0, 0, time.UTC)

	var ev node.Event
	res := a.must(http.StatusCreated, "POST", "/api/v1/events",
		map[string]any{"title": "Weekend drive", "location": "Town hall", "lat": 52.5, "lon": 13.4}, &ev)
	if got, want := res.Header.Get("Location"), "/api/v1/events/"+ev.ID; got != want {
		t.Errorf("Location: got %q, want %q", got, want)
	}
	a.must(http.StatusOK, "PATCH", "/api/v1/events/"+ev.ID, map[string]any{"description": "Bring water"}, &ev)
	if ev.Description != "Bring water" || ev.Title != "Weekend drive" {
		t.Errorf("after patch: got %+v", ev)
	}

	var sh node.Shift
	res = a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/shifts", map[string]any{
		"start": start.Format(time.RFC3339), "end": start.Add(3 * time.Hour).Format(time.RFC3339),
		"capacity": 3, "skills": []string{"driving"}}, &sh)
	if got, want := res.Header.Get("Location"), "/api/v1/shifts/"+sh.ID; got != want {
		t.Errorf("shift Location: got %q, want %q", got, want)
	}
	a.must(http.StatusOK, "PATCH", "/api/v1/shifts/"+sh.ID, map[string]any{"capacity": 2}, &sh)
	if sh.Capacity != 2 || !slices.Equal(sh.Skills, []string{"driving"}) {
		t.Errorf("shift after patch: got %+v", sh)
	}

	var got struct {
		node.Event
		Shifts []node.Shift `json:"shifts"`
	}
	a.must(http.StatusOK, "GET", "/api/v1/events/"+ev.ID, nil, &got)
	if got.ID != ev.ID || len(got.Shifts) != 1 || got.Shifts[0].ID != sh.ID {
		t.Errorf("get event: got %+v", got)
	}
	var list struct{ Events []node.Event }
	a.must(http.StatusOK, "GET", "/api/v1/events", nil, &list)
	if len(list.Events) != 1 {
		t.Errorf("list: got %d events, want 1", len(list.Events))
	}

	var signups []string
	for _, name := range []string{"ann", "ben", "cat"} {
		var r node.SignupResult
		a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/signup", map[string]any{
			"name": name, "email": name + "@x.org", "shifts": []string{sh.ID}, "consent_email": true}, &r)
		if r.Person.Name != name || len(r.Signups) != 1 {
			t.Fatalf("signup: got %+v", r)
		}
		signups = append(signups, r.Signups[0].ID)
	}
	var view node.ShiftView
	a.must(http.StatusOK, "GET", "/api/v1/shifts/"+sh.ID, nil, &view)
	if len(view.Seated) != 2 || len(view.Waitlist) != 1 || view.Waitlist[0].ID != signups[2] {
		t.Fatalf("shift view: got %+v", view)
	}

	a.must(http.StatusOK, "POST", "/api/v1/signups/"+signups[0]+"/cancel", nil, nil)
	var su node.Signup
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+signups[2]+"/checkin", nil, &su)
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+signups[2]+"/checkin", nil, &su)
	if su.Status != "attended" {
		t.Errorf("checkin: got status %q", su.Status)
	}
	a.must(http.StatusOK, "GET", "/api/v1/shifts/"+sh.ID, nil, &view)
	if len(view.Seated) != 2 || view.Seated[1].ID != signups[2] || view.CheckedIn != 1 || view.Turnout != 0.5 {
		t.Errorf("after cancel and check-in: got %+v", view)
	}

	var dup node.Event
	res = a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/duplicate", map[string]any{"offset_days": 7}, &dup)
	if dup.ID == ev.ID || dup.Title != ev.Title || res.Header.Get("Location") != "/api/v1/events/"+dup.ID {
		t.Errorf("duplicate: got %+v", dup)
	}
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/duplicate", nil, nil)

	var copied node.Shift
	res = a.must(http.StatusCreated, "POST", "/api/v1/shifts/"+sh.ID+"/duplicate", map[string]any{"offset_days": 1}, &copied)
	if copied.ID == sh.ID || copied.Event != ev.ID || !copied.Start.Equal(sh.Start.Add(24*time.Hour)) || copied.Capacity != sh.Capacity ||
		res.Header.Get("Location") != "/api/v1/shifts/"+copied.ID {
		t.Errorf("shift duplicate: got %+v from %+v", copied, sh)
	}

	a.must(http.StatusOK, "POST", "/api/v1/shifts/"+sh.ID+"/cancel", nil, &sh)
	if sh.Status != "cancelled" {
		t.Errorf("shift cancel: got %q", sh.Status)
	}
	a.must(http.StatusOK, "POST", "/api/v1/events/"+ev.ID+"/cancel", nil, &ev)
	if ev.Status != "cancelled" {
		t.Errorf("event cancel: got %q", ev.Status)
	}
	a.must(http.StatusOK, "GET", "/api/v1/events?status=active", nil, &list)
	if len(list.Events) != 2 {
		t.Errorf("active events: got %d, want the 2 copies", len(list.Events))
	}
}

func TestAPIEventsBadInputChangesNothing(t *testing.T) {
	a := newTestAPI(t)
	var ev node.Event
	a.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Drive"}, &ev)
	start := time.Date(2037, 12, 5, 9, 0, 0, 0, time.UTC).Format(time.RFC3339)
	var sh node.Shift
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/shifts",
		map[string]any{"start": start, "end": "2037-12-05T12:00:00Z", "capacity": 1}, &sh)
	var r node.SignupResult
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/signup",
		map[string]any{"name": "Ann", "phone": "555 0100", "shifts": []string{sh.ID}}, &r)
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+r.Signups[0].ID+"/cancel", nil, nil)

	before := a.storeState()
	tests := []struct {
		method, path string
		body         any
		want         int
	}{
		{"POST", "/api/v1/events", map[string]any{}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/events", map[string]any{"title": "x", "colour": "red"}, http.StatusBadRequest},
		{"POST", "/api/v1/events", map[string]any{"title": "x", "lat": 95, "lon": 0}, http.StatusUnprocessableEntity},
		{"PATCH", "/api/v1/events/" + ev.ID, map[string]any{"title": ""}, http.StatusUnprocessableEntity},
		{"PATCH", "/api/v1/events/nope", map[string]any{"title": "x"}, http.StatusNotFound},
		{"POST", "/api/v1/events/nope/cancel", nil, http.StatusNotFound},
		{"POST", "/api/v1/events/" + ev.ID + "/duplicate", map[string]any{"offset_days": "soon"}, http.StatusBadRequest},
		{"POST", "/api/v1/events/" + ev.ID + "/shifts", map[string]any{"start": start, "end": start, "capacity": 1}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/events/" + ev.ID + "/shifts", map[string]any{"start": start, "end": "2037-12-05T12:00:00Z", "capacity": 0}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/events/" + ev.ID + "/shifts", map[string]any{"start": "tomorrow", "capacity": 1}, http.StatusBadRequest},
		{"PATCH", "/api/v1/shifts/" + sh.ID, map[string]any{"capacity": -1}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/shifts/nope/cancel", nil, http.StatusNotFound},
		{"POST", "/api/v1/shifts/nope/duplicate", nil, http.StatusNotFound},
		{"POST", "/api/v1/shifts/" + sh.ID + "/duplicate", map[string]any{"offset_days": 99999}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/shifts/" + sh.ID + "/duplicate", map[string]any{"days": 1}, http.StatusBadRequest},
		{"GET", "/api/v1/shifts/BAD!", nil, http.StatusBadRequest},
		{"POST", "/api/v1/events/" + ev.ID + "/signup", map[string]any{"name": "Bo", "shifts": []string{sh.ID}}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/events/" + ev.ID + "/signup", map[string]any{"name": "Bo", "email": "bo@x.org", "shifts": []string{"nope"}}, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/events/" + ev.ID + "/signup", map[string]any{"name": "Bo", "email": "bo@x.org", "shifts": "all"}, http.StatusBadRequest},
		{"POST", "/api/v1/signups/" + r.Signups[0].ID + "/checkin", nil, http.StatusUnprocessableEntity},
		{"POST", "/api/v1/signups/nope/checkin", nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		a.must(tt.want, tt.method, tt.path, tt.body, nil)
	}
	if got := a.storeState(); got != before {
		t.Errorf("refused requests changed the store: %+v, want %+v", got, before)
	}
}
