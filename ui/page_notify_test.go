package ui

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"muster/crdt"
	"muster/node"
	"muster/notify"
)

// syncInto applies every op src holds to dst, as a sync would.
func syncInto(t *testing.T, dst, src *node.Node) {
	t.Helper()
	var chunks []crdt.Chunk
	for a := range src.VersionVector() {
		if err := src.ReadLog(a, 1, func(c crdt.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
			t.Fatalf("ReadLog: %v", err)
		}
	}
	if _, err := dst.Apply(chunks); err != nil {
		t.Fatalf("Apply: %v", err)
	}
}

// TestEventPageShowsBumped: a laptop apart takes signups for a 2-seat
// shift that this node filled too; once its log arrives, the event page
// says who lost their seat and the shift's JSON flags them; raising the
// capacity seats them again and the notice goes.
func TestEventPageShowsBumped(t *testing.T) {
	a := newTestAPI(t)
	other, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	title := "Food drive"
	ev, err := a.node.CreateEvent(node.EventPatch{Title: &title})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	end := start.Add(3 * time.Hour)
	s, err := a.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: ptrTo(2)})
	if err != nil {
		t.Fatal(err)
	}
	syncInto(t, other, a.node)
	for _, who := range []struct {
		n    *node.Node
		name string
	}{{a.node, "Ana Lima"}, {a.node, "Bo Chen"}, {other, "Cy Diaz"}, {other, "Dee Ford"}} {
		in := node.SignupInput{Name: who.name, Email: strings.Fields(who.name)[0] + "@x.org", Shifts: []string{s.ID}}
		if _, err := who.n.SignUp(ev.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, body := a.get(t, "/events/"+ev.ID); strings.Contains(body, `id="bumped"`) {
		t.Fatalf("the event page shows a bumped notice before any merge")
	}
	syncInto(t, a.node, other)

	var v node.ShiftView
	a.must(http.StatusOK, "GET", "/api/v1/shifts/"+s.ID, nil, &v)
	var bumped []string
	for _, x := range v.Waitlist {
		if x.Bumped {
			bumped = append(bumped, x.Name)
		}
	}
	if len(bumped) != 2 || slices.ContainsFunc(v.Seated, func(x node.Signup) bool { return x.Bumped }) {
		t.Fatalf("API: bumped %v, want the two waiting (each was seated on its own node)", bumped)
	}
	_, body := a.get(t, "/events/"+ev.ID)
	notice := body[strings.Index(body, `id="bumped"`)+1:]
	notice = notice[:strings.Index(notice, "</section>")]
	for _, name := range bumped {
		if !strings.Contains(notice, "<strong>"+name+"</strong>") {
			t.Errorf("the notice does not name %s:\n%s", name, notice)
		}
	}
	if !strings.Contains(notice, "Moved to the waitlist") {
		t.Errorf("the notice lacks its title:\n%s", notice)
	}

	if _, err := a.node.UpdateShift(s.ID, node.ShiftPatch{Capacity: ptrTo(4)}); err != nil {
		t.Fatal(err)
	}
	if _, body := a.get(t, "/events/"+ev.ID); strings.Contains(body, `id="bumped"`) {
		t.Errorf("the notice stays after everyone is seated again")
	}
}

func (a *testAPI) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res := a.do("GET", path, nil)
	return res.Status, string(res.Body)
}

// TestWalkinNameOnly: at check-in an organizer adds a walk-in by name
// alone; they are checked in, counted in turnout, and have no channel to
// be sent messages on.
func TestWalkinNameOnly(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 5)
	code, loc := tp.post(t, "/events/"+ev.ID+"/walkin", url.Values{"name": {"Dee Walk"}, "shift": {shifts[0].ID}})
	if code != http.StatusSeeOther {
		t.Fatalf("walk-in by name: %d %s, want 303", code, loc)
	}
	_, body := tp.get(t, loc)
	if !strings.Contains(body, "Dee Walk is checked in.") || !strings.Contains(body, `id="checkin-total">1 / 1`) {
		t.Errorf("after the walk-in the page lacks the message or the turnout 1 / 1")
	}
	ms, err := tp.node.Outbox(node.OutboxQuery{Event: ev.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Channel != "" || m.To != "" {
			t.Errorf("the walk-in has a %s message to %q", m.Channel, m.To)
		}
	}
	code, body = tp.post(t, "/events/"+ev.ID+"/walkin", url.Values{"name": {" "}, "shift": {shifts[0].ID}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="name-err"`) {
		t.Errorf("walk-in without a name: %d, want 422 with the name's error", code)
	}
}

// TestSignupPageRecordsLanguage: signing up on the page in Spanish makes
// Spanish the person's language, so their messages are in Spanish.
func TestSignupPageRecordsLanguage(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 5)
	code, _ := tp.post(t, "/e/"+ev.ID, url.Values{"name": {"Ana"}, "email": {"ana@x.org"}, "shift": {shifts[0].ID}, "consent_email": {"1"}},
		"Accept-Language", "es-ES,es;q=0.9")
	if code != http.StatusSeeOther {
		t.Fatalf("signup: %d, want 303", code)
	}
	ms, err := tp.node.Outbox(node.OutboxQuery{Kind: node.KindConfirmation})
	if err != nil || len(ms) != 1 {
		t.Fatalf("Outbox: %d, %v", len(ms), err)
	}
	if subject, _ := notify.Compose(ms[0], ""); ms[0].Lang != "es" || !strings.HasPrefix(subject, "Te has apuntado") {
		t.Errorf("message lang %q, subject %q; want Spanish", ms[0].Lang, subject)
	}
}

// TestDatesInEveryLanguage: the events list, event page, signup page and
// check-in write a shift's time with the language's day and month names.
func TestDatesInEveryLanguage(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 5)
	s := shifts[0].Start.Local()
	days := map[string][]string{
		"en": {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		"es": {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
		"ar": {"الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"},
	}
	months := map[string][]string{
		"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		"es": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	}
	sep := map[string]string{"en": ", ", "es": ", ", "ar": "، "}
	for _, lang := range []string{"en", "es", "ar"} {
		want := fmt.Sprintf("%s %d %s %d%s09:00–13:00", days[lang][s.Weekday()], s.Day(), months[lang][s.Month()-1], s.Year(), sep[lang])
		for _, path := range []string{"/events", "/events/" + ev.ID, "/e/" + ev.ID, "/events/" + ev.ID + "/checkin"} {
			_, body := tp.get(t, path, "Accept-Language", lang)
			if !strings.Contains(html.UnescapeString(body), want) {
				t.Errorf("GET %s (%s) lacks %q", path, lang, want)
			}
		}
	}
}

// TestDateNamesMatchMessages: the pages and the messages name days and
// months alike.
func TestDateNamesMatchMessages(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range notify.Langs {
		l := cats.by[lang]
		if l == nil {
			t.Fatalf("no %s catalog", lang)
		}
		if got, want := l.dates, notify.DateNames(lang); got != want {
			t.Errorf("%s: pages name dates %v, messages %v", lang, got, want)
		}
	}
}
