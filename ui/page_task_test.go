package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"muster/node"
)

// workedShift signs name up for a shift of the given hours that ended an
// hour ago and checks them in; it returns the person.
func workedShift(t testing.TB, tp *testPages, event, name string, hours int) node.Person {
	t.Helper()
	ev, err := tp.node.CreateEvent(node.EventPatch{Title: &event})
	if err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(-time.Hour).Truncate(time.Minute)
	start := end.Add(-time.Duration(hours) * time.Hour)
	s, err := tp.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: ptr(5)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tp.node.SignUp(ev.ID, node.SignupInput{Name: name, Email: strings.ToLower(name) + "@example.org", Shifts: []string{s.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tp.node.CheckIn(res.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	return res.Person
}

func testTask(t testing.TB, tp *testPages, title string, p node.TaskPatch) node.Task {
	t.Helper()
	p.Title = &title
	task, err := tp.node.CreateTask(p)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func TestTaskPagesRenderInEveryLanguage(t *testing.T) {
	tp := newTestPages(t)
	ana := workedShift(t, tp, "Food drive", "Ana", 3)
	task := testTask(t, tp, "Carry water", node.TaskPatch{Skills: &[]string{"first aid"}, PeopleNeeded: ptr(2)})
	pages := []langPage{
		{"/tasks", "Carry water", "Nueva tarea", "مهمة جديدة"},
		{"/tasks?status=open&priority=normal", "1 task", "1 tarea", "مهمة واحدة"},
		{"/tasks/new", "Create task", "Crear tarea", "إنشاء المهمة"},
		{"/tasks/" + task.ID, "Has 0 of 1 skill", "Tiene 0 de 1 habilidad", "0 من مهارة واحدة مطلوبة"},
		{"/tasks/" + task.ID + "/edit", "How many people", "Cuántas personas", "عدد الأشخاص"},
		{"/people/" + ana.ID + "/impact", "1 shift attended", "1 turno cumplido", "مناوبة واحدة تم حضورها"},
	}
	checkLanguages(t, tp, pages)
	for _, path := range []string{"/tasks/nope", "/tasks/nope/edit", "/people/nope/impact"} {
		if code, _ := tp.get(t, path); code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, code)
		}
	}
	if _, body := tp.get(t, "/"); !strings.Contains(body, `<a href="/tasks">Tasks</a>`) {
		t.Errorf("the navigation has no Tasks link")
	}
}

// TestTaskCreateSuggestAssign follows an organizer: create a task, read
// why each person is suggested, assign with one post, take them off,
// mark the task done and open it again.
func TestTaskCreateSuggestAssign(t *testing.T) {
	tp := newTestPages(t)
	ana := workedShift(t, tp, "Food drive", "Ana", 3)
	if _, err := tp.node.UpdatePerson(ana.ID, node.PersonPatch{Skills: &[]string{"first aid", "Spanish"}, Availability: ptr("weekends")}); err != nil {
		t.Fatal(err)
	}
	bo := tp.person(t, "Bo", node.PersonPatch{Skills: &[]string{"first aid"}})
	tp.person(t, "Away", node.PersonPatch{Skills: &[]string{"first aid", "spanish"}, Status: ptr("off")})

	form := url.Values{"title": {"Carry water"}, "location": {"Dock 4"}, "people_needed": {"2"},
		"skills": {"first aid, Spanish"}, "priority": {"high"}, "status": {"open"}}
	code, loc := tp.post(t, "/tasks", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks/") {
		t.Fatalf("POST /tasks: %d %s, want 303 to the task", code, loc)
	}
	_, body := tp.get(t, loc)
	for _, want := range []string{
		"Has 2 of 2 skills: first aid, spanish · available: weekends · 3 h in the last 7 days",
		"Has 1 of 2 skills: first aid · missing spanish · gave no availability · no shifts in the last 7 days",
		`id="assign-` + ana.ID + `"`, "Dock 4", "No one yet.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("task page lacks %q", want)
		}
	}
	if strings.Index(body, "assign-"+ana.ID) > strings.Index(body, "assign-"+bo.ID) {
		t.Errorf("Ana (both skills) is not suggested before Bo (one): the node's order is not kept")
	}
	if strings.Contains(body, ">Away<") {
		t.Errorf("a person who is off is suggested")
	}

	id := strings.TrimPrefix(loc, "/tasks/")
	if code, got := tp.post(t, loc+"/assign", url.Values{"person": {ana.ID}}); code != http.StatusSeeOther || got != loc {
		t.Fatalf("POST assign: %d %s, want 303 to %s", code, got, loc)
	}
	_, body = tp.get(t, loc)
	assignees := section(body, `id="assignees-h"`, `id="suggest-h"`)
	if !strings.Contains(assignees, ">Ana</a>") || !strings.Contains(assignees, `id="unassign-`+ana.ID+`"`) {
		t.Errorf("Ana is not listed as assigned after assigning:\n%s", assignees)
	}
	if strings.Contains(body, `id="assign-`+ana.ID+`"`) {
		t.Errorf("Ana is still suggested once assigned")
	}
	if !strings.Contains(body, `id="task-staffed">1 / 2`) || !strings.Contains(body, `id="task-status">Assigned`) {
		t.Errorf("the task does not say 1 of 2 assigned")
	}

	code, body = tp.post(t, loc+"/assign", url.Values{"person": {"ghost"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `role="alert">This no longer exists.`) {
		t.Errorf("assigning an unknown person: %d, want 422 with the reason", code)
	}
	if code, _ := tp.post(t, "/tasks/nope/assign", url.Values{"person": {ana.ID}}); code != http.StatusNotFound {
		t.Errorf("assign to a missing task: %d, want 404", code)
	}

	if code, _ := tp.post(t, loc+"/unassign", url.Values{"person": {ana.ID}}); code != http.StatusSeeOther {
		t.Fatalf("POST unassign: %d, want 303", code)
	}
	if task, _ := tp.node.Task(id); len(task.Assignees) != 0 || task.Status != "open" {
		t.Errorf("after unassigning: %v %s, want nobody and open", task.Assignees, task.Status)
	}

	tp.post(t, loc+"/assign", url.Values{"person": {bo.ID}})
	if code, _ := tp.post(t, loc+"/status", url.Values{"status": {"done"}}); code != http.StatusSeeOther {
		t.Fatalf("POST done: %d, want 303", code)
	}
	_, body = tp.get(t, loc)
	if !strings.Contains(body, `id="task-status">Done`) || strings.Contains(body, `id="suggest-h"`) || !strings.Contains(body, `id="task-reopen"`) {
		t.Errorf("a done task: want status Done, no suggestions and a button to open it again")
	}
	tp.post(t, loc+"/status", url.Values{"status": {"open"}})
	if task, _ := tp.node.Task(id); task.Status != "assigned" {
		t.Errorf("opened again with Bo on it: status %s, want assigned", task.Status)
	}
}

// section is the part of body between two markers.
func section(body, from, to string) string {
	i, j := strings.Index(body, from), strings.Index(body, to)
	if i < 0 || j < i {
		return ""
	}
	return body[i:j]
}

func TestTaskFormErrors(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{"title": {" "}, "people_needed": {"lots"}, "skills": {"radio"}, "priority": {"high"}, "status": {"open"}}
	code, body := tp.post(t, "/tasks", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("POST bad task: %d, want 422", code)
	}
	for _, want := range []string{
		`id="title-err"`, `aria-describedby="title-err"`, `id="people_needed-err" class="err">Enter a number`,
		`value="lots"`, `value="radio"`, `<option value="high" selected>`, "2 problems to fix",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	cases := []struct {
		name string
		form url.Values
		lang string
		want string
	}{
		{"no one needed", url.Values{"title": {"x"}, "people_needed": {"0"}, "priority": {"normal"}, "status": {"open"}}, "es",
			`id="people_needed-err" class="err">Escribe un número`},
		{"made-up priority", url.Values{"title": {"x"}, "priority": {"asap"}, "status": {"open"}}, "en",
			`id="priority-err" class="err">Choose one of the options.`},
	}
	for _, c := range cases {
		code, body := tp.post(t, "/tasks", c.form, "Accept-Language", c.lang)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want 422 with %s", c.name, code, c.want)
		}
	}
	if ts, _ := tp.node.Tasks(node.TaskQuery{}); len(ts) != 0 {
		t.Fatalf("refused forms stored %d tasks", len(ts))
	}

	task := testTask(t, tp, "Sandbags", node.TaskPatch{Location: ptr("Dock 4"), Skills: &[]string{"lifting"}})
	_, body = tp.get(t, "/tasks/"+task.ID+"/edit")
	if !strings.Contains(body, `value="Sandbags"`) || !strings.Contains(body, `value="lifting"`) {
		t.Errorf("the edit form is not filled with the task")
	}
	edit := url.Values{"title": {""}, "location": {"Dock 5"}, "people_needed": {"3"}, "priority": {"urgent"}, "status": {"open"}}
	if code, body := tp.post(t, "/tasks/"+task.ID, edit); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="title-err"`) {
		t.Errorf("edit blanking the title: %d, want 422 with the error", code)
	}
	edit.Set("title", "Sandbags for the dyke")
	if code, _ := tp.post(t, "/tasks/"+task.ID, edit); code != http.StatusSeeOther {
		t.Fatalf("POST edit: %d, want 303", code)
	}
	got, _ := tp.node.Task(task.ID)
	if got.Title != "Sandbags for the dyke" || got.Location != "Dock 5" || got.PeopleNeeded != 3 || got.Priority != "urgent" || len(got.Skills) != 0 {
		t.Errorf("after edit: %+v", got)
	}
}

func TestTaskListFilters(t *testing.T) {
	tp := newTestPages(t)
	if _, body := tp.get(t, "/tasks"); !strings.Contains(body, "No task yet") || !strings.Contains(body, `href="/tasks/new"`) {
		t.Errorf("empty list lacks the next step")
	}
	testTask(t, tp, "Coffee", node.TaskPatch{Priority: ptr("low")})
	testTask(t, tp, "Sandbags", node.TaskPatch{Priority: ptr("urgent")})
	testTask(t, tp, "Radio check", node.TaskPatch{Status: ptr("done")})
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{"Sandbags", "Radio check", "Coffee"}},
		{"?status=open", []string{"Sandbags", "Coffee"}},
		{"?status=done", []string{"Radio check"}},
		{"?priority=urgent", []string{"Sandbags"}},
		{"?status=done&priority=urgent", nil},
		{"?status=later", []string{"Sandbags", "Radio check", "Coffee"}},
	}
	title := regexp.MustCompile(`<h2 class="h3"><a href="/tasks/[^"]+">([^<]+)</a>`)
	for _, c := range cases {
		code, body := tp.get(t, "/tasks"+c.query)
		if code != http.StatusOK {
			t.Errorf("GET /tasks%s: %d", c.query, code)
			continue
		}
		var got []string
		for _, m := range title.FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("GET /tasks%s = %v, want %v", c.query, got, c.want)
		}
		if c.want == nil && !strings.Contains(body, "No task matches") {
			t.Errorf("GET /tasks%s: no message for an empty result", c.query)
		}
	}
}

func TestPersonImpactPage(t *testing.T) {
	tp := newTestPages(t)
	ana := workedShift(t, tp, "Food drive", "Ana", 3)
	// A seat on a shift that ended without her, and one ahead.
	ev, err := tp.node.CreateEvent(node.EventPatch{Title: ptr("Cleanup")})
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	ahead := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	var shifts []string
	for _, start := range []time.Time{past, ahead} {
		end := start.Add(2 * time.Hour)
		s, err := tp.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: ptr(3), Title: ptr("Litter pick")})
		if err != nil {
			t.Fatal(err)
		}
		shifts = append(shifts, s.ID)
	}
	if _, err := tp.node.SignUp(ev.ID, node.SignupInput{Name: "Ana", Email: "ana@example.org", Shifts: shifts}); err != nil {
		t.Fatal(err)
	}
	task := testTask(t, tp, "Sandbags", node.TaskPatch{})
	if _, err := tp.node.AssignTask(task.ID, []string{ana.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := tp.node.UpdateTask(task.ID, node.TaskPatch{Status: ptr("done")}); err != nil {
		t.Fatal(err)
	}

	code, body := tp.get(t, "/people/"+ana.ID+"/impact")
	if code != http.StatusOK {
		t.Fatalf("GET impact: %d", code)
	}
	for _, want := range []string{
		"Impact of Ana", `<strong>3 hours</strong> in total`, "1 shift attended", "1 event helped at",
		"1 task done", "1 no-show", "<h3>Food drive</h3>", "Cleanup · Litter pick · ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("impact page lacks %q", want)
		}
	}
	_, body = tp.get(t, "/people/"+ana.ID+"/impact", "Accept-Language", "ar")
	if !strings.Contains(body, "مهمة واحدة منجزة") || !strings.Contains(body, "غياب واحد دون إشعار") {
		t.Errorf("Arabic impact page lacks the singular forms")
	}
	if _, body := tp.get(t, "/people/"+ana.ID); !strings.Contains(body, `href="/people/`+ana.ID+`/impact"`) {
		t.Errorf("the person's page does not link to their impact")
	}
}
