package node

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// impactNow is the fixed "now" of the impact tests.
var impactNow = time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)

func shiftAt(t testing.TB, n *Node, eventID string, start time.Time, hours, capacity int) Shift {
	t.Helper()
	end := start.Add(time.Duration(hours) * time.Hour)
	s, err := n.CreateShift(eventID, ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatalf("CreateShift: %v", err)
	}
	return s
}

func signUpFor(t testing.TB, n *Node, eventID, name string, shifts ...string) []string {
	t.Helper()
	res := mustSignUp(t, n, eventID, SignupInput{Name: name, Email: name + "@x.org", Shifts: shifts})
	return signupIDs(res.Signups)
}

func mustCheckIn(t testing.TB, n *Node, signupID string) {
	t.Helper()
	if _, err := n.CheckIn(signupID); err != nil {
		t.Fatalf("CheckIn %s: %v", signupID, err)
	}
}

// drive is the tests' volunteer drive: two events, past and future shifts,
// a cancelled signup, people on the waitlist and a cancelled shift.
type drive struct {
	drive, cleanup     Event
	s1, s2, s3, s4, b1 Shift
	ann, ben, cat, eve string // person ids
}

func newDrive(t *testing.T, n *Node) drive {
	d := drive{drive: mustEvent(t, n, "Drive"), cleanup: mustEvent(t, n, "Cleanup")}
	d.s1 = shiftAt(t, n, d.drive.ID, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), 3, 2)
	d.s2 = shiftAt(t, n, d.drive.ID, time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC), 2, 1)
	d.s3 = shiftAt(t, n, d.drive.ID, time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC), 4, 1)
	d.s4 = shiftAt(t, n, d.drive.ID, time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC), 4, 1)
	d.b1 = shiftAt(t, n, d.cleanup.ID, time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC), 4, 3)

	ann := signUpFor(t, n, d.drive.ID, "ann", d.s1.ID, d.s2.ID, d.s3.ID)
	annB := signUpFor(t, n, d.cleanup.ID, "ann", d.b1.ID)
	signUpFor(t, n, d.drive.ID, "ben", d.s1.ID, d.s4.ID)
	dan := signUpFor(t, n, d.drive.ID, "dan", d.s1.ID)
	if _, err := n.CancelSignup(dan[0]); err != nil {
		t.Fatal(err)
	}
	signUpFor(t, n, d.drive.ID, "cat", d.s1.ID, d.s2.ID, d.s3.ID)
	eve := signUpFor(t, n, d.drive.ID, "eve", d.s1.ID)
	if _, err := n.CancelShift(d.s4.ID); err != nil {
		t.Fatal(err)
	}
	// eve is let in from the waitlist at the door.
	for _, id := range []string{ann[0], ann[1], annB[0], eve[0]} {
		mustCheckIn(t, n, id)
	}
	d.ann, d.ben = contactID("ann@x.org", ""), contactID("ben@x.org", "")
	d.cat, d.eve = contactID("cat@x.org", ""), contactID("eve@x.org", "")
	return d
}

func TestEventTurnout(t *testing.T) {
	n, err := Open(Config{Dir: t.TempDir(), Now: func() time.Time { return impactNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	d := newDrive(t, n)
	// ben confirmed s1 and did not come; cat confirmed s3, still ahead.
	for _, id := range []string{childID(d.s1.ID, d.ben), childID(d.s3.ID, d.cat)} {
		if _, err := n.ConfirmSignup(id); err != nil {
			t.Fatal(err)
		}
	}
	got, err := n.EventTurnout(d.drive.ID)
	if err != nil {
		t.Fatalf("EventTurnout: %v", err)
	}
	want := map[string]TurnoutCounts{
		// ann and ben seated, cat and eve waiting, dan cancelled; ann
		// came, and eve from the waitlist.
		d.s1.ID: {Confirmed: 1, CheckedIn: 1, Turnout: 0.5, Seated: 2, Waitlisted: 2, NoShows: 1, Cancelled: 1, WaitlistCheckedIn: 1},
		d.s2.ID: {CheckedIn: 1, Turnout: 1, Seated: 1, Waitlisted: 1},
		d.s3.ID: {Seated: 1, Waitlisted: 1}, // ahead: no no-shows yet
		d.s4.ID: {Seated: 1},                // cancelled: no one was expected
	}
	if got, want := len(got.Shifts), len(want); got != want {
		t.Fatalf("shifts: got %d, want %d", got, want)
	}
	for _, st := range got.Shifts {
		if st.TurnoutCounts != want[st.Shift] {
			t.Errorf("shift %s: got %+v, want %+v", st.Shift, st.TurnoutCounts, want[st.Shift])
		}
	}
	if got, want := got.Shifts[3].Status, "cancelled"; got != want {
		t.Errorf("last shift status: got %q, want %q", got, want)
	}
	// The cancelled shift s4 stays out of the total.
	total := TurnoutCounts{Confirmed: 1, CheckedIn: 2, Turnout: 0.5, Seated: 4, Waitlisted: 4, NoShows: 1, Cancelled: 1, WaitlistCheckedIn: 1}
	if got.Total != total {
		t.Errorf("total: got %+v, want %+v", got.Total, total)
	}
	// The same rule as the shift roster.
	view := rosterOf(t, n, d.s1.ID)
	if view.CheckedIn != got.Shifts[0].CheckedIn || view.Turnout != got.Shifts[0].Turnout {
		t.Errorf("roster says %d, %v; turnout says %+v", view.CheckedIn, view.Turnout, got.Shifts[0])
	}
	if _, err := n.EventTurnout("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown event: got %v, want ErrNotFound", err)
	}
}

func TestPersonImpact(t *testing.T) {
	n := openTest(t, t.TempDir())
	d := newDrive(t, n)
	got, err := n.PersonImpact(d.ann, impactNow)
	if err != nil {
		t.Fatalf("PersonImpact: %v", err)
	}
	// s1 (3 h, 5 days ago), s2 (2 h, yesterday), b1 (4 h, 39 days ago).
	if got.ShiftsAttended != 3 || got.Hours != 9 || got.Hours7d != 5 || got.Hours30d != 5 || got.EventsHelped != 2 {
		t.Errorf("ann: got %d shifts, %v h, %v h in 7 days, %v h in 30 days, %d events; want 3, 9, 5, 5, 2",
			got.ShiftsAttended, got.Hours, got.Hours7d, got.Hours30d, got.EventsHelped)
	}
	if got, want := upcomingShifts(got), []string{d.s3.ID}; !slices.Equal(got, want) {
		t.Errorf("ann upcoming: got %v, want %v", got, want)
	}
	if !got.At.Equal(impactNow) || got.Name != "ann" {
		t.Errorf("ann: got at %v name %q", got.At, got.Name)
	}
	var attended []string
	for _, a := range got.Attended {
		attended = append(attended, a.Shift+" "+a.EventTitle)
	}
	if want := []string{d.b1.ID + " Cleanup", d.s1.ID + " Drive", d.s2.ID + " Drive"}; !slices.Equal(attended, want) {
		t.Errorf("ann attended: got %v, want %v (by start, with the event's title)", attended, want)
	}
	if got.NoShows != 0 || got.TasksDone != 0 {
		t.Errorf("ann: got %d no-shows, %d tasks done; want 0, 0", got.NoShows, got.TasksDone)
	}

	cases := []struct {
		name, person string
		upcoming     []string
	}{
		{"no-show, seated only on a cancelled shift", d.ben, []string{}},
		{"waitlisted everywhere", d.cat, []string{}},
	}
	for _, c := range cases {
		got, err := n.PersonImpact(c.person, impactNow)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.ShiftsAttended != 0 || got.Hours != 0 || got.EventsHelped != 0 {
			t.Errorf("%s: got %+v, want nothing attended", c.name, got)
		}
		if up := upcomingShifts(got); !slices.Equal(up, c.upcoming) {
			t.Errorf("%s: upcoming %v, want %v", c.name, up, c.upcoming)
		}
	}
	// ben held a seat on s1, which ended without him; s4 was cancelled.
	if got, err := n.PersonImpact(d.ben, impactNow); err != nil || got.NoShows != 1 {
		t.Errorf("ben: got %+v, %v; want 1 no-show", got, err)
	}
	// eve, checked in from the waitlist, gave her time all the same.
	if got, err := n.PersonImpact(d.eve, impactNow); err != nil || got.ShiftsAttended != 1 || got.Hours != 3 {
		t.Errorf("eve: got %+v, %v; want 1 shift, 3 h", got, err)
	}
	// A week later s1 and s2 have left the 7-day window.
	later, err := n.PersonImpact(d.ann, impactNow.Add(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if later.Hours7d != 0 || later.Hours30d != 5 || later.Hours != 9 {
		t.Errorf("a week later: got %v/%v/%v h, want 0/5/9", later.Hours7d, later.Hours30d, later.Hours)
	}
	if _, err := n.PersonImpact("nope", impactNow); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown person: got %v, want ErrNotFound", err)
	}
}

// TestPersonImpactTasksDone counts the done tasks a person is assigned to,
// not those still open or those of others.
func TestPersonImpactTasksDone(t *testing.T) {
	n := openTest(t, t.TempDir())
	d := newDrive(t, n)
	done := "done"
	for i, who := range [][]string{{d.ann}, {d.ann, d.ben}, {d.ann}, {d.ben}} {
		title := "task " + string(rune('a'+i))
		task, err := n.CreateTask(TaskPatch{Title: &title})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.AssignTask(task.ID, who); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			continue // still assigned, not done
		}
		if _, err := n.UpdateTask(task.ID, TaskPatch{Status: &done}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		person string
		want   int
	}{{d.ann, 2}, {d.ben, 2}, {d.cat, 0}} {
		got, err := n.PersonImpact(c.person, impactNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.TasksDone != c.want {
			t.Errorf("%s: tasks done = %d, want %d", got.Name, got.TasksDone, c.want)
		}
	}
}

func upcomingShifts(im Impact) []string {
	out := []string{}
	for _, u := range im.Upcoming {
		out = append(out, u.Shift)
	}
	return out
}

// TestCheckInOnTwoDevicesCountsOnce checks the same person in on two nodes
// while apart; once their logs are exchanged both count one check-in and
// one attended shift.
func TestCheckInOnTwoDevicesCountsOnce(t *testing.T) {
	rng := seeded(t)
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	ev := mustEvent(t, a, "Drive")
	s := shiftAt(t, a, ev.ID, time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC), 3, 5)
	id := signUpFor(t, a, ev.ID, "ann", s.ID)[0]
	exchange(t, rng, a, b)

	mustCheckIn(t, a, id)
	mustCheckIn(t, b, id)
	exchange(t, rng, a, b)

	person := contactID("ann@x.org", "")
	for i, n := range []*Node{a, b} {
		tu, err := n.EventTurnout(ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tu.Total.CheckedIn != 1 || tu.Total.Seated != 1 || tu.Total.Turnout != 1 {
			t.Errorf("node %d total: got %+v, want 1 of 1 checked in", i, tu.Total)
		}
		im, err := n.PersonImpact(person, impactNow)
		if err != nil {
			t.Fatal(err)
		}
		if im.ShiftsAttended != 1 || im.Hours != 3 {
			t.Errorf("node %d impact: got %d shifts, %v h; want 1, 3", i, im.ShiftsAttended, im.Hours)
		}
	}
}
