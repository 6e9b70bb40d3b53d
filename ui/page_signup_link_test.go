package ui

import (
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"muster/node"
)

var testSignupKey = []byte("team signup key for tests")

// newLinkServer is a whole server (API and pages) with signup links on.
func newLinkServer(t *testing.T) *testPages {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))}, n)
	if err != nil {
		t.Fatal(err)
	}
	s.SetSignupKey(testSignupKey)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		_ = n.Close()
	})
	return &testPages{node: n, srv: srv}
}

func signUpTest(t testing.TB, n *node.Node, eventID, name, shiftID string) string {
	t.Helper()
	res, err := n.SignUp(eventID, node.SignupInput{Name: name, Email: strings.ToLower(name) + "@x.org", ConsentEmail: true, Shifts: []string{shiftID}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Signups[0].ID
}

// TestSignupLinkPage: the volunteer's own page shows their shift and where
// they stand; "I'll be there" confirms; "I can't come" cancels and gives
// the seat to the first waiting, who is then told a seat opened. Wrong or
// borrowed tokens get a clear 404 and change nothing.
func TestSignupLinkPage(t *testing.T) {
	tp := newLinkServer(t)
	ev, shifts := testEvent(t, tp, "Food drive", 1)
	ada := signUpTest(t, tp.node, ev.ID, "Ada", shifts[0].ID)
	bo := signUpTest(t, tp.node, ev.ID, "Bo", shifts[0].ID)
	adaPath, boPath := SignupPath(testSignupKey, ada), SignupPath(testSignupKey, bo)

	code, body := tp.get(t, adaPath)
	for _, want := range []string{"Food drive", "You have a seat.", "Signed up", "I&#39;ll be there", "I can&#39;t come"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("ada's page: %d, lacks %q", code, want)
		}
	}
	code, loc := tp.post(t, adaPath, url.Values{"action": {"confirm"}})
	if code != http.StatusSeeOther || loc != adaPath+"?done=confirm" {
		t.Fatalf("confirm: %d %q, want 303 to the page", code, loc)
	}
	_, body = tp.get(t, loc)
	if !strings.Contains(body, "We are counting on you") || !strings.Contains(body, `id="life-status" class="badge badge-confirmed">Confirmed`) || strings.Contains(body, `value="confirm"`) {
		t.Errorf("after confirming the page does not say so, or still offers to confirm")
	}
	if su, _ := tp.node.SignupByID(ada); su.Status != "confirmed" {
		t.Errorf("ada is %q, want confirmed", su.Status)
	}

	_, body = tp.get(t, boPath, "Accept-Language", "es")
	if !strings.Contains(body, "Eres el número 1 en la lista de espera") || !strings.Contains(body, "Allí estaré") {
		t.Errorf("bo's page in Spanish lacks his place or the button")
	}
	_, body = tp.get(t, boPath, "Accept-Language", "ar")
	if !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, "سأحضر") {
		t.Errorf("bo's page in Arabic is not right-to-left or lacks the button")
	}

	// Wrong token, another signup's token, no token: 404, nothing changes.
	for _, p := range []string{"/s/" + ada + "/wrong", "/s/" + ada + "/" + SignupToken(testSignupKey, bo), "/s/nope/" + SignupToken(testSignupKey, "nope")} {
		code, body := tp.get(t, p)
		if code != http.StatusNotFound || !strings.Contains(body, "This link is not valid") {
			t.Errorf("GET %s: %d, want 404 saying the link is not valid", p, code)
		}
		if code, _ := tp.post(t, p, url.Values{"action": {"cancel"}}); code != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, code)
		}
	}
	if su, _ := tp.node.SignupByID(ada); su.Status != "confirmed" {
		t.Errorf("after wrong tokens ada is %q, want confirmed", su.Status)
	}

	// Ada cannot come: Bo has her seat, and is told so once (his
	// confirmation went, saying he waits, as the delivery loop records).
	waiting := false
	if err := tp.node.SetMessageState(bo+"."+node.KindConfirmation, node.MessageUpdate{State: node.StateSent, Seated: &waiting}); err != nil {
		t.Fatal(err)
	}
	if code, _ := tp.post(t, adaPath, url.Values{"action": {"cancel"}}); code != http.StatusSeeOther {
		t.Fatalf("cancel: %d, want 303", code)
	}
	_, body = tp.get(t, adaPath+"?done=cancel")
	if !strings.Contains(body, "Your place goes to the next person") || !strings.Contains(body, "sign up again") || strings.Contains(body, `value="cancel"`) {
		t.Errorf("after cancelling the page does not say so, or still offers the buttons")
	}
	if _, body = tp.get(t, boPath); !strings.Contains(body, "You have a seat.") {
		t.Errorf("bo's page does not show his new seat")
	}
	ms, err := tp.node.Outbox(node.OutboxQuery{Kind: node.KindPromoted})
	if err != nil || len(ms) != 1 || ms[0].Signup != bo {
		t.Errorf("promoted messages %v %v, want bo's", ms, err)
	}
	if code, _ := tp.post(t, adaPath, url.Values{"action": {"explode"}}); code != http.StatusBadRequest {
		t.Errorf("unknown action: %d, want 400", code)
	}
}

// TestSignupLinkOff: without a key there are no personal pages.
func TestSignupLinkOff(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 1)
	ada := signUpTest(t, tp.node, ev.ID, "Ada", shifts[0].ID)
	if code, _ := tp.get(t, SignupPath(testSignupKey, ada)); code != http.StatusNotFound {
		t.Errorf("no key: %d, want 404", code)
	}
	if ValidSignupToken(nil, ada, SignupToken(nil, ada)) {
		t.Errorf("an empty key accepts a token")
	}
}

// TestEventPageConfirmAndUndo: the organizer marks a volunteer confirmed
// from the event page, takes back a mistaken check-in there, and sees who
// moved up from the waitlist.
func TestEventPageConfirmAndUndo(t *testing.T) {
	tp := newTestPages(t)
	ev, shifts := testEvent(t, tp, "Food drive", 1)
	ada := signUpTest(t, tp.node, ev.ID, "Ada", shifts[0].ID)
	signUpTest(t, tp.node, ev.ID, "Bo", shifts[0].ID)
	page := "/events/" + ev.ID

	_, body := tp.get(t, page)
	if !strings.Contains(body, `action="`+page+`/confirm"`) || !strings.Contains(body, "Mark Ada confirmed") {
		t.Fatalf("the event page offers no confirm button for Ada")
	}
	code, loc := tp.post(t, page+"/confirm", url.Values{"signup": {ada}})
	if code != http.StatusSeeOther || loc != page+"#signup-"+ada {
		t.Fatalf("confirm: %d %q", code, loc)
	}
	_, body = tp.get(t, page)
	if strings.Contains(body, "Mark Ada confirmed") || !strings.Contains(body, "<strong>Ada</strong> <span class=\"muted\">Confirmed") {
		t.Errorf("after confirming, the page does not show Ada confirmed")
	}
	if _, err := tp.node.CheckIn(ada); err != nil {
		t.Fatal(err)
	}
	if _, body = tp.get(t, page); !strings.Contains(body, "Undo the check-in of Ada") {
		t.Fatalf("no undo button for Ada's check-in")
	}
	if code, _ := tp.post(t, page+"/undo-checkin", url.Values{"signup": {ada}}); code != http.StatusSeeOther {
		t.Fatalf("undo: %d", code)
	}
	if su, _ := tp.node.SignupByID(ada); su.Status != "confirmed" {
		t.Errorf("after undo Ada is %q, want confirmed", su.Status)
	}
	if code, _ := tp.post(t, page+"/confirm", url.Values{"signup": {"other." + ada}}); code != http.StatusNotFound {
		t.Errorf("a signup of another event: %d, want 404", code)
	}

	if _, err := tp.node.CancelSignup(ada); err != nil {
		t.Fatal(err)
	}
	_, body = tp.get(t, page)
	if !strings.Contains(body, `id="promoted"`) || !strings.Contains(html.UnescapeString(body), "Moved up from the waitlist") || !strings.Contains(body, "<strong>Bo</strong>") {
		t.Errorf("the event page does not show Bo moved up")
	}
}

// TestAPISignupLifecycle: confirm and undo check-in through the API, with
// field errors, and the personal link of a signup.
func TestAPISignupLifecycle(t *testing.T) {
	tp := newLinkServer(t)
	a := &testAPI{t: t, node: tp.node, srv: tp.srv}
	ev, shifts := testEvent(t, tp, "Food drive", 1)
	ada := signUpTest(t, tp.node, ev.ID, "Ada", shifts[0].ID)
	bo := signUpTest(t, tp.node, ev.ID, "Bo", shifts[0].ID)

	var su node.Signup
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+bo+"/confirm", nil, &su)
	if su.Status != "confirmed" || !su.Confirmed {
		t.Errorf("confirm: %+v", su)
	}
	var sv node.ShiftView
	a.must(http.StatusOK, "GET", "/api/v1/shifts/"+shifts[0].ID, nil, &sv)
	if len(sv.Waitlist) != 1 || sv.Waitlist[0].ID != bo || sv.Waitlist[0].Status != "confirmed" {
		t.Errorf("a confirmed waitlisted signup left the waitlist: %+v", sv.Waitlist)
	}
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+ada+"/checkin", nil, nil)
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+ada+"/undo-checkin", nil, &su)
	if su.Status != "signed_up" {
		t.Errorf("undo check-in: %q, want signed_up", su.Status)
	}
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+bo+"/cancel", nil, nil)
	var e errorBody
	a.must(http.StatusUnprocessableEntity, "POST", "/api/v1/signups/"+bo+"/confirm", nil, &e)
	if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "status" || e.Error.Fields[0].Code != "cancelled" {
		t.Errorf("confirm a cancelled signup: %+v, want a status field error", e)
	}
	a.must(http.StatusNotFound, "POST", "/api/v1/signups/nope/confirm", nil, nil)
	a.must(http.StatusBadRequest, "POST", "/api/v1/signups/BAD!/confirm", nil, nil)
	a.must(http.StatusNotFound, "POST", "/api/v1/signups/nope/undo-checkin", nil, nil)

	var link signupLink
	a.must(http.StatusOK, "GET", "/api/v1/signups/"+ada+"/link", nil, &link)
	if want := tp.srv.URL + SignupPath(testSignupKey, ada); link.URL != want {
		t.Errorf("link %q, want %q", link.URL, want)
	}
	a.must(http.StatusNotFound, "GET", "/api/v1/signups/nope/link", nil, nil)
}
