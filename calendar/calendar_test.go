package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"muster/node"
)

var (
	start    = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	modified = time.Date(2026, 11, 26, 4, 39, 44, 609e6, time.UTC)
)

// entry is a signup for a morning shift of a weekend drive.
func entry() node.CalendarEntry {
	lat, lon := 52.52, 13.405
	return node.CalendarEntry{
		Event: node.Event{ID: "ev", Title: "Weekend drive", Description: "Doors at 8",
			Location: "Town hall", Lat: &lat, Lon: &lon, Status: "active"},
		Shift: node.Shift{ID: "ev.sh", Event: "ev", Title: "Morning", Start: start,
			End: start.Add(3 * time.Hour), Capacity: 2, Status: "active"},
		Signup:   node.Signup{ID: "ev.sh.cperson", Person: "cperson", Shift: "ev.sh", Event: "ev", Status: "signed_up"},
		Modified: modified,
	}
}

// parse decodes b with a real iCalendar parser, after checking the line
// rules the parser forgives: CRLF only, at most 75 octets a line.
func parse(t *testing.T, b []byte) *ical.Calendar {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatalf("output does not end in CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i, l)
		}
		if len(l) > maxLine {
			t.Errorf("line %d: %d octets, want at most %d: %q", i, len(l), maxLine, l)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, b)
	}
	return cal
}

func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		t.Fatalf("no %s", name)
	}
	v, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func TestInviteGolden(t *testing.T) {
	want := "BEGIN:VCALENDAR\r\n" +
		"VERSION:2.0\r\n" +
		"PRODID:-//muster//muster volunteer calendar//EN\r\n" +
		"CALSCALE:GREGORIAN\r\n" +
		"METHOD:REQUEST\r\n" +
		"BEGIN:VEVENT\r\n" +
		"UID:ev.sh.cperson@muster\r\n" +
		"DTSTAMP:20261126T043944Z\r\n" +
		"LAST-MODIFIED:20261126T043944Z\r\n" +
		"SEQUENCE:217831184\r\n" +
		"DTSTART:20261205T090000Z\r\n" +
		"DTEND:20261205T120000Z\r\n" +
		"SUMMARY:Weekend drive\r\n" +
		"LOCATION:Town hall\r\n" +
		"GEO:52.52;13.405\r\n" +
		"DESCRIPTION:Shift: Morning\\n\\nDoors at 8\r\n" +
		"STATUS:CONFIRMED\r\n" +
		"TRANSP:OPAQUE\r\n" +
		"END:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	if got := string(Invite(entry())); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestInviteParses(t *testing.T) {
	cancelledSignup, cancelledShift, cancelledEvent, attended := entry(), entry(), entry(), entry()
	cancelledSignup.Signup.Status = "cancelled"
	cancelledShift.Shift.Status = "cancelled"
	cancelledEvent.Event.Status = "cancelled"
	attended.Signup.Status = "attended"
	cases := []struct {
		name   string
		e      node.CalendarEntry
		status ical.EventStatus
	}{
		{"signed up", entry(), ical.EventConfirmed},
		{"attended", attended, ical.EventConfirmed},
		{"signup cancelled", cancelledSignup, ical.EventCancelled},
		{"shift cancelled", cancelledShift, ical.EventCancelled},
		{"event cancelled", cancelledEvent, ical.EventCancelled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal := parse(t, Invite(c.e))
			if got, want := text(t, cal.Props, "METHOD"), "REQUEST"; got != want {
				t.Errorf("METHOD: got %q, want %q", got, want)
			}
			if got, want := text(t, cal.Props, "VERSION"), "2.0"; got != want {
				t.Errorf("VERSION: got %q, want %q", got, want)
			}
			if got, want := text(t, cal.Props, "PRODID"), ProdID; got != want {
				t.Errorf("PRODID: got %q, want %q", got, want)
			}
			evs := cal.Events()
			if got, want := len(evs), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			ev := evs[0]
			if got, want := text(t, ev.Props, "UID"), "ev.sh.cperson@muster"; got != want {
				t.Errorf("UID: got %q, want %q", got, want)
			}
			if got, err := ev.Status(); err != nil || got != c.status {
				t.Errorf("STATUS: got %q (%v), want %q", got, err, c.status)
			}
			checkTimes(t, ev, c.e)
			if got, want := text(t, ev.Props, "SUMMARY"), "Weekend drive"; got != want {
				t.Errorf("SUMMARY: got %q, want %q", got, want)
			}
		})
	}
}

func checkTimes(t *testing.T, ev ical.Event, e node.CalendarEntry) {
	t.Helper()
	for _, c := range []struct {
		name string
		want time.Time
	}{{"DTSTART", e.Shift.Start}, {"DTEND", e.Shift.End}, {"DTSTAMP", e.Modified.Truncate(time.Second)}} {
		got, err := ev.Props.DateTime(c.name, time.Local)
		if err != nil || !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: got %v (%v), want %v in UTC", c.name, got, err, c.want)
		}
	}
}

func TestTextRoundTrips(t *testing.T) {
	arabic := strings.Repeat("ع", 200)
	cases := []struct {
		name  string
		title string
	}{
		{"commas and semicolons", "Food, water; and tents"},
		{"backslash", `C:\drive\ledger`},
		{"newline", "Line one\nline two"},
		{"arabic", arabic},
		{"everything", "Clean-up, day 1; north bank\nمرحبا " + arabic + ` \ end`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := entry()
			e.Event.Title, e.Event.Location, e.Event.Description = c.title, c.title, c.title
			e.Shift.Title = ""
			for _, b := range [][]byte{Invite(e), Feed(node.Person{Name: c.title}, []node.CalendarEntry{e})} {
				cal := parse(t, b)
				ev := cal.Events()[0]
				for _, name := range []string{"SUMMARY", "LOCATION", "DESCRIPTION"} {
					if got := text(t, ev.Props, name); got != c.title {
						t.Errorf("%s: got %q, want %q", name, got, c.title)
					}
				}
			}
		})
	}
}

func TestFeed(t *testing.T) {
	a, b := entry(), entry()
	b.Signup.ID, b.Signup.Status = "ev.sh2.cperson", "cancelled"
	b.Shift.Start, b.Shift.End = start.Add(24*time.Hour), start.Add(27*time.Hour)
	cal := parse(t, Feed(node.Person{ID: "cperson", Name: "Ana, Ruiz"}, []node.CalendarEntry{a, b}))
	if got, want := text(t, cal.Props, "METHOD"), "PUBLISH"; got != want {
		t.Errorf("METHOD: got %q, want %q", got, want)
	}
	if got, want := text(t, cal.Props, "X-WR-CALNAME"), "muster: Ana, Ruiz"; got != want {
		t.Errorf("X-WR-CALNAME: got %q, want %q", got, want)
	}
	evs := cal.Events()
	if got, want := len(evs), 2; got != want {
		t.Fatalf("events: got %d, want %d", got, want)
	}
	for i, c := range []struct {
		e      node.CalendarEntry
		status ical.EventStatus
	}{{a, ical.EventConfirmed}, {b, ical.EventCancelled}} {
		if got, want := text(t, evs[i].Props, "UID"), c.e.Signup.ID+"@muster"; got != want {
			t.Errorf("event %d UID: got %q, want %q", i, got, want)
		}
		if got, _ := evs[i].Status(); got != c.status {
			t.Errorf("event %d STATUS: got %q, want %q", i, got, c.status)
		}
		checkTimes(t, evs[i], c.e)
	}
	if got := parse(t, Feed(node.Person{}, nil)).Events(); len(got) != 0 {
		t.Errorf("empty feed: got %d events, want 0", len(got))
	}
}

// TestSequenceGrows: a later change makes a higher SEQUENCE, which is what
// makes a calendar app replace the earlier invite.
func TestSequenceGrows(t *testing.T) {
	cases := []struct {
		at   time.Time
		want int64
	}{
		{time.Time{}, 0},
		{sequenceEpoch, 0},
		{sequenceEpoch.Add(90 * time.Second), 90},
		{modified, 217831184},
		{time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), 1<<31 - 1},
	}
	for _, c := range cases {
		if got := Sequence(c.at); got != c.want {
			t.Errorf("Sequence(%v): got %d, want %d", c.at, got, c.want)
		}
	}
	e := entry()
	before := parse(t, Invite(e)).Events()[0]
	e.Modified = e.Modified.Add(time.Second)
	e.Signup.Status = "cancelled"
	after := parse(t, Invite(e)).Events()[0]
	s0, err0 := before.Props.Get("SEQUENCE").Int()
	s1, err1 := after.Props.Get("SEQUENCE").Int()
	if err0 != nil || err1 != nil || s1 <= s0 {
		t.Errorf("SEQUENCE: got %d (%v) then %d (%v), want it to grow", s0, err0, s1, err1)
	}
}
