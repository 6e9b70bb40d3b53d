package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"muster/node"
)

// newCalendarAPI is a test API whose node clock moves one second a read,
// so that every change has a later stamp, and whose server has key as its
// calendar key (none when nil).
func newCalendarAPI(t *testing.T, key []byte) *testAPI {
	t.Helper()
	var ticks atomic.Int64
	base := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	now := func() time.Time { return base.Add(time.Duration(ticks.Add(1)) * time.Second) }
	n, err := node.Open(node.Config{Dir: t.TempDir(), Now: now})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	s, err := New(Config{}, n)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	s.SetCalendarKey(key)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &testAPI{t: t, node: n, srv: srv}
}

var calStart = time.Date(2037, 12, 5, 9, 0, 0, 0, time.UTC)

// calendarDrive makes an event with two shifts and signs Ana up for both;
// it returns the event and the signup result.
func calendarDrive(a *testAPI, title string) (node.Event, node.SignupResult) {
	a.t.Helper()
	var ev node.Event
	a.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": title, "location": "Town hall, north door"}, &ev)
	var shifts []string
	for i := range 2 {
		var sh node.Shift
		st := calStart.Add(time.Duration(i) * 24 * time.Hour)
		a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/shifts", map[string]any{
			"start": st.Format(time.RFC3339), "end": st.Add(3 * time.Hour).Format(time.RFC3339), "capacity": 5}, &sh)
		shifts = append(shifts, sh.ID)
	}
	var r node.SignupResult
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/signup", map[string]any{
		"name": "Ana Ruiz", "email": "ana@example.org", "shifts": shifts}, &r)
	return ev, r
}

// parseCalendar checks the headers of a calendar response and decodes its
// body with a real iCalendar parser.
func parseCalendar(t *testing.T, res response) *ical.Calendar {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("status: got %d, want 200; body %s", res.Status, res.Body)
	}
	if got, want := res.Header.Get("Content-Type"), "text/calendar; charset=utf-8"; got != want {
		t.Errorf("Content-Type: got %q, want %q", got, want)
	}
	if bytes.Contains(bytes.ReplaceAll(res.Body, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("body has a line ending that is not CRLF")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(res.Body)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, res.Body)
	}
	return cal
}

func propText(t *testing.T, props ical.Props, name string) string {
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

func TestAPISignupInvite(t *testing.T) {
	a := newCalendarAPI(t, nil)
	// At most 200 characters: the longest title an event may have.
	title := "Clean-up, day 1; gloves\n" + strings.Repeat("ع", 176)
	_, r := calendarDrive(a, title)
	su := r.Signups[0]
	path := "/api/v1/signups/" + su.ID + "/invite.ics"

	res := a.do("GET", path, nil)
	cal := parseCalendar(t, res)
	if got, want := res.Header.Get("Content-Disposition"), `attachment; filename="muster-`+su.ID+`.ics"`; got != want {
		t.Errorf("Content-Disposition: got %q, want %q", got, want)
	}
	if got, want := propText(t, cal.Props, "METHOD"), "REQUEST"; got != want {
		t.Errorf("METHOD: got %q, want %q", got, want)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("events: got %d, want 1", len(evs))
	}
	ev := evs[0]
	for _, c := range []struct{ name, want string }{
		{"UID", su.ID + "@muster"},
		{"SUMMARY", title},
		{"LOCATION", "Town hall, north door"},
		{"STATUS", "CONFIRMED"},
	} {
		if got := propText(t, ev.Props, c.name); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if got, err := ev.DateTimeStart(time.Local); err != nil || !got.Equal(calStart) || got.Location() != time.UTC {
		t.Errorf("DTSTART: got %v (%v), want %v in UTC", got, err, calStart)
	}
	if got, err := ev.DateTimeEnd(time.Local); err != nil || !got.Equal(calStart.Add(3*time.Hour)) {
		t.Errorf("DTEND: got %v (%v), want %v", got, err, calStart.Add(3*time.Hour))
	}
	seq0, _ := ev.Props.Get("SEQUENCE").Int()

	// Cancelling the signup makes an invite that says so and replaces the
	// first: the same UID with a higher SEQUENCE.
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+su.ID+"/cancel", nil, nil)
	ev = parseCalendar(t, a.do("GET", path, nil)).Events()[0]
	if got, want := propText(t, ev.Props, "STATUS"), "CANCELLED"; got != want {
		t.Errorf("STATUS after cancel: got %q, want %q", got, want)
	}
	if got, want := propText(t, ev.Props, "UID"), su.ID+"@muster"; got != want {
		t.Errorf("UID after cancel: got %q, want %q", got, want)
	}
	if seq1, err := ev.Props.Get("SEQUENCE").Int(); err != nil || seq1 <= seq0 {
		t.Errorf("SEQUENCE: got %d (%v) after %d, want it higher", seq1, err, seq0)
	}

	// A cancelled shift cancels the other signup's invite.
	other := r.Signups[1]
	a.must(http.StatusOK, "POST", "/api/v1/shifts/"+other.Shift+"/cancel", nil, nil)
	ev = parseCalendar(t, a.do("GET", "/api/v1/signups/"+other.ID+"/invite.ics", nil)).Events()[0]
	if got, want := propText(t, ev.Props, "STATUS"), "CANCELLED"; got != want {
		t.Errorf("STATUS after shift cancel: got %q, want %q", got, want)
	}
}

func TestAPISignupInviteErrors(t *testing.T) {
	a := newCalendarAPI(t, nil)
	for _, c := range []struct {
		path string
		want int
	}{
		{"/api/v1/signups/NOPE/invite.ics", http.StatusBadRequest},
		{"/api/v1/signups/nope.nope.nope/invite.ics", http.StatusNotFound},
	} {
		res := a.do("GET", c.path, nil)
		if res.Status != c.want {
			t.Errorf("GET %s: got %d, want %d", c.path, res.Status, c.want)
		}
		if got, want := res.Header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
			t.Errorf("GET %s: Content-Type got %q, want %q", c.path, got, want)
		}
	}
	if res := a.do("POST", "/api/v1/signups/x/invite.ics", nil); res.Status != http.StatusMethodNotAllowed {
		t.Errorf("POST invite: got %d, want 405", res.Status)
	}
}

func TestAPICalendarFeed(t *testing.T) {
	key := []byte("team calendar key")
	a := newCalendarAPI(t, key)
	ev, r := calendarDrive(a, "Weekend drive")
	pid := r.Person.ID
	// Someone else's signup is not in Ana's feed.
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/signup", map[string]any{
		"name": "Bo", "phone": "+1 555 0100", "shifts": []string{r.Signups[0].Shift}}, nil)
	var u calendarURL
	a.must(http.StatusOK, "GET", "/api/v1/people/"+pid+"/calendar", nil, &u)
	prefix := a.srv.URL + "/calendar/" + pid + "/"
	if !strings.HasPrefix(u.URL, prefix) || !strings.HasSuffix(u.URL, ".ics") {
		t.Fatalf("url: got %q, want %s{token}.ics", u.URL, prefix)
	}
	if got, want := u.Webcal, "webcal"+strings.TrimPrefix(u.URL, "http"); got != want {
		t.Errorf("webcal: got %q, want %q", got, want)
	}
	path := strings.TrimPrefix(u.URL, a.srv.URL)

	cal := parseCalendar(t, a.do("GET", path, nil))
	if got, want := propText(t, cal.Props, "METHOD"), "PUBLISH"; got != want {
		t.Errorf("METHOD: got %q, want %q", got, want)
	}
	evs := cal.Events()
	if len(evs) != len(r.Signups) {
		t.Fatalf("events: got %d, want %d", len(evs), len(r.Signups))
	}
	for i, su := range r.Signups {
		if got, want := propText(t, evs[i].Props, "UID"), su.ID+"@muster"; got != want {
			t.Errorf("event %d UID: got %q, want %q", i, got, want)
		}
	}

	// Another server with the same key makes the same URL: every node of a
	// team gives a volunteer one feed.
	other := newCalendarAPI(t, key)
	if got, want := (&calendarFeeds{key: key}).feedPath(pid), path; got != want {
		t.Errorf("same key, other server: got %q, want %q", got, want)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"+pid+"/"), ".ics")
	otherToken := (&calendarFeeds{key: []byte("another key")}).token(pid)
	for _, c := range []struct {
		name string
		api  *testAPI
		path string
		want int
	}{
		{"right token", a, path, http.StatusOK},
		{"wrong token", a, "/calendar/" + pid + "/" + otherToken + ".ics", http.StatusNotFound},
		{"token of another person", a, "/calendar/" + pid + "x/" + token + ".ics", http.StatusNotFound},
		{"no .ics", a, "/calendar/" + pid + "/" + token, http.StatusNotFound},
		{"empty token", a, "/calendar/" + pid + "/.ics", http.StatusNotFound},
		{"malformed person", a, "/calendar/NOPE/" + token + ".ics", http.StatusNotFound},
		{"person unknown here", other, path, http.StatusNotFound},
	} {
		if res := c.api.do("GET", c.path, nil); res.Status != c.want {
			t.Errorf("%s: GET %s: got %d, want %d", c.name, c.path, res.Status, c.want)
		}
	}

	// A person erased from the roster has no feed, even with the token.
	a.must(http.StatusNoContent, "DELETE", "/api/v1/people/"+pid, nil, nil)
	if res := a.do("GET", path, nil); res.Status != http.StatusNotFound {
		t.Errorf("feed of a deleted person: got %d, want 404", res.Status)
	}
	for _, c := range []struct {
		path string
		want int
	}{
		{"/api/v1/people/" + pid + "/calendar", http.StatusNotFound},
		{"/api/v1/people/NOPE/calendar", http.StatusBadRequest},
	} {
		if res := a.do("GET", c.path, nil); res.Status != c.want {
			t.Errorf("GET %s: got %d, want %d", c.path, res.Status, c.want)
		}
	}
}

// TestAPICalendarFeedWithoutKey: a server given no key serves no feed and
// no feed URL, whatever the token.
func TestAPICalendarFeedWithoutKey(t *testing.T) {
	a := newCalendarAPI(t, nil)
	_, r := calendarDrive(a, "Weekend drive")
	pid := r.Person.ID
	path := (&calendarFeeds{key: nil}).feedPath(pid)
	if res := a.do("GET", path, nil); res.Status != http.StatusNotFound {
		t.Errorf("GET %s: got %d, want 404", path, res.Status)
	}
	res := a.do("GET", "/api/v1/people/"+pid+"/calendar", nil)
	var body struct{ Error struct{ Message string } }
	if res.Status != http.StatusNotFound || json.Unmarshal(res.Body, &body) != nil || body.Error.Message == "" {
		t.Errorf("feed URL without a key: got %d %s, want a JSON 404", res.Status, res.Body)
	}
}
