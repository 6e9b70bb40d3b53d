package ui

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// outboxDay: on a 360-px-wide phone an organizer goes from the dashboard
// to the Messages page in one tap, sees the signup's confirmation with its
// state, learns that this node has no channel set up (the test's muster
// runs without --smtp or --sms-gateway), filters by state without
// JavaScript's help, and reads the page in Arabic. It runs after eventDay
// and returns the pages the accessibility passes visit.
func outboxDay(t *testing.T, e *browserEnv) []string {
	phone := e.tab(t)
	e.do(t, phone, "open the dashboard on a phone",
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(e.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a.go[href="/outbox"]`)),
	)
	e.submit(t, phone, `a.go[href="/outbox"]`)
	waitJS(t, phone, "see the messages", `!!document.querySelector(".messages .msg")`)
	vera := `[...document.querySelectorAll(".messages .msg")].find(li => li.querySelector("h2 a").textContent === "Vera Volunteer" && li.querySelector(".kind").textContent === "Confirmation of the signup")`
	if got := eval[string](t, phone, `(`+vera+` || {textContent: ""}).textContent.replace(/\s+/g, " ")`); !strings.Contains(got, "Email: vera@example.org") || !strings.Contains(got, "River cleanup day") {
		t.Errorf("Vera's confirmation card = %q, want her address and the event", got)
	}
	if got := eval[string](t, phone, `(document.querySelector("#no-channel") || {textContent: ""}).textContent`); !strings.HasPrefix(got, "No email server or SMS gateway is set up on this device") {
		t.Errorf("no-channel notice = %q, want it said plainly", got)
	}
	if got := eval[int](t, phone, `document.documentElement.scrollWidth`); got > 360 {
		t.Errorf("messages page at 360px scrolls sideways: %dpx wide", got)
	}
	e.screenshot(t, phone, "outbox", 360)
	state := eval[string](t, phone, vera+`.querySelector(".state").className.replace(/.*badge-msg-(\w+).*/, "$1")`)
	e.do(t, phone, "filter by state", chromedp.SetValue(chromedp.CSS(`#f-state`), state))
	e.submit(t, phone, `form.filters button[type=submit]`)
	waitJS(t, phone, "see the filtered list", `location.search.includes("state=`+state+`") && !!document.querySelector(".messages .msg")`)
	if n := eval[int](t, phone, `[...document.querySelectorAll(".messages .state")].filter(b => !b.classList.contains("badge-msg-`+state+`")).length`); n != 0 {
		t.Errorf("filtered by %s, %d messages in another state are listed", state, n)
	}
	e.submit(t, phone, `button[name=lang][value=ar]`)
	defer e.submit(t, phone, `button[name=lang][value=en]`) // the cookie is shared by every tab
	if got := eval[string](t, phone, `document.documentElement.getAttribute("dir") + " " + document.querySelector("h1").textContent`); got != "rtl الرسائل" {
		t.Errorf("Arabic messages page = %q, want rtl الرسائل", got)
	}
	checkAxe(t, phone, "messages (ar)")
	e.screenshot(t, phone, "outbox-ar", 360)
	return []string{"/outbox", "/outbox?state=" + state}
}
