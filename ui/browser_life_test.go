package ui

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lifeDay: a volunteer opens the personal link of their signup (as the
// organizer's API gives it, the same link their messages carry) on a
// 360-px-wide phone, taps "I'll be there" and sees it confirmed, in
// English and in Arabic, with axe-core on each. eventURL is the event of
// eventDay. It returns the page for the accessibility passes.
func lifeDay(t *testing.T, e *browserEnv, eventURL string) []string {
	phone := e.tab(t)
	e.do(t, phone, "open the event page", chromedp.EmulateViewport(360, 740), chromedp.Navigate(e.base+eventURL), chromedp.WaitVisible(chromedp.CSS(`.shifts li.card`)))
	shift := strings.TrimPrefix(eval[string](t, phone, `document.querySelector(".shifts li.card").id`), "shift-")
	e.api(t, "POST", "/api/v1/events/"+eventURL[strings.LastIndexByte(eventURL, '/')+1:]+"/signup",
		`{"name":"Lin Link","email":"lin@example.org","consent_email":true,"shifts":["`+shift+`"]}`)
	e.do(t, phone, "see the new signup", chromedp.Navigate(e.base+eventURL), chromedp.WaitVisible(chromedp.CSS(`.signups`)))
	id := strings.TrimPrefix(eval[string](t, phone, `([...document.querySelectorAll(".signups li[id^=signup-]")].find(li => li.querySelector("form[action$='/confirm']")) || {id: ""}).id`), "signup-")
	if id == "" {
		t.Fatal("the event page lists no signup to confirm")
	}
	e.do(t, phone, "ask for the link", chromedp.Navigate(e.base+"/api/v1/signups/"+id+"/link"))
	var link signupLink
	if err := json.Unmarshal([]byte(eval[string](t, phone, `document.body.innerText`)), &link); err != nil {
		t.Fatalf("link: %v", err)
	}
	u, err := url.Parse(link.URL)
	if err != nil || !strings.HasPrefix(u.Path, "/s/"+id+"/") {
		t.Fatalf("link %q: %v", link.URL, err)
	}
	e.do(t, phone, "open the personal page", chromedp.Navigate(e.base+u.Path), chromedp.WaitVisible(chromedp.CSS(`#life-status`)))
	checkAxe(t, phone, "signup link")
	if !eval[bool](t, phone, `!!document.querySelector("button[value=confirm]")`) {
		t.Fatalf("no I'll be there button: %q", eval[string](t, phone, `document.querySelector("main").innerText`))
	}
	e.submit(t, phone, `button[value=confirm]`)
	waitJS(t, phone, "see it confirmed", `(document.querySelector("#life-status") || {textContent: ""}).textContent === "Confirmed" && !!document.querySelector("p.flash")`)
	checkAxe(t, phone, "signup link confirmed")

	e.submit(t, phone, `button[name=lang][value=ar]`)
	defer e.submit(t, phone, `button[name=lang][value=en]`) // the cookie is shared by every tab
	waitJS(t, phone, "see it in Arabic", `document.documentElement.getAttribute("dir") === "rtl" && document.querySelector("#life-status").textContent === "مؤكَّد"`)
	checkAxe(t, phone, "signup link (ar)")
	return []string{u.Path}
}
