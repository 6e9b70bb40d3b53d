package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// eventDay: an organizer creates an event with a shift, a volunteer signs
// up on a 360-px-wide page and sees the confirmation, an organizer checks
// them in on the check-in page, and the event page open in another tab
// shows the turnout change without a reload. It returns the pages the
// accessibility passes visit.
func eventDay(t *testing.T, e *browserEnv) []string {
	org := e.tab(t)
	e.do(t, org, "fill the event form",
		chromedp.Navigate(e.base+"/events/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), "River cleanup day"),
		chromedp.SendKeys(chromedp.CSS(`#location`), "North bank"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#s0_start").value = "2027-06-05T09:00";
			document.querySelector("#s0_end").value = "2027-06-05T12:00"`),
		chromedp.SendKeys(chromedp.CSS(`#s0_capacity`), "2"),
		chromedp.SendKeys(chromedp.CSS(`#s0_skills`), "first aid"),
	)
	e.submit(t, org, `form.form button[type=submit]`)
	e.do(t, org, "see the event", chromedp.WaitVisible(chromedp.CSS(`.shifts .seated`)))
	eventURL := eval[string](t, org, `location.pathname`)
	id := eventURL[strings.LastIndexByte(eventURL, '/')+1:]

	// The event page stays open in its own tab, live.
	watch := e.tab(t)
	e.do(t, watch, "open the event page", chromedp.Navigate(e.base+eventURL), chromedp.WaitVisible(chromedp.CSS(`.shifts .turnout`)), waitLive("on"))
	if got := eval[string](t, watch, `document.querySelector(".shifts .turnout").textContent`); !strings.HasPrefix(got, "0 / 0") {
		t.Errorf("turnout before any signup = %q, want 0 / 0", got)
	}
	eval[bool](t, watch, `window.__noReload = true`)

	phone := e.tab(t)
	e.do(t, phone, "open the signup page on a phone",
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(e.base+"/e/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#name`)),
		click(`label[for="shift-0"]`),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Vera Volunteer"),
		chromedp.SendKeys(chromedp.CSS(`#email`), "vera@example.org"),
		click(`label[for="consent_email"]`),
	)
	e.screenshot(t, phone, "signup", 360)
	if got := eval[int](t, phone, `document.documentElement.scrollWidth`); got > 360 {
		t.Errorf("signup page at 360px scrolls sideways: %dpx wide", got)
	}
	e.submit(t, phone, `form.form button[type=submit]`)
	waitJS(t, phone, "see the confirmation", `!!document.querySelector(".places .seated")`)
	if got := eval[string](t, phone, `document.querySelector(".places").textContent`); !strings.Contains(got, "You're in for") {
		t.Errorf("confirmation = %q, want You're in for …", got)
	}
	ics, err := chromedp.Run(phone, chromedp.Evaluate[string](`fetch(document.querySelector(".places a[download]").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch the calendar invite: %v", err)
	}
	if !strings.Contains(ics, "BEGIN:VCALENDAR") || !strings.Contains(ics, "River cleanup day") {
		t.Errorf("the confirmation's calendar invite is not the shift's calendar: %.200q", ics)
	}
	e.screenshot(t, phone, "signup-done", 360)
	doneURL := eval[string](t, phone, `location.pathname + location.search`)
	e.do(t, watch, "see the seat taken", chromedp.Poll[chromedp.Void](`document.querySelector(".shifts .seated").textContent.startsWith("1 / 2")`, chromedp.WithPollingTimeout(5*time.Second)))

	e.do(t, org, "search on the check-in page",
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(e.base+eventURL+"/checkin"),
		chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), "ver"),
	)
	e.submit(t, org, `form.search button[type=submit]`)
	if got := eval[string](t, org, `document.querySelector(".checkins .who strong").textContent`); got != "Vera Volunteer" {
		t.Fatalf("search ver found %q, want Vera Volunteer", got)
	}
	e.submit(t, org, `.checkins button[type=submit]`)
	waitJS(t, org, "see Vera checked in", `(document.querySelector("p.flash") || {textContent: ""}).textContent.includes("Vera Volunteer")`)
	e.screenshot(t, org, "checkin", 360)

	e.do(t, watch, "see the turnout change live",
		chromedp.Poll[chromedp.Void](`document.querySelector(".shifts .turnout").textContent.startsWith("1 / 1")`, chromedp.WithPollingTimeout(5*time.Second)))
	if !eval[bool](t, watch, `window.__noReload === true`) {
		t.Errorf("the event page reloaded instead of updating in place")
	}
	// The signup page in Arabic, right to left, and with its errors shown.
	e.do(t, phone, "open the signup page", chromedp.Navigate(e.base+"/e/"+id), chromedp.WaitVisible(chromedp.CSS(`#name`)))
	e.submit(t, phone, `button[name=lang][value=ar]`)
	defer e.submit(t, phone, `button[name=lang][value=en]`) // the cookie is shared by every tab
	if got := eval[string](t, phone, `document.documentElement.getAttribute("dir") + " " + getComputedStyle(document.body).direction`); got != "rtl rtl" {
		t.Errorf("Arabic signup page direction = %q, want rtl rtl", got)
	}
	checkAxe(t, phone, "signup (ar)")
	e.submit(t, phone, `form.form button[type=submit]`)
	e.do(t, phone, "see the errors", chromedp.WaitVisible(chromedp.CSS(`#shifts-err`)), chromedp.WaitVisible(chromedp.CSS(`#name-err`)))
	checkAxe(t, phone, "signup with errors (ar)")
	return []string{"/events", "/events/new", eventURL, eventURL + "/edit", eventURL + "/checkin", "/e/" + id, doneURL}
}
