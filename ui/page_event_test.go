package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"muster/node"
)

// testEvent makes an event with shifts of the given capacities, a day
// apart, starting tomorrow at 09:00 local time.
func testEvent(t testing.TB, tp *testPages, title string, caps ...int) (node.Event, []node.Shift) {
	t.Helper()
	ev, err := tp.node.CreateEvent(node.EventPatch{Title: &title, Location: ptr("Town hall")})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().Local().Truncate(24 * time.Hour).Add(24 * time.Hour)
	var shifts []node.Shift
	for i, c := range caps {
		start := time.Date(day.Year(), day.Month(), day.Day()+i, 9, 0, 0, 0, time.Local)
		end := start.Add(4 * time.Hour)
		s, err := tp.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: ptr(c)})
		if err != nil {
			t.Fatal(err)
		}
		shifts = append(shifts, s)
	}
	return ev, shifts
}

func TestEventPagesRenderInEveryLanguage(t *testing.T) {
	tp := newTestPages(t)
	ev, _ := testEvent(t, tp, "Food drive", 2)
	pages := []langPage{
		{"/events", "Food drive", "Nuevo evento", "فعالية جديدة"},
		{"/events/new", "Create event", "Crear evento", "إنشاء الفعالية"},
		{"/events/" + ev.ID, "Signup page", "Página de inscripción", "صفحة التسجيل"},
		{"/events/" + ev.ID + "/edit", "Cancel this shift", "Cancelar este turno", "إلغاء هذه المناوبة"},
		{"/events/" + ev.ID + "/checkin", "Walk-in", "Sin inscripción previa", "حضور دون تسجيل مسبق"},
		{"/e/" + ev.ID, "2 seats left", "Quedan 2 plazas", "بقي مقعدان"},
		{"/e/" + ev.ID + "/done", "could not find", "No encontramos", "لم نجد"},
	}
	checkLanguages(t, tp, pages)
	for _, path := range []string{"/events/nope", "/events/nope/edit", "/e/nope", "/events/nope/checkin"} {
		if code, _ := tp.get(t, path); code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, code)
		}
	}
}

func TestEventCreateWithShifts(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{
		"title": {"Beach cleanup"}, "location": {"North beach"}, "shift_rows": {"3"},
		"s0_start": {"2027-06-05T09:00"}, "s0_end": {"2027-06-05T12:00"}, "s0_capacity": {"10"}, "s0_skills": {"first aid, driving"},
		"s1_start": {"2027-06-05T13:00"}, "s1_end": {"2027-06-05T17:00"}, "s1_capacity": {"5"},
	}
	code, loc := tp.post(t, "/events", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/events/") {
		t.Fatalf("POST /events: %d %s, want 303 to the event", code, loc)
	}
	id := strings.TrimPrefix(loc, "/events/")
	shifts, err := tp.node.Shifts(id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(shifts), 2; got != want {
		t.Fatalf("shifts = %d, want %d (the empty row is skipped)", got, want)
	}
	if got, want := shifts[0].Capacity, 10; got != want {
		t.Errorf("first shift capacity = %d, want %d", got, want)
	}
	if got, want := strings.Join(shifts[0].Skills, ","), "driving,first aid"; got != want {
		t.Errorf("first shift skills = %q, want %q", got, want)
	}
	if got, want := shifts[0].Start.Local().Format(inputTime), "2027-06-05T09:00"; got != want {
		t.Errorf("first shift start = %q, want %q", got, want)
	}
	_, body := tp.get(t, "/events/"+id)
	if !strings.Contains(body, "0 / 10") || !strings.Contains(body, "/e/"+id) {
		t.Errorf("event page lacks seats or share link:\n%s", body)
	}

	// Edit: change a capacity, cancel the second shift, add a third.
	form = url.Values{
		"title": {"Beach cleanup"}, "shift_rows": {"3"},
		"s0_id": {shifts[0].ID}, "s0_start": {"2027-06-05T09:00"}, "s0_end": {"2027-06-05T12:00"}, "s0_capacity": {"12"},
		"s1_id": {shifts[1].ID}, "s1_start": {"2027-06-05T13:00"}, "s1_end": {"2027-06-05T17:00"}, "s1_capacity": {"5"}, "s1_remove": {"1"},
		"s2_start": {"2027-06-06T09:00"}, "s2_end": {"2027-06-06T12:00"}, "s2_capacity": {"3"},
	}
	if code, _ := tp.post(t, "/events/"+id, form); code != http.StatusSeeOther {
		t.Fatalf("POST /events/%s: %d, want 303", id, code)
	}
	shifts, _ = tp.node.Shifts(id)
	var got []string
	for _, s := range shifts {
		got = append(got, s.Status+":"+strconv.Itoa(s.Capacity))
	}
	if want := "active:12 cancelled:5 active:3"; strings.Join(got, " ") != want {
		t.Errorf("after edit shifts = %v, want %s", got, want)
	}
}

func TestEventFormErrors(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{
		"title": {""}, "shift_rows": {"2"},
		"s0_start": {"2027-06-05T09:00"}, "s0_end": {"2027-06-05T08:00"}, "s0_capacity": {"many"},
		"s1_start": {"soon"}, "s1_capacity": {"3"},
	}
	code, body := tp.post(t, "/events", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("POST /events: %d, want 422", code)
	}
	for _, want := range []string{
		`id="title-err"`, `id="s0_end-err"`, `id="s0_capacity-err"`, `id="s1_start-err"`,
		"The end must be after the start.", `value="many"`, `href="#s0_capacity"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("form with errors lacks %s", want)
		}
	}
	if evs, _ := tp.node.Events(node.EventQuery{}); len(evs) != 0 {
		t.Errorf("a refused form stored %d events", len(evs))
	}
	// A capacity the node refuses comes back translated next to its row.
	form = url.Values{"title": {"Big"}, "shift_rows": {"1"},
		"s0_start": {"2027-06-05T09:00"}, "s0_end": {"2027-06-05T10:00"}, "s0_capacity": {"0"}}
	code, body = tp.post(t, "/events", form, "Accept-Language", "es")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="s0_capacity-err"`) || !strings.Contains(body, "Escribe un número") {
		t.Errorf("node-refused capacity: %d, want 422 with the Spanish message next to the field", code)
	}
	if !strings.Contains(body, `action="/events/`) {
		t.Errorf("the stored event is not edited from now on: posting again would make two")
	}
	// One good row and one refused: the good one comes back as stored.
	form = url.Values{"title": {"Two rows"}, "shift_rows": {"2"},
		"s0_start": {"2027-06-05T09:00"}, "s0_end": {"2027-06-05T10:00"}, "s0_capacity": {"4"},
		"s1_start": {"2027-06-05T09:00"}, "s1_end": {"2027-06-05T10:00"}, "s1_capacity": {"0"}}
	code, body = tp.post(t, "/events", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `name="s0_id"`) {
		t.Errorf("partly stored form: %d, want 422 with the stored row's id kept", code)
	}
}

func TestEventCancelAndDuplicate(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 2, 3)
	if code, body := tp.post(t, "/events/"+ev.ID+"/duplicate", url.Values{"offset_days": {"soon"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="offset_days-err"`) {
		t.Errorf("bad offset: %d, want 422 with the error", code)
	}
	code, loc := tp.post(t, "/events/"+ev.ID+"/duplicate", url.Values{"offset_days": {"7"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "/edit") {
		t.Fatalf("duplicate: %d %s, want 303 to the copy's form", code, loc)
	}
	copyID := strings.TrimSuffix(strings.TrimPrefix(loc, "/events/"), "/edit")
	copied, _ := tp.node.Shifts(copyID)
	if len(copied) != 2 || !copied[0].Start.Equal(shifts[0].Start.Add(7*24*time.Hour)) {
		t.Errorf("copy's shifts = %+v, want 2 a week later", copied)
	}
	// One shift copied to the next day, from the event page's button.
	_, page := tp.get(t, "/events/"+ev.ID)
	action := "/events/" + ev.ID + "/shifts/" + shifts[1].ID + "/duplicate"
	if !strings.Contains(page, `action="`+action+`"`) || !strings.Contains(page, "Copy to the next day") {
		t.Fatalf("the event page offers no copy of a shift")
	}
	code, loc = tp.post(t, action, url.Values{"offset_days": {"1"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/events/"+ev.ID+"#shift-") {
		t.Fatalf("copy shift: %d %s, want 303 to the event page at the copy", code, loc)
	}
	if all, _ := tp.node.Shifts(ev.ID); len(all) != 3 || !slices.ContainsFunc(all, func(s node.Shift) bool {
		return "#shift-"+s.ID == strings.TrimPrefix(loc, "/events/"+ev.ID) && s.Start.Equal(shifts[1].Start.Add(24*time.Hour))
	}) {
		t.Errorf("shifts after the copy = %+v, want a third a day after the second", all)
	}
	if code, _ := tp.post(t, "/events/"+copyID+"/shifts/"+shifts[1].ID+"/duplicate", url.Values{"offset_days": {"1"}}); code != http.StatusNotFound {
		t.Errorf("copying a shift through another event's page: %d, want 404", code)
	}
	if code, _ := tp.post(t, "/events/"+ev.ID+"/cancel", nil); code != http.StatusSeeOther {
		t.Fatalf("cancel: %d, want 303", code)
	}
	if _, page := tp.get(t, "/events/"+ev.ID); strings.Contains(page, "Copy to the next day") {
		t.Errorf("a cancelled event's page offers to copy its shifts")
	}
	if got, _ := tp.node.Event(ev.ID); got.Status != "cancelled" {
		t.Errorf("status after cancel = %s", got.Status)
	}
	if _, body := tp.get(t, "/e/"+ev.ID); !strings.Contains(body, "Signups are closed") {
		t.Errorf("the signup page of a cancelled event is open")
	}
}

func TestSignupPage(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 1, 5)
	_, body := tp.get(t, "/e/"+ev.ID)
	if strings.Contains(body, `aria-label="Main"`) {
		t.Errorf("the public signup page shows the organizers' navigation")
	}
	// Nothing ticked, no contact: errors next to the fields, typing kept.
	code, body := tp.post(t, "/e/"+ev.ID, url.Values{"name": {"Ana Lima"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty signup: %d, want 422", code)
	}
	for _, want := range []string{`id="shifts-err"`, `id="email-err"`, `value="Ana Lima"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused signup lacks %s", want)
		}
	}
	sign := func(name, email string, ids ...string) string {
		t.Helper()
		code, loc := tp.post(t, "/e/"+ev.ID, url.Values{"name": {name}, "email": {email}, "shift": ids, "consent_email": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("signup %s: %d %s, want 303", name, code, loc)
		}
		_, body := tp.get(t, loc)
		return body
	}
	body = sign("Ana Lima", "ana@example.org", shifts[0].ID, shifts[1].ID)
	if n := strings.Count(body, "You&#39;re in for"); n != 2 {
		t.Errorf("Ana's confirmation says she is in for %d shifts, want 2:\n%s", n, body)
	}
	if strings.Contains(body, "first on the waitlist gets it") {
		t.Errorf("Ana has seats, yet her confirmation explains the waitlist")
	}
	// Each shift has its calendar invite (the browser test opens one).
	if n := strings.Count(body, `/invite.ics" download>Add to my calendar`); n != 2 {
		t.Errorf("Ana's confirmation has %d calendar invites, want 2", n)
	}
	body = sign("Bo Chen", "bo@example.org", shifts[0].ID)
	if !strings.Contains(body, "on the waitlist for") || !strings.Contains(body, "number 1.") || !strings.Contains(body, "first on the waitlist gets it") {
		t.Errorf("Bo's confirmation does not give his waitlist number and how seats free up:\n%s", body)
	}
	if _, body := tp.get(t, "/events/"+ev.ID); !strings.Contains(body, `<dd class="waiting">1</dd>`) {
		t.Errorf("event page does not show the waitlist of 1")
	}
}

func TestCheckin(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 2)
	var ids []string
	for _, who := range []struct{ name, email string }{{"Ana Lima", "ana@x.org"}, {"Bo Chen", "bo@x.org"}, {"Anton Diaz", "anton@x.org"}} {
		res, err := tp.node.SignUp(ev.ID, node.SignupInput{Name: who.name, Email: who.email, Shifts: []string{shifts[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Signups[0].ID)
	}
	_, body := tp.get(t, "/events/"+ev.ID+"/checkin?q=an")
	names := regexp.MustCompile(`<strong>([A-Za-z ]+)</strong><span`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, m := range names {
		got = append(got, m[1])
	}
	if want := "Ana Lima,Anton Diaz"; strings.Join(got, ",") != want {
		t.Errorf("search an = %v, want %s", got, want)
	}
	if !strings.Contains(body, "waitlist 1") {
		t.Errorf("Anton, third for two seats, is not shown as waiting")
	}
	for range 2 { // two taps, or two devices: counted once
		code, loc := tp.post(t, "/events/"+ev.ID+"/checkin", url.Values{"signup": {ids[0]}, "q": {"an"}})
		if code != http.StatusSeeOther || !strings.Contains(loc, "q=an") {
			t.Fatalf("check in: %d %s, want 303 back to the search", code, loc)
		}
	}
	_, body = tp.get(t, "/events/"+ev.ID+"/checkin?q=an&in="+url.QueryEscape(ids[0]))
	if !strings.Contains(body, "Ana Lima is checked in.") || !strings.Contains(body, `id="checkin-total">1 / 2`) {
		t.Errorf("after check-in the page lacks the message or the turnout 1 / 2")
	}
	if code, _ := tp.post(t, "/events/"+ev.ID+"/checkin", url.Values{"signup": {"other.event"}}); code != http.StatusNotFound {
		t.Errorf("checking in another event's signup: %d, want 404", code)
	}
	// Walk-in: a bad email is refused with the typing kept; a name alone,
	// or with a phone, is added and checked in.
	code, body := tp.post(t, "/events/"+ev.ID+"/walkin", url.Values{"name": {"Dee Walk"}, "email": {"dee@"}, "shift": {shifts[0].ID}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="email-err"`) || !strings.Contains(body, `value="Dee Walk"`) {
		t.Errorf("walk-in with a bad email: %d, want 422 with the error and the name kept", code)
	}
	for _, f := range []url.Values{
		{"name": {"Dee Walk"}, "shift": {shifts[0].ID}},
		{"name": {"Eli Walk"}, "phone": {"555 0100"}, "shift": {shifts[0].ID}},
	} {
		if code, loc := tp.post(t, "/events/"+ev.ID+"/walkin", f); code != http.StatusSeeOther {
			t.Fatalf("walk-in %v: %d %s, want 303", f, code, loc)
		}
	}
	v, _ := tp.node.ShiftRoster(shifts[0].ID)
	in := 0
	for _, s := range append(v.Seated, v.Waitlist...) {
		if s.Status == "attended" {
			in++
		}
	}
	if in != 3 {
		t.Errorf("checked in after the walk-ins = %d, want 3", in)
	}
}

// TestSignupPageWeight: the public signup page's first load, for an event
// with ten shifts, stays under 50 KB of HTML, CSS and JS (uncompressed).
func TestSignupPageWeight(t *testing.T) {
	tp := newTestPages(t)
	ev, _ := testEvent(t, tp, "Weekend drive", 10, 10, 10, 10, 10, 10, 10, 10, 10, 10)
	checkPageWeight(t, tp, "signup page", "/e/"+ev.ID, 50*1024)
}
