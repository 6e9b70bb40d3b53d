package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-smtp"

	"muster/internal/browsertest"
)

// TestEventDayAcrossThreeNodes: three muster processes of one team, on
// 127.0.0.1, .2 and .3, syncing for real (A is the peer of B and C). A
// volunteer signs up on node A's public page at phone width; node A, the
// one with SMTP, sends the confirmation to a real SMTP server; a helper
// checks the volunteer in on node B's check-in page, then someone on the
// roster who never signed up, found by the check-in search; and node C's
// check-in page, open all along, shows the turnout change without a
// reload.
func TestEventDayAcrossThreeNodes(t *testing.T) {
	chrome := chromiumPath(t)
	box := &mailbox{}
	mail := smtp.NewServer(box)
	mail.Domain, mail.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go mail.Serve(ln)
	defer mail.Close()

	addrA, addrB, addrC := freeAddrOn(t, "127.0.0.1"), freeAddrOn(t, "127.0.0.2"), freeAddrOn(t, "127.0.0.3")
	dataA, dataB, dataC := t.TempDir(), t.TempDir(), t.TempDir()
	startMusterArgs(t, dataA, addrA, "--smtp", ln.Addr().String(), "--smtp-from", "muster@example.org", "--outbox-interval", "100ms")
	var out, errOut bytes.Buffer
	if code := run([]string{"invite", "--data", dataA, "--http", addrA}, &out, &errOut); code != 0 {
		t.Fatalf("invite: %d %s", code, errOut.String())
	}
	code := regexp.MustCompile(`MUSTER-[A-Z0-9]+`).FindString(out.String())
	if code == "" {
		t.Fatalf("no join code in:\n%s", out.String())
	}
	for _, dir := range []string{dataB, dataC} {
		if c := run([]string{"join", "--data", dir, code}, &out, &errOut); c != 0 {
			t.Fatalf("join: %d %s", c, errOut.String())
		}
	}
	startMusterArgs(t, dataB, addrB, "--gossip", "127.0.0.2:0", "--peer", addrA)
	startMusterArgs(t, dataC, addrC, "--gossip", "127.0.0.3:0", "--peer", addrA)

	var ev struct{ ID string }
	postJSON(t, "http://"+addrA+"/api/v1/events", `{"title":"River cleanup day","location":"North bank"}`, &ev)
	postJSON(t, "http://"+addrA+"/api/v1/people", `{"name":"Walter Roster"}`, nil) // on the roster, never signs up
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	postJSON(t, "http://"+addrA+"/api/v1/events/"+ev.ID+"/shifts", `{"title":"Morning","start":"`+start.Format(time.RFC3339)+`","end":"`+start.Add(3*time.Hour).Format(time.RFC3339)+`","capacity":5}`, nil)
	var shiftID string
	for _, addr := range []string{addrB, addrC} {
		waitFor(t, 20*time.Second, addr+" has the event and its shift", func() bool {
			var e struct{ Shifts []struct{ ID string } }
			getJSONQuiet("http://"+addr+"/api/v1/events/"+ev.ID, &e)
			if len(e.Shifts) == 1 {
				shiftID = e.Shifts[0].ID
			}
			return shiftID != ""
		})
	}

	browser := startBrowser(t, chrome)
	// Node C's check-in page stays open, live, and is never reloaded.
	watch := tab(t, browser)
	do(t, watch, "open C's check-in page",
		chromedp.Navigate("http://"+addrC+"/events/"+ev.ID+"/checkin"),
		chromedp.WaitVisible(chromedp.CSS(`#checkin-total`)),
		chromedp.Poll[chromedp.Void](`(document.getElementById("live") || {dataset: {}}).dataset.state === "on"`, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
	)
	if got := eval[string](t, watch, `document.querySelector("#checkin-total").textContent`); got != "0 / 0" {
		t.Errorf("C's turnout before any signup = %q, want 0 / 0", got)
	}

	phone := tab(t, browser)
	do(t, phone, "sign up on A at phone width",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate("http://"+addrA+"/e/"+ev.ID),
		chromedp.WaitVisible(chromedp.CSS(`#name`)),
		click(`label[for="shift-0"]`),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Vera Volunteer"),
		chromedp.SendKeys(chromedp.CSS(`#email`), "vera@example.org"),
		click(`label[for="consent_email"]`),
	)
	if got := eval[int](t, phone, `document.documentElement.scrollWidth`); got > 390 {
		t.Errorf("signup page at 390px scrolls sideways: %dpx wide", got)
	}
	submit(t, phone, `form.form button[type=submit]`)
	waitJS(t, phone, "see the confirmation page", `!!document.querySelector(".places .seated")`)

	waitFor(t, 20*time.Second, "the confirmation email arrives", func() bool { return len(box.received()) > 0 })
	if msg := box.received()[0]; !strings.Contains(msg, "vera@example.org") || !strings.Contains(msg, "River cleanup day") {
		t.Errorf("confirmation email:\n%s", msg)
	}
	waitJS(t, watch, "C shows Vera's seat, live", `document.querySelector("#checkin-total").textContent === "0 / 1"`)

	helper := tab(t, browser)
	waitFor(t, 20*time.Second, "B has Vera's signup", func() bool {
		var v struct{ Seated []any }
		getJSONQuiet("http://"+addrB+"/api/v1/shifts/"+shiftID, &v)
		return len(v.Seated) == 1
	})
	do(t, helper, "find Vera on B's check-in page",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate("http://"+addrB+"/events/"+ev.ID+"/checkin?q=ver"),
		chromedp.WaitVisible(chromedp.CSS(`.checkins .who strong`)),
	)
	if got := eval[string](t, helper, `document.querySelector(".checkins .who strong").textContent`); got != "Vera Volunteer" {
		t.Fatalf("B's search for ver found %q, want Vera Volunteer", got)
	}
	submit(t, helper, `.checkins button[type=submit]`)
	waitJS(t, helper, "B says Vera is checked in", `(document.querySelector("p.flash") || {textContent: ""}).textContent.includes("Vera Volunteer")`)

	waitJS(t, watch, "C's turnout changes live", `document.querySelector("#checkin-total").textContent === "1 / 1"`)

	// Someone on the roster who did not sign up turns up: B finds him in
	// the roster and one tap signs him up and checks him in.
	do(t, helper, "find Walter in B's roster",
		chromedp.Navigate("http://"+addrB+"/events/"+ev.ID+"/checkin?q=wal"),
		chromedp.WaitVisible(chromedp.CSS(`.roster-matches .who strong`)),
	)
	if got := eval[string](t, helper, `document.querySelector(".roster-matches .who strong").textContent`); got != "Walter Roster" {
		t.Fatalf("B's roster match for wal = %q, want Walter Roster", got)
	}
	if got := eval[int](t, helper, `document.documentElement.scrollWidth`); got > 390 {
		t.Errorf("check-in page with roster matches at 390px scrolls sideways: %dpx wide", got)
	}
	submit(t, helper, `.roster-matches button[type=submit]`)
	waitJS(t, helper, "B says Walter is checked in", `(document.querySelector("p.flash") || {textContent: ""}).textContent.includes("Walter Roster")`)
	waitJS(t, watch, "C's turnout counts Walter, live", `document.querySelector("#checkin-total").textContent === "2 / 2"`)
	if !eval[bool](t, watch, `window.__noReload === true`) {
		t.Errorf("C's check-in page reloaded instead of updating in place")
	}
	waitFor(t, 10*time.Second, "A's outbox shows Vera's confirmation sent", func() bool {
		var ob struct{ Messages []struct{ To, State string } }
		getJSONQuiet("http://"+addrA+"/api/v1/outbox?kind=confirmation", &ob)
		for _, m := range ob.Messages {
			if m.To == "vera@example.org" {
				return m.State == "sent"
			}
		}
		return false
	})
	if n := len(box.received()); n != 1 {
		t.Errorf("%d emails, want exactly Vera's confirmation (Walter has no email)", n)
	}
}

// freeAddrOn returns a free port on one loopback address (Linux answers
// on all of 127.0.0.0/8).
func freeAddrOn(t *testing.T, host string) string {
	t.Helper()
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The browser steps are browsertest's, under short names.
var (
	chromiumPath = browsertest.ChromiumPath
	do           = browsertest.Do
	click        = browsertest.Click
)

func startBrowser(t *testing.T, chrome string) context.Context {
	return browsertest.Start(t, chrome)
}

// tab opens a fresh tab with a deadline on everything done in it.
func tab(t *testing.T, browser context.Context) context.Context {
	return browsertest.Tab(t, browser, 90*time.Second)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return browsertest.Eval[T](t, ctx, js)
}

func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, what, js, 20*time.Second)
}

func submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	browsertest.Submit(t, ctx, button, 20*time.Second)
}

// getJSONQuiet decodes a GET's answer into v, leaving v as it was on any
// failure (the entity not synced yet): for conditions polled until true.
func getJSONQuiet(url string, v any) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_ = json.NewDecoder(resp.Body).Decode(v)
	}
}
