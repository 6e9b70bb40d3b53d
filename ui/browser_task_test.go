package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// taskDay: on a 360-px-wide phone an organizer creates a task needing
// first aid, sees Ana Lima (added by AddPeople) suggested with why, assigns
// her with one tap, sees her listed, marks the task done and finds it on
// her impact page; a task list open in another tab shows the new task by
// itself. It returns the pages the accessibility passes visit.
func taskDay(t *testing.T, e *browserEnv) []string {
	watch := e.tab(t)
	e.do(t, watch, "open the task list", chromedp.Navigate(e.base+"/tasks"), chromedp.WaitVisible(chromedp.CSS(`[data-live="tasks"]`)), waitLive("on"))
	eval[bool](t, watch, `window.__noReload = true`)

	phone := e.tab(t)
	e.do(t, phone, "open the task list on a phone",
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(e.base+"/tasks"),
		chromedp.WaitVisible(chromedp.CSS(`.head a.btn.primary`)),
	)
	e.submit(t, phone, `.head a.btn.primary`) // the clear next step: New task
	e.do(t, phone, "see the form", chromedp.WaitVisible(chromedp.CSS(`#title`)))
	e.submit(t, phone, `form.form button[type=submit]`)
	e.do(t, phone, "see the error", chromedp.WaitVisible(chromedp.CSS(`#title-err`)))
	checkAxe(t, phone, "task form with errors")
	e.do(t, phone, "fill the task form",
		chromedp.SendKeys(chromedp.CSS(`#title`), "Carry water to the shelter"),
		chromedp.SendKeys(chromedp.CSS(`#location`), "Dock 4"),
		chromedp.SendKeys(chromedp.CSS(`#skills`), "first aid"),
		chromedp.SetValue(chromedp.CSS(`#priority`), "urgent"),
	)
	e.submit(t, phone, `form.form button[type=submit]`)
	waitJS(t, phone, "see the suggestions", `!!document.querySelector(".suggestions li")`)
	taskURL := eval[string](t, phone, `location.pathname`)

	first := `document.querySelector(".suggestions li")`
	if got := eval[string](t, phone, first+`.querySelector(".who a").textContent`); got != "Ana Lima" {
		t.Errorf("first suggestion = %q, want Ana Lima (the one with first aid)", got)
	}
	if got := eval[string](t, phone, first+`.querySelector(".why").textContent`); !strings.HasPrefix(got, "Has 1 of 1 skill: first aid · ") {
		t.Errorf("why Ana Lima = %q, want it to start with Has 1 of 1 skill: first aid", got)
	}
	if got := eval[int](t, phone, `document.documentElement.scrollWidth`); got > 360 {
		t.Errorf("task page at 360px scrolls sideways: %dpx wide", got)
	}
	e.submit(t, phone, `.suggestions li button[type=submit]`) // one tap: Assign
	waitJS(t, phone, "see Ana Lima assigned", `[...document.querySelectorAll(".assignees .who a")].some(a => a.textContent === "Ana Lima")`)
	if eval[bool](t, phone, `[...document.querySelectorAll(".suggestions .who a")].some(a => a.textContent === "Ana Lima")`) {
		t.Errorf("Ana Lima is still suggested once assigned")
	}
	e.screenshot(t, phone, "task", 360)
	e.submit(t, phone, `button[name=lang][value=ar]`)
	if got := eval[string](t, phone, `document.documentElement.getAttribute("dir") + " " + document.querySelector("#task-done").textContent`); got != "rtl تحديدها كمنجزة" {
		t.Errorf("Arabic task page = %q, want rtl with its buttons in Arabic", got)
	}
	checkAxe(t, phone, "task (ar)")
	e.screenshot(t, phone, "task-ar", 360)
	e.submit(t, phone, `button[name=lang][value=en]`) // the cookie is shared by every tab
	impactURL := eval[string](t, phone, `document.querySelector(".assignees .who a").getAttribute("href")`)

	e.do(t, watch, "see the new task in the open list",
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-live="tasks"]').textContent.includes("Carry water to the shelter")`, chromedp.WithPollingTimeout(5*time.Second)))
	if !eval[bool](t, watch, `window.__noReload === true`) {
		t.Errorf("the task list reloaded instead of updating in place")
	}

	e.submit(t, phone, `#task-done`)
	waitJS(t, phone, "see the task done", `(document.querySelector("#task-status") || {}).textContent === "Done"`)
	e.do(t, phone, "open Ana Lima's impact", chromedp.Navigate(e.base+impactURL), chromedp.WaitVisible(chromedp.CSS(`#impact-tasks`)))
	if got := eval[string](t, phone, `document.querySelector("#impact-tasks").textContent`); got != "1 task done" {
		t.Errorf("Ana Lima's impact says %q, want 1 task done", got)
	}
	e.screenshot(t, phone, "impact", 360)
	e.do(t, phone, "open the task list", chromedp.Navigate(e.base+"/tasks"), chromedp.WaitVisible(chromedp.CSS(`.tasks`)))
	e.screenshot(t, phone, "tasks", 360)
	return []string{"/tasks", "/tasks?status=done", "/tasks/new", taskURL, taskURL + "/edit", impactURL}
}
