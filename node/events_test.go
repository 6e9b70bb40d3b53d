package node

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var shiftStart = time.Date(2037, 12, 5, 9, 0, 0, 0, time.UTC)

func mustEvent(t testing.TB, n *Node, title string) Event {
	t.Helper()
	ev, err := n.CreateEvent(EventPatch{Title: &title})
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	return ev
}

func mustShift(t testing.TB, n *Node, eventID string, capacity int) Shift {
	t.Helper()
	end := shiftStart.Add(3 * time.Hour)
	s, err := n.CreateShift(eventID, ShiftPatch{Start: &shiftStart, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatalf("CreateShift: %v", err)
	}
	return s
}

func TestEventLifecycle(t *testing.T) {
	n := openTest(t, t.TempDir())
	camp, err := n.CreateCampaign(CampaignPatch{Title: ptr("River")})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := n.CreateEvent(EventPatch{Title: ptr(" Clean-up "), Location: ptr("North bank"),
		Lat: ptr(52.5), Lon: ptr(13.4), Campaign: &camp.ID})
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	if ev.Title != "Clean-up" || ev.Status != "active" || ev.Campaign != camp.ID || ev.Lat == nil || *ev.Lat != 52.5 || *ev.Lon != 13.4 {
		t.Errorf("created: got %+v", ev)
	}
	ev, err = n.UpdateEvent(ev.ID, EventPatch{Description: ptr("Bring gloves"), Location: ptr("")})
	if err != nil || ev.Description != "Bring gloves" || ev.Location != "" || ev.Title != "Clean-up" {
		t.Errorf("updated: got %+v, %v", ev, err)
	}
	s := mustShift(t, n, ev.ID, 5)
	if got, want := s.Event, ev.ID; got != want {
		t.Errorf("shift event: got %q, want %q", got, want)
	}
	list, err := n.Events(EventQuery{Campaign: camp.ID})
	if err != nil || len(list) != 1 || list[0].ID != ev.ID {
		t.Errorf("Events: got %+v, %v", list, err)
	}
	ev, err = n.CancelEvent(ev.ID)
	if err != nil || ev.Status != "cancelled" {
		t.Fatalf("CancelEvent: got %+v, %v", ev, err)
	}
	if s, _ = n.Shift(s.ID); s.Status != "cancelled" {
		t.Errorf("shift of a cancelled event: status %q, want cancelled", s.Status)
	}
	if _, err := n.SignUp(ev.ID, SignupInput{Name: "Ada", Email: "a@x.org", Shifts: []string{s.ID}}); !isValidation(err, "event") {
		t.Errorf("signup to a cancelled event: got %v, want a validation error on event", err)
	}
	if _, err := n.Event("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown event: got %v, want ErrNotFound", err)
	}
}

func TestShiftLifecycle(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	later := shiftStart.Add(24 * time.Hour)
	end := later.Add(time.Hour)
	s2, err := n.CreateShift(ev.ID, ShiftPatch{Title: ptr("Day 2"), Start: &later, End: &end, Capacity: ptr(2),
		Skills: &[]string{"Driving", "driving"}, Roles: &[]string{"lead"}})
	if err != nil {
		t.Fatalf("CreateShift: %v", err)
	}
	if !slices.Equal(s2.Skills, []string{"driving"}) || !slices.Equal(s2.Roles, []string{"lead"}) || !s2.Start.Equal(later) {
		t.Errorf("created: got %+v", s2)
	}
	s1 := mustShift(t, n, ev.ID, 4)
	shifts, err := n.Shifts(ev.ID)
	if err != nil || len(shifts) != 2 || shifts[0].ID != s1.ID || shifts[1].ID != s2.ID {
		t.Fatalf("Shifts: got %+v, %v; want by start", shifts, err)
	}
	s2, err = n.UpdateShift(s2.ID, ShiftPatch{Capacity: ptr(10), Skills: &[]string{"first aid"}})
	if err != nil || s2.Capacity != 10 || !slices.Equal(s2.Skills, []string{"first aid"}) || s2.Title != "Day 2" {
		t.Errorf("updated: got %+v, %v", s2, err)
	}
	if _, err := n.UpdateShift(s2.ID, ShiftPatch{End: ptr(later.Add(-time.Hour))}); !isValidation(err, "end") {
		t.Errorf("end before start: got %v, want a validation error on end", err)
	}
	if s2, err = n.CancelShift(s2.ID); err != nil || s2.Status != "cancelled" {
		t.Errorf("CancelShift: got %+v, %v", s2, err)
	}
	if _, err := n.CreateShift("nope", ShiftPatch{Start: &later, End: &end, Capacity: ptr(1)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("shift of an unknown event: got %v, want ErrNotFound", err)
	}
}

// TestDuplicateShift: a shift copied a day later in the same event keeps
// its seats, title, skills and roles, and none of its signups.
func TestDuplicateShift(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Saturday")
	s := mustShift(t, n, ev.ID, 2)
	if _, err := n.UpdateShift(s.ID, ShiftPatch{Title: ptr("Morning"), Skills: &[]string{"first aid"}, Roles: &[]string{"lead"}}); err != nil {
		t.Fatal(err)
	}
	mustSignUp(t, n, ev.ID, SignupInput{Name: "Ana", Email: "ana@x.org", Shifts: []string{s.ID}})
	c, err := n.DuplicateShift(s.ID, 1)
	if err != nil {
		t.Fatalf("DuplicateShift: %v", err)
	}
	if c.ID == s.ID || c.Event != ev.ID || c.Title != "Morning" || c.Capacity != 2 || c.Status != "active" ||
		!c.Start.Equal(s.Start.Add(24*time.Hour)) || !c.End.Equal(s.End.Add(24*time.Hour)) ||
		!slices.Equal(c.Skills, []string{"first aid"}) || !slices.Equal(c.Roles, []string{"lead"}) {
		t.Errorf("copy: got %+v from %+v", c, s)
	}
	if v, err := n.ShiftRoster(c.ID); err != nil || len(v.Seated)+len(v.Waitlist) != 0 {
		t.Errorf("the copy has signups: %+v, %v", v, err)
	}
	if shifts, _ := n.Shifts(ev.ID); len(shifts) != 2 {
		t.Errorf("event has %d shifts after the copy, want 2", len(shifts))
	}
	if _, err := n.DuplicateShift(s.ID, 5000); !errors.As(err, new(*ValidationError)) {
		t.Errorf("offset of 5000 days: got %v, want a validation error", err)
	}
	if _, err := n.DuplicateShift("nope", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("duplicate unknown: got %v, want ErrNotFound", err)
	}
}

func TestDuplicateEvent(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Saturday")
	s := mustShift(t, n, ev.ID, 3)
	gone := mustShift(t, n, ev.ID, 3)
	if _, err := n.CancelShift(gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := n.UpdateShift(s.ID, ShiftPatch{Roles: &[]string{"lead"}}); err != nil {
		t.Fatal(err)
	}
	dup, err := n.DuplicateEvent(ev.ID, DuplicateInput{Title: ptr("Next Saturday"), OffsetDays: 7})
	if err != nil {
		t.Fatalf("DuplicateEvent: %v", err)
	}
	if dup.ID == ev.ID || dup.Title != "Next Saturday" || dup.Status != "active" {
		t.Errorf("copy: got %+v", dup)
	}
	shifts, err := n.Shifts(dup.ID)
	if err != nil || len(shifts) != 1 {
		t.Fatalf("copied shifts: got %+v, %v; want the one active shift", shifts, err)
	}
	c := shifts[0]
	if !c.Start.Equal(s.Start.Add(7*24*time.Hour)) || c.Capacity != 3 || !slices.Equal(c.Roles, []string{"lead"}) || c.Event != dup.ID {
		t.Errorf("copied shift: got %+v from %+v", c, s)
	}
	if _, err := n.DuplicateEvent("nope", DuplicateInput{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("duplicate unknown: got %v, want ErrNotFound", err)
	}
}

func TestEventValidation(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Drive")
	end := shiftStart.Add(time.Hour)
	before := n.Digest()
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"event without title", second(n.CreateEvent(EventPatch{})), "title"},
		{"lat without lon", second(n.CreateEvent(EventPatch{Title: ptr("x"), Lat: ptr(1.0)})), "lat"},
		{"lon out of range", second(n.CreateEvent(EventPatch{Title: ptr("x"), Lat: ptr(1.0), Lon: ptr(200.0)})), "lon"},
		{"unknown campaign", second(n.CreateEvent(EventPatch{Title: ptr("x"), Campaign: ptr("nope")})), "campaign"},
		{"blank title", second(n.UpdateEvent(ev.ID, EventPatch{Title: ptr(" ")})), "title"},
		{"shift without start", second(n.CreateShift(ev.ID, ShiftPatch{End: &end, Capacity: ptr(1)})), "start"},
		{"shift without capacity", second(n.CreateShift(ev.ID, ShiftPatch{Start: &shiftStart, End: &end})), "capacity"},
		{"zero capacity", second(n.CreateShift(ev.ID, ShiftPatch{Start: &shiftStart, End: &end, Capacity: ptr(0)})), "capacity"},
		{"end before start", second(n.CreateShift(ev.ID, ShiftPatch{Start: &end, End: &shiftStart, Capacity: ptr(1)})), "end"},
		{"bad offset", second(n.DuplicateEvent(ev.ID, DuplicateInput{OffsetDays: 100000})), "offset_days"},
	}
	for _, tt := range tests {
		if !isValidation(tt.err, tt.field) {
			t.Errorf("%s: got %v, want a validation error on %s", tt.name, tt.err, tt.field)
		}
	}
	if n.Digest() != before {
		t.Errorf("refused input changed the store")
	}
}

func second[T any](_ T, err error) error { return err }

func isValidation(err error, field string) bool {
	var v *ValidationError
	if !errors.As(err, &v) {
		return false
	}
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
