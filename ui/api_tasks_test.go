package ui

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"muster/node"
)

func (a *testAPI) createTask(p node.TaskPatch) node.Task {
	a.t.Helper()
	var got node.Task
	a.must(http.StatusCreated, "POST", "/api/v1/tasks", p, &got)
	return got
}

func TestTasksAPI(t *testing.T) {
	a := newTestAPI(t)
	var task node.Task
	res := a.must(http.StatusCreated, "POST", "/api/v1/tasks", map[string]any{
		"title": "Sandbags", "location": "Dock 4", "people_needed": 2,
		"skills": []string{"Lifting"}, "priority": "high",
	}, &task)
	if got, want := res.Header.Get("Location"), "/api/v1/tasks/"+task.ID; got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
	if task.Status != "open" || task.Priority != "high" || !slices.Equal(task.Skills, []string{"lifting"}) {
		t.Errorf("created task = %+v", task)
	}
	a.createTask(node.TaskPatch{Title: ptrTo("Coffee"), Priority: ptrTo("low")})

	var got node.Task
	a.must(http.StatusOK, "GET", "/api/v1/tasks/"+task.ID, nil, &got)
	if got.ID != task.ID || got.Title != "Sandbags" {
		t.Errorf("GET task = %+v", got)
	}
	a.must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, map[string]any{"status": "done"}, &got)
	if got.Status != "done" || got.Location != "Dock 4" {
		t.Errorf("after PATCH status: %+v", got)
	}

	var list struct{ Tasks []node.Task }
	a.must(http.StatusOK, "GET", "/api/v1/tasks", nil, &list)
	if len(list.Tasks) != 2 || list.Tasks[0].ID != task.ID {
		t.Errorf("list = %+v, want the high task first of 2", list.Tasks)
	}
	a.must(http.StatusOK, "GET", "/api/v1/tasks?status=open", nil, &list)
	if len(list.Tasks) != 1 || list.Tasks[0].Title != "Coffee" {
		t.Errorf("open tasks = %+v, want only Coffee", list.Tasks)
	}

	p := a.createPerson(node.PersonPatch{Name: ptrTo("Ada")})
	a.must(http.StatusOK, "POST", "/api/v1/tasks/"+task.ID+"/assign", map[string]any{"people": []string{p.ID}}, &got)
	if !slices.Equal(got.Assignees, []string{p.ID}) {
		t.Errorf("assignees = %v, want [%s]", got.Assignees, p.ID)
	}
	a.must(http.StatusOK, "POST", "/api/v1/tasks/"+task.ID+"/unassign", map[string]any{"people": []string{p.ID}}, &got)
	if len(got.Assignees) != 0 {
		t.Errorf("assignees after unassign = %v, want none", got.Assignees)
	}
	a.must(http.StatusNotFound, "GET", "/api/v1/tasks/nope", nil, nil)
}

func TestTasksAPIRefusals(t *testing.T) {
	a := newTestAPI(t)
	task := a.createTask(node.TaskPatch{Title: ptrTo("Sandbags")})
	base := "/api/v1/tasks/" + task.ID
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"no title", "POST", "/api/v1/tasks", `{"location":"x"}`, 422, "title"},
		{"zero people", "POST", "/api/v1/tasks", `{"title":"x","people_needed":0}`, 422, "people_needed"},
		{"bad priority", "POST", "/api/v1/tasks", `{"title":"x","priority":"asap"}`, 422, "priority"},
		{"unknown event", "POST", "/api/v1/tasks", `{"title":"x","event":"nope"}`, 422, "event"},
		{"unknown field", "POST", "/api/v1/tasks", `{"title":"x","colour":"red"}`, 400, "colour"},
		{"wrong type", "POST", "/api/v1/tasks", `{"title":"x","people_needed":"two"}`, 400, "people_needed"},
		{"bad status", "PATCH", base, `{"status":"doing"}`, 422, "status"},
		{"blank title", "PATCH", base, `{"title":""}`, 422, "title"},
		{"missing task", "PATCH", "/api/v1/tasks/nope", `{"status":"done"}`, 404, ""},
		{"assign nobody", "POST", base + "/assign", `{"people":[]}`, 422, "people"},
		{"assign unknown", "POST", base + "/assign", `{"people":["ghost"]}`, 422, "people"},
		{"assign bad body", "POST", base + "/assign", `{"person":"x"}`, 400, "person"},
		{"bad filter", "GET", "/api/v1/tasks?status=later", ``, 400, "status"},
		{"bad limit", "GET", base + "/suggestions?limit=0", ``, 400, "limit"},
		{"suggest missing", "GET", "/api/v1/tasks/nope/suggestions", ``, 404, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := a.snapshot()
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			res := a.do(c.method, c.path, body)
			if res.Status != c.status {
				t.Fatalf("status = %d, want %d; body %s", res.Status, c.status, res.Body)
			}
			var eb errorBody
			if err := json.Unmarshal(res.Body, &eb); err != nil {
				t.Fatalf("decode %s: %v", res.Body, err)
			}
			if c.field != "" && (len(eb.Error.Fields) == 0 || eb.Error.Fields[0].Field != c.field) {
				t.Errorf("fields = %+v, want %q first", eb.Error.Fields, c.field)
			}
			if after := a.snapshot(); after != before {
				t.Errorf("store changed: digest %s ops %d -> digest %s ops %d",
					before.Digest, before.Ops, after.Digest, after.Ops)
			}
		})
	}
	var got node.Task
	a.must(http.StatusOK, "GET", base, nil, &got)
	if got.Title != "Sandbags" || got.Status != "open" || len(got.Assignees) != 0 {
		t.Errorf("task after refusals = %+v", got)
	}
}

// TestTasksAPISuggestions checks the ranking end to end: skills first, then
// given availability, then the fewest attended hours in the last 7 days.
func TestTasksAPISuggestions(t *testing.T) {
	a := newTestAPI(t)
	var ev node.Event
	a.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Kitchen"}, &ev)
	now := time.Now().UTC()
	start, end := now.Add(-30*time.Hour), now.Add(-26*time.Hour)
	var shift node.Shift
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/shifts",
		node.ShiftPatch{Start: &start, End: &end, Capacity: ptrTo(5)}, &shift)
	var signup node.SignupResult
	a.must(http.StatusCreated, "POST", "/api/v1/events/"+ev.ID+"/signup",
		node.SignupInput{Name: "Tired", Email: "tired@example.org", Shifts: []string{shift.ID}}, &signup)
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+signup.Signups[0].ID+"/checkin", nil, nil)
	cook := &[]string{"cooking", "driving"}
	a.must(http.StatusOK, "PATCH", "/api/v1/people/"+signup.Person.ID,
		node.PersonPatch{Skills: cook, Availability: ptrTo("weekends")}, nil)
	fresh := a.createPerson(node.PersonPatch{Name: ptrTo("Fresh"), Skills: cook, Availability: ptrTo("evenings")})
	vague := a.createPerson(node.PersonPatch{Name: ptrTo("Vague"), Skills: cook})
	half := a.createPerson(node.PersonPatch{Name: ptrTo("Half"), Skills: &[]string{"cooking"}, Availability: ptrTo("any")})
	a.createPerson(node.PersonPatch{Name: ptrTo("Away"), Skills: cook, Status: ptrTo("off")})
	task := a.createTask(node.TaskPatch{Title: ptrTo("Lunch run"), Skills: cook})

	var out struct{ Suggestions []node.Suggestion }
	a.must(http.StatusOK, "GET", "/api/v1/tasks/"+task.ID+"/suggestions?limit=10", nil, &out)
	var ids []string
	for _, s := range out.Suggestions {
		ids = append(ids, s.Person.ID)
	}
	if want := []string{fresh.ID, signup.Person.ID, vague.ID, half.ID}; !slices.Equal(ids, want) {
		t.Fatalf("order = %v, want %v (Fresh, Tired, Vague, Half)", ids, want)
	}
	if got, want := out.Suggestions[1].HoursLast7Days, 4.0; got != want {
		t.Errorf("Tired's hours = %v, want %v", got, want)
	}
	if s := out.Suggestions[3]; s.Score != 0.5 || !slices.Equal(s.MissingSkills, []string{"driving"}) {
		t.Errorf("Half's reasons = %+v, want score 0.5, missing driving", s)
	}
	a.must(http.StatusOK, "GET", "/api/v1/tasks/"+task.ID+"/suggestions?limit=1", nil, &out)
	if len(out.Suggestions) != 1 || out.Suggestions[0].Person.ID != fresh.ID {
		t.Errorf("limit=1: %+v, want only Fresh", out.Suggestions)
	}
}
