package node

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestTaskLifecycle(t *testing.T) {
	n := openTest(t, t.TempDir())
	ev := mustEvent(t, n, "Flood relief")
	task, err := n.CreateTask(TaskPatch{Title: ptr(" Sandbags "), Location: ptr("Dock 4"),
		PeopleNeeded: ptr(3), Skills: &[]string{"Lifting", "driving", "lifting"}, Event: &ev.ID})
	if err != nil {
		t.Fatalf("CreateTask: %v", err)
	}
	if got, want := task.Title, "Sandbags"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := task.Skills, []string{"driving", "lifting"}; !slices.Equal(got, want) {
		t.Errorf("skills = %v, want %v", got, want)
	}
	if task.Priority != "normal" || task.Status != "open" || task.PeopleNeeded != 3 || task.Event != ev.ID {
		t.Errorf("defaults: got %+v", task)
	}
	a, _ := n.CreatePerson(PersonPatch{Name: ptr("Ada")})
	b, _ := n.CreatePerson(PersonPatch{Name: ptr("Bo")})
	task, err = n.AssignTask(task.ID, []string{a.ID, b.ID})
	if err != nil {
		t.Fatalf("AssignTask: %v", err)
	}
	if got, want := task.Status, "assigned"; got != want {
		t.Errorf("status after assign = %q, want %q", got, want)
	}
	if got, want := len(task.Assignees), 2; got != want {
		t.Errorf("assignees = %v, want %d", task.Assignees, want)
	}
	if task, err = n.UnassignTask(task.ID, []string{a.ID, b.ID}); err != nil {
		t.Fatalf("UnassignTask: %v", err)
	}
	if got, want := task.Status, "open"; got != want || len(task.Assignees) != 0 {
		t.Errorf("after unassign: status %q assignees %v, want %q and none", got, task.Assignees, want)
	}
	task, err = n.UpdateTask(task.ID, TaskPatch{Status: ptr("done"), Priority: ptr("urgent"), Location: ptr("")})
	if err != nil {
		t.Fatalf("UpdateTask: %v", err)
	}
	if task.Status != "done" || task.Priority != "urgent" || task.Location != "" || task.Title != "Sandbags" {
		t.Errorf("after update: %+v", task)
	}
}

func TestTaskValidation(t *testing.T) {
	n := openTest(t, t.TempDir())
	cases := []struct {
		name  string
		patch TaskPatch
		field string
		code  string
	}{
		{"no title", TaskPatch{}, "title", "required"},
		{"blank title", TaskPatch{Title: ptr("  ")}, "title", "required"},
		{"zero people", TaskPatch{Title: ptr("x"), PeopleNeeded: ptr(0)}, "people_needed", "invalid_number"},
		{"bad priority", TaskPatch{Title: ptr("x"), Priority: ptr("asap")}, "priority", "invalid_choice"},
		{"bad status", TaskPatch{Title: ptr("x"), Status: ptr("doing")}, "status", "invalid_choice"},
		{"unknown event", TaskPatch{Title: ptr("x"), Event: ptr("nope")}, "event", "not_found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := n.Status().Ops
			_, err := n.CreateTask(c.patch)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if got := ve.Fields[0]; got.Field != c.field || got.Code != c.code {
				t.Errorf("got %s/%s, want %s/%s", got.Field, got.Code, c.field, c.code)
			}
			if got := n.Status().Ops; got != before {
				t.Errorf("ops = %d, want %d: a refused task was stored", got, before)
			}
		})
	}
	task, _ := n.CreateTask(TaskPatch{Title: ptr("x")})
	if _, err := n.AssignTask(task.ID, []string{"nobody"}); err == nil {
		t.Errorf("assigning an unknown person: got nil error")
	}
	if _, err := n.AssignTask(task.ID, nil); err == nil {
		t.Errorf("assigning no one: got nil error")
	}
	if _, err := n.UpdateTask("missing", TaskPatch{Status: ptr("done")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update missing task: got %v, want ErrNotFound", err)
	}
}

// openTicking opens a node whose clock moves one second per reading, so
// that creation order is unambiguous.
func openTicking(t *testing.T, start time.Time) *Node {
	t.Helper()
	var mu sync.Mutex
	now := start
	n, err := Open(Config{Dir: t.TempDir(), Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func TestTasksOrderAndFilter(t *testing.T) {
	n := openTicking(t, shiftStart)
	mk := func(title, priority string) Task {
		task, err := n.CreateTask(TaskPatch{Title: &title, Priority: &priority})
		if err != nil {
			t.Fatalf("CreateTask: %v", err)
		}
		return task
	}
	mk("low one", "low")
	mk("high one", "high")
	mk("urgent one", "urgent")
	done := mk("high two", "high")
	if _, err := n.UpdateTask(done.ID, TaskPatch{Status: ptr("done")}); err != nil {
		t.Fatal(err)
	}
	titles := func(q TaskQuery) []string {
		ts, err := n.Tasks(q)
		if err != nil {
			t.Fatalf("Tasks(%+v): %v", q, err)
		}
		var out []string
		for _, x := range ts {
			out = append(out, x.Title)
		}
		return out
	}
	if got, want := titles(TaskQuery{}), []string{"urgent one", "high one", "high two", "low one"}; !slices.Equal(got, want) {
		t.Errorf("all = %v, want %v", got, want)
	}
	if got, want := titles(TaskQuery{Status: "open", Priority: "high"}), []string{"high one"}; !slices.Equal(got, want) {
		t.Errorf("open high = %v, want %v", got, want)
	}
	if _, err := n.Tasks(TaskQuery{Status: "later"}); err == nil {
		t.Errorf("bad status filter: got nil error")
	}
}
