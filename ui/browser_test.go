package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowser drives a real muster process from a real headless Chromium:
// the paths a person takes, live updates, languages, accessibility and
// screenshots. The subtests share one process and build on each other.
func TestBrowser(t *testing.T) {
	e := newBrowserEnv(t)
	var campaignURL string
	var eventPages []string

	t.Run("CreateCampaign", func(t *testing.T) {
		ctx := e.tab(t)
		e.do(t, ctx, "fill the campaign form",
			chromedp.Navigate(e.base+"/"),
			click(`.next a.btn.primary`), // the dashboard's one next step
			chromedp.WaitVisible(chromedp.CSS(`#title`)),
			chromedp.SendKeys(chromedp.CSS(`#title`), "Clean the river"),
			chromedp.SetValue(chromedp.CSS(`#kind`), "petition"),
			chromedp.SendKeys(chromedp.CSS(`#goal_amount`), "500"),
			chromedp.SendKeys(chromedp.CSS(`#goal_unit`), "signatures"),
			chromedp.SendKeys(chromedp.CSS(`#tally`), "120"),
			chromedp.SendKeys(chromedp.CSS(`#location`), "Riverside park"),
		)
		e.submit(t, ctx, `form.form button[type=submit]`)
		e.do(t, ctx, "see the campaign", chromedp.WaitVisible(chromedp.CSS(`form.tally`)))
		if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "Clean the river" {
			t.Errorf("campaign page title = %q", got)
		}
		campaignURL = eval[string](t, ctx, `location.pathname`)
		e.do(t, ctx, "record progress", chromedp.SetValue(chromedp.CSS(`#tally`), "250"))
		e.submit(t, ctx, `form.tally button`)
		waitJS(t, ctx, "see progress", `document.querySelector(".nums").textContent.includes("(50%)")`)
		e.do(t, ctx, "open the dashboard",
			chromedp.Navigate(e.base+"/"),
			chromedp.WaitVisible(chromedp.CSS(`[data-live="campaigns"] .card`)),
		)
		if got := eval[string](t, ctx, `document.querySelector('[data-live="campaigns"]').textContent`); !strings.Contains(got, "Clean the river") || !strings.Contains(got, "250") {
			t.Errorf("dashboard does not show the campaign's progress: %q", got)
		}
	})

	t.Run("BadFormShowsFieldError", func(t *testing.T) {
		ctx := e.tab(t)
		e.do(t, ctx, "submit a bad campaign",
			chromedp.Navigate(e.base+"/campaigns/new"),
			chromedp.WaitVisible(chromedp.CSS(`#title`)),
			chromedp.SendKeys(chromedp.CSS(`#goal_amount`), "lots"),
			chromedp.SendKeys(chromedp.CSS(`#description`), "Keep this text"),
		)
		e.submit(t, ctx, `form.form button[type=submit]`)
		e.do(t, ctx, "see the error", chromedp.WaitVisible(chromedp.CSS(`#title-err`)))
		checks := []struct{ js, want string }{
			{`document.querySelector("#title").getAttribute("aria-describedby")`, "title-err"},
			{`document.querySelector("#title").getAttribute("aria-invalid")`, "true"},
			{`document.querySelector("#goal_amount-err").textContent`, "Enter a number, like 500 or 12.5."},
			{`document.querySelector("#goal_amount").value`, "lots"},
			{`document.querySelector("#description").value`, "Keep this text"},
			{`document.querySelector(".problems h2").textContent`, "2 problems to fix"},
		}
		for _, c := range checks {
			if got := eval[string](t, ctx, c.js); got != c.want {
				t.Errorf("%s = %q, want %q", c.js, got, c.want)
			}
		}
		if got, want := e.count(t, "/api/v1/campaigns", "campaigns"), 1; got != want {
			t.Errorf("campaigns after a refused form: %d, want %d", got, want)
		}
	})

	t.Run("AddPeople", func(t *testing.T) {
		ctx := e.tab(t)
		people := []struct{ name, skills, roles string }{
			{"Ana Lima", "first aid, radio", "medic"},
			{"Bo Chen", "driving", "driver"},
			{"Carla Diaz", "first aid", ""},
		}
		e.do(t, ctx, "open the form", chromedp.Navigate(e.base+"/people/new"), chromedp.WaitVisible(chromedp.CSS(`#name`)))
		for _, p := range people {
			e.do(t, ctx, "add "+p.name,
				chromedp.SendKeys(chromedp.CSS(`#name`), p.name),
				click(`details.more summary`),
				chromedp.SendKeys(chromedp.CSS(`#skills`), p.skills),
				chromedp.SendKeys(chromedp.CSS(`#roles`), p.roles),
			)
			e.submit(t, ctx, `form.form button[type=submit]`)
			waitJS(t, ctx, "see "+p.name+" added", fmt.Sprintf(`(document.querySelector("p.flash") || {textContent: ""}).textContent.includes(%q)`, p.name))
		}
	})

	t.Run("FilterRoster", func(t *testing.T) {
		ctx := e.tab(t)
		e.do(t, ctx, "filter by skill",
			chromedp.Navigate(e.base+"/people"),
			chromedp.WaitVisible(chromedp.CSS(`.people`)),
			chromedp.SetValue(chromedp.CSS(`#f-skill`), "first aid"),
		)
		e.submit(t, ctx, `form.filters button[type=submit]`)
		waitJS(t, ctx, "filtered", `location.search.includes("skill=first") && !!document.querySelector(".people")`)
		got := eval[[]string](t, ctx, `[...document.querySelectorAll(".people .who a")].map(a => a.textContent)`)
		if want := []string{"Ana Lima", "Carla Diaz"}; !slices.Equal(got, want) {
			t.Errorf("people with first aid = %v, want %v", got, want)
		}
		e.do(t, ctx, "search by name", chromedp.Navigate(e.base+"/people?q=bo"), chromedp.WaitVisible(chromedp.CSS(`.people`)))
		if got := eval[[]string](t, ctx, `[...document.querySelectorAll(".people .who a")].map(a => a.textContent)`); !slices.Equal(got, []string{"Bo Chen"}) {
			t.Errorf("search bo = %v, want [Bo Chen]", got)
		}
	})

	t.Run("BulkAction", func(t *testing.T) {
		ctx := e.tab(t)
		e.do(t, ctx, "tick two people",
			chromedp.Navigate(e.base+"/people"),
			chromedp.WaitVisible(chromedp.CSS(`.people`)),
			chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll(".people li")]
				.filter(li => ["Bo Chen", "Carla Diaz"].includes(li.querySelector(".who a").textContent))
				.forEach(li => li.querySelector("input[type=checkbox]").click())`),
			chromedp.SetValue(chromedp.CSS(`#action`), "status:deployed"),
		)
		e.submit(t, ctx, `.bulk button[type=submit]`)
		waitJS(t, ctx, "see the result", `(document.querySelector("p.flash") || {textContent: ""}).textContent === "Updated 2 people."`)
		got := eval[[]string](t, ctx, `[...document.querySelectorAll(".people li")].filter(li => li.querySelector(".badge-deployed")).map(li => li.querySelector(".who a").textContent)`)
		if want := []string{"Bo Chen", "Carla Diaz"}; !slices.Equal(got, want) {
			t.Errorf("deployed after the bulk action = %v, want %v", got, want)
		}
	})
	t.Run("EventSignupCheckin", func(t *testing.T) { eventPages = eventDay(t, e) })
	t.Run("TaskSuggestAssign", func(t *testing.T) { eventPages = append(eventPages, taskDay(t, e)...) })
	t.Run("OutboxMessages", func(t *testing.T) { eventPages = append(eventPages, outboxDay(t, e)...) })
	t.Run("SignupLink", func(t *testing.T) {
		if len(eventPages) < 3 {
			t.Skip("no event: EventSignupCheckin failed")
		}
		eventPages = append(eventPages, lifeDay(t, e, eventPages[2])...)
	})
	t.Run("WithoutJavaScript", func(t *testing.T) { withoutJavaScript(t, e) })
	t.Run("MoreData", func(t *testing.T) { moreData(t, e) })
	t.Run("SyncPage", func(t *testing.T) { syncPage(t, e) })
	t.Run("Screenshots", func(t *testing.T) { screenshots(t, e, campaignURL) })
	t.Run("LiveUpdateFromAPI", func(t *testing.T) { liveUpdates(t, e, campaignURL) })
	t.Run("ReconnectAfterRestart", func(t *testing.T) { reconnects(t, e) })
	t.Run("Languages", func(t *testing.T) { languages(t, e) })
	t.Run("Accessibility", func(t *testing.T) { accessibility(t, e, campaignURL, eventPages...) })
	t.Run("TouchTargets", func(t *testing.T) { touchTargets(t, e, campaignURL, eventPages...) })
}

// touchTargets: at 360 px every control a finger must hit is at least
// 44x44 CSS px (a checkbox counts by the label around it).
func touchTargets(t *testing.T, e *browserEnv, campaignURL string, more ...string) {
	ctx := e.tab(t)
	const small = `[...document.querySelectorAll("a, button, select, textarea, summary, input:not([type=hidden]):not([type=checkbox]), label.pick, label.check")]
		.filter(el => !el.closest(".skip") && el.offsetParent !== null)
		.map(el => [el, el.getBoundingClientRect()])
		.filter(([el, r]) => r.height < 44 || r.width < 44)
		.map(([el, r]) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "") +
			" " + Math.round(r.width) + "x" + Math.round(r.height) + " " + JSON.stringify(el.textContent.trim().slice(0, 20)))`
	pages := append([]string{"/", "/campaigns", "/campaigns/new", "/people", "/people/new", "/peers"}, more...)
	if campaignURL != "" {
		pages = append(pages, campaignURL)
	}
	for _, p := range pages {
		e.do(t, ctx, "open "+p, chromedp.EmulateViewport(360, 800), chromedp.Navigate(e.base+p), chromedp.WaitVisible(chromedp.CSS(`main`)))
		for _, s := range eval[[]string](t, ctx, small) {
			t.Errorf("%s at 360px: target smaller than 44x44: %s", p, s)
		}
	}
}

// withoutJavaScript: with scripts off, a person is added and tagged
// through plain form posts.
func withoutJavaScript(t *testing.T, e *browserEnv) {
	ctx := e.tab(t)
	e.do(t, ctx, "turn scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	e.do(t, ctx, "add a person", chromedp.Navigate(e.base+"/people/new"), chromedp.WaitVisible(chromedp.CSS(`#name`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Noor Script"))
	e.submit(t, ctx, `form.form button[type=submit]`)
	waitJS(t, ctx, "see Noor added", `(document.querySelector("p.flash") || {textContent: ""}).textContent.includes("Noor Script")`)
	e.do(t, ctx, "find Noor", chromedp.Navigate(e.base+"/people?q=noor"), chromedp.WaitVisible(chromedp.CSS(`.people`)),
		click(`.people input[type=checkbox]`),
		chromedp.SetValue(chromedp.CSS(`#action`), "role:add"),
		chromedp.SendKeys(chromedp.CSS(`#role_tag`), "nojs"))
	e.submit(t, ctx, `.bulk button[type=submit]`)
	waitJS(t, ctx, "see the bulk result", `(document.querySelector("p.flash") || {textContent: ""}).textContent === "Updated 1 person."`)
	if got := eval[string](t, ctx, `document.querySelector(".people .who .muted").textContent`); got != "#nojs" {
		t.Errorf("Noor's tags = %q, want #nojs", got)
	}
	if got := eval[bool](t, ctx, `document.getElementById("live").hidden`); !got {
		t.Errorf("the live indicator shows although scripts are off")
	}
}

// moreData adds campaigns and people through the API, so that the pages
// checked and photographed next look like a real day.
func moreData(t *testing.T, e *browserEnv) {
	for _, c := range []string{
		`{"title":"Water for Riverside","kind":"fundraiser","status":"active","goal":{"amount":12000,"unit":"EUR"},"tally":8150,"location":"Town hall"}`,
		`{"title":"Night shelter volunteers","kind":"volunteer_drive","status":"active","goal":{"amount":40,"unit":"volunteers"},"tally":9}`,
	} {
		e.api(t, "POST", "/api/v1/campaigns", c)
	}
	for _, p := range []string{
		`{"name":"Amara Okafor","skills":["nursing","first aid"],"roles":["medic"],"status":"deployed","phone":"+234 803 555 0101"}`,
		`{"name":"Farid Haddad","skills":["boat","radio"],"roles":["lead"],"status":"available","phone":"+961 3 555 012"}`,
		`{"name":"Mona Rossi","skills":["cooking"],"roles":["cook","night"],"status":"off"}`,
		`{"name":"Jun Sato","skills":["logistics","driving"],"roles":["driver"],"status":"available","phone":"+81 90 5555 0199"}`,
	} {
		e.api(t, "POST", "/api/v1/people", p)
	}
}

// waitLive waits until the page's websocket is connected.
func waitLive(state string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(document.getElementById("live") || {dataset: {}}).dataset.state === %q`, state),
		chromedp.WithPollingTimeout(20*time.Second))
}

// liveUpdates: people added through the API appear in an open roster by
// themselves, without touching what the person is doing on the page; the
// time from the write to the DOM is the benchmark figure.
//
// It stands alone too, for scripts/bench:
// go test -run 'TestBrowser/LiveUpdateFromAPI' -v ./ui | grep latency
func liveUpdates(t *testing.T, e *browserEnv, campaignURL string) {
	ctx := e.tab(t)
	e.api(t, "POST", "/api/v1/people", `{"name":"Ada Live"}`) // someone to tick
	e.do(t, ctx, "open the roster",
		chromedp.Navigate(e.base+"/people"),
		chromedp.WaitVisible(chromedp.CSS(`.people`)),
		waitLive("on"),
		click(`.people input[type=checkbox]`),
		chromedp.SendKeys(chromedp.CSS(`#q`), "Ca"), // typing, not submitted
	)
	eval[bool](t, ctx, `window.__seen = {};
		new MutationObserver(() => document.querySelectorAll(".people .who a").forEach(a => {
			if (!(a.textContent in __seen)) __seen[a.textContent] = Date.now();
		})).observe(document.body, {childList: true, subtree: true}); true`)
	var lat []time.Duration
	for i := range 20 {
		name := fmt.Sprintf("Live %02d", i)
		start := time.Now()
		e.api(t, "POST", "/api/v1/people", fmt.Sprintf(`{"name":%q}`, name))
		seen, err := chromedp.Run(ctx, chromedp.Poll[float64](fmt.Sprintf(`window.__seen[%q]`, name), chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Fatalf("%s did not appear in the open roster: %v", name, err)
		}
		lat = append(lat, time.UnixMilli(int64(seen)).Sub(start))
	}
	slices.Sort(lat)
	t.Logf("write->DOM latency over %d API writes: min %v, median %v, p95 %v, max %v",
		len(lat), lat[0].Round(time.Millisecond), lat[len(lat)/2].Round(time.Millisecond),
		lat[len(lat)*95/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	// Open pages must show a change within 1s. One slow sample in 20 is
	// tolerated (and logged): on a loaded 2-core CI machine a single write
	// can wait on the scheduler; more than one is a failure.
	slow := 0
	for _, d := range lat {
		if d > time.Second {
			slow++
			t.Logf("slow: a change took %v to show", d.Round(time.Millisecond))
		}
	}
	if slow > 1 || lat[len(lat)/2] > 500*time.Millisecond {
		t.Errorf("%d of %d changes took over 1s; median %v (want at most one over 1s, median within 500ms; the target is 200ms)", slow, len(lat), lat[len(lat)/2])
	}
	if !eval[bool](t, ctx, `document.querySelector(".people input[type=checkbox]").checked`) {
		t.Errorf("a live update cleared the tick the person had set")
	}
	if got := eval[string](t, ctx, `document.activeElement.id + "=" + document.querySelector("#q").value`); got != "q=Ca" {
		t.Errorf("focus and typed search after live updates = %q, want q=Ca", got)
	}
	e.do(t, ctx, "focus a checkbox in the list", chromedp.Focus(chromedp.CSS(`.people input[type=checkbox]`)))
	focused := eval[string](t, ctx, `document.activeElement.id`)
	swaps := eval[int](t, ctx, `window.musterSwaps || 0`)
	e.api(t, "POST", "/api/v1/people", `{"name":"Live focus"}`)
	waitJS(t, ctx, "the list refreshed", fmt.Sprintf(`(window.musterSwaps || 0) > %d`, swaps))
	if got := eval[string](t, ctx, `document.activeElement.id`); got != focused {
		t.Errorf("after a live update the focus is on %q, want %q where it was", got, focused)
	}
	if campaignURL == "" {
		return
	}
	e.do(t, ctx, "open the campaign", chromedp.Navigate(e.base+campaignURL), chromedp.WaitVisible(chromedp.CSS(`.nums`)), waitLive("on"))
	id := campaignURL[strings.LastIndexByte(campaignURL, '/')+1:]
	e.api(t, "PATCH", "/api/v1/campaigns/"+id, `{"tally": 400}`)
	e.do(t, ctx, "see the new count", chromedp.Poll[chromedp.Void](`document.querySelector(".nums").textContent.includes("(80%)")`, chromedp.WithPollingTimeout(5*time.Second)))
}

// reconnects: when the node restarts, the page says so and then picks up
// changes again by itself.
func reconnects(t *testing.T, e *browserEnv) {
	ctx := e.tab(t)
	e.do(t, ctx, "open the roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.people`)), waitLive("on"))
	e.stopMuster()
	e.do(t, ctx, "see the page go offline", waitLive("off"))
	e.startMuster()
	e.do(t, ctx, "see the page reconnect", waitLive("on"))
	e.api(t, "POST", "/api/v1/people", `{"name":"After Restart"}`)
	e.do(t, ctx, "see the change", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll(".people .who a")].some(a => a.textContent === "After Restart")`, chromedp.WithPollingTimeout(10*time.Second)))
}

// languages: the switch on every page, the choice sticking, Arabic RTL.
func languages(t *testing.T, e *browserEnv) {
	ctx := e.tab(t)
	defer func() { // the cookie is shared by every tab: back to English
		e.do(t, ctx, "back to English", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.base+"/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
		e.submit(t, ctx, `button[name=lang][value=en]`)
	}()
	e.do(t, ctx, "open the roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.people`)))
	e.submit(t, ctx, `button[name=lang][value=es]`)
	if got := eval[string](t, ctx, `location.pathname + " " + document.querySelector("h1").textContent`); got != "/people Personas" {
		t.Errorf("after switching to Spanish: %q, want the roster in Spanish", got)
	}
	e.do(t, ctx, "Spanish sticks", chromedp.Navigate(e.base+"/"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if got := eval[string](t, ctx, `document.documentElement.lang + " " + document.querySelector("h1").textContent`); got != "es Inicio" {
		t.Errorf("dashboard after the switch: %q, want es Inicio", got)
	}
	e.submit(t, ctx, `button[name=lang][value=ar]`)
	if got := eval[string](t, ctx, `document.documentElement.getAttribute("dir") + " " + getComputedStyle(document.body).direction`); got != "rtl rtl" {
		t.Errorf("Arabic page direction = %q, want rtl rtl", got)
	}
	checkAxe(t, ctx, "dashboard (ar)")
	e.do(t, ctx, "Arabic roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.people`)))
	checkAxe(t, ctx, "roster (ar)")
	e.do(t, ctx, "Arabic Sync page", chromedp.Navigate(e.base+"/peers"), chromedp.WaitVisible(chromedp.CSS(`[data-live="peers"]`)))
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "المزامنة" {
		t.Errorf("Arabic Sync page title = %q, want المزامنة", got)
	}
	checkAxe(t, ctx, "sync (ar)")
}

// accessibility: axe-core on every page, including a form showing errors.
func accessibility(t *testing.T, e *browserEnv, campaignURL string, more ...string) {
	ctx := e.tab(t)
	pages := append([]string{"/", "/campaigns", "/campaigns/new", "/people", "/people/new", "/people?skill=first+aid", "/peers", "/nope"}, more...)
	if campaignURL != "" {
		pages = append(pages, campaignURL, campaignURL+"/edit")
	}
	for _, p := range pages {
		e.do(t, ctx, "open "+p, chromedp.Navigate(e.base+p), chromedp.WaitVisible(chromedp.CSS(`main`)))
		checkAxe(t, ctx, p)
	}
	e.do(t, ctx, "open the roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.people`)))
	e.submit(t, ctx, `.people .who a`)
	e.do(t, ctx, "see the person", chromedp.WaitVisible(chromedp.CSS(`#name`)))
	checkAxe(t, ctx, "person edit")
	e.do(t, ctx, "fill a bad person form", chromedp.Evaluate[chromedp.Void](`document.querySelector("#phone").value = "call me"; document.querySelector("#email").value = "nope"`))
	e.submit(t, ctx, `form.form button[type=submit]`)
	e.do(t, ctx, "see the errors", chromedp.WaitVisible(chromedp.CSS(`#email-err`)), chromedp.WaitVisible(chromedp.CSS(`#phone-err`)))
	checkAxe(t, ctx, "person form with errors")
	e.do(t, ctx, "open the roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.bulk`)))
	e.submit(t, ctx, `.bulk button[type=submit]`)
	e.do(t, ctx, "see the bulk error", chromedp.WaitVisible(chromedp.CSS(`p.err[role=alert]`)))
	checkAxe(t, ctx, "roster with a bulk error")
}

// screenshots: the main pages at phone and laptop widths.
func screenshots(t *testing.T, e *browserEnv, campaignURL string) {
	ctx := e.tab(t)
	pages := []struct{ name, path, wait string }{
		{"dashboard", "/", `main h1`},
		{"roster", "/people", `.people`},
		{"person-new", "/people/new", `#name`},
		{"campaign-new", "/campaigns/new", `#title`},
		{"peers", "/peers", `[data-live="peers"]`},
	}
	if campaignURL != "" {
		pages = append(pages, struct{ name, path, wait string }{"campaign", campaignURL, `.nums`})
	}
	for _, p := range pages {
		for _, w := range []int64{360, 1280} {
			e.do(t, ctx, "open "+p.path, chromedp.EmulateViewport(w, 800), chromedp.Navigate(e.base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
			e.screenshot(t, ctx, p.name, w)
		}
	}
	e.do(t, ctx, "bad form", chromedp.Navigate(e.base+"/campaigns/new"), chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#goal_amount`), "lots"))
	e.submit(t, ctx, `form.form button[type=submit]`)
	e.do(t, ctx, "see the errors", chromedp.WaitVisible(chromedp.CSS(`#title-err`)))
	e.screenshot(t, ctx, "campaign-form-errors", 360)
	e.do(t, ctx, "open the dashboard", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.base+"/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	e.submit(t, ctx, `button[name=lang][value=ar]`)
	e.screenshot(t, ctx, "dashboard-ar", 360)
	e.do(t, ctx, "Arabic roster", chromedp.Navigate(e.base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.people`)))
	e.screenshot(t, ctx, "roster-ar", 360)
	e.do(t, ctx, "Arabic Sync page", chromedp.Navigate(e.base+"/peers"), chromedp.WaitVisible(chromedp.CSS(`[data-live="peers"]`)))
	e.screenshot(t, ctx, "peers-ar", 360)
	e.do(t, ctx, "back to the dashboard", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.base+"/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	e.submit(t, ctx, `button[name=lang][value=en]`)
	t.Logf("screenshots in %s", e.shots)
}
