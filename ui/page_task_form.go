package ui

import (
	"net/http"
	"strconv"
	"strings"

	"muster/node"
)

// taskForm is what the task form posts, kept as typed.
type taskForm struct {
	Title, Location, PeopleNeeded, Skills, Priority, Status string
}

// taskFields is the form's field order, for the error summary.
var taskFields = []string{"title", "location", "people_needed", "skills", "priority", "status"}

type taskFormView struct {
	page
	ID         string // empty when creating
	Form       taskForm
	Errors     formErrors
	Problems   []problem
	Priorities []string
	Statuses   []string
}

func (p *Pages) taskFormView(r *http.Request, id string, f taskForm, errs formErrors) *taskFormView {
	title := "task.new.title"
	if id != "" {
		title = "task.edit.title"
	}
	v := &taskFormView{page: p.newPage(r, title, "tasks", ""), ID: id, Form: f, Errors: errs,
		Priorities: prioritiesPressingFirst(), Statuses: node.TaskStatuses}
	v.Problems = errs.summary(v.L, "task.f.", taskFields)
	return v
}

// newTaskForm is the empty form: one person, normal priority, open.
func newTaskForm() taskForm {
	return taskForm{PeopleNeeded: "1", Priority: "normal", Status: "open"}
}

func readTaskForm(r *http.Request) taskForm {
	v := r.PostForm.Get
	return taskForm{Title: v("title"), Location: v("location"), PeopleNeeded: v("people_needed"),
		Skills: v("skills"), Priority: v("priority"), Status: v("status")}
}

func taskFormOf(t node.Task) taskForm {
	return taskForm{Title: t.Title, Location: t.Location, PeopleNeeded: strconv.Itoa(t.PeopleNeeded),
		Skills: strings.Join(t.Skills, ", "), Priority: t.Priority, Status: t.Status}
}

// patch converts the form, every field set so that clearing one clears
// it; the node checks the rest and names every bad field at once.
func (f taskForm) patch(l *Locale) (node.TaskPatch, formErrors) {
	errs := formErrors{}
	if strings.TrimSpace(f.Title) == "" {
		errs["title"] = l.T("error.required")
	}
	p := node.TaskPatch{
		Title: ptr(strings.TrimSpace(f.Title)), Location: ptr(strings.TrimSpace(f.Location)),
		Skills: ptr(splitList(f.Skills)), Priority: ptr(f.Priority), Status: ptr(f.Status),
	}
	if s := strings.TrimSpace(f.PeopleNeeded); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs["people_needed"] = l.T("error.invalid_number")
		}
		p.PeopleNeeded = &n
	}
	return p, errs
}

// taskSave handles both create (no id) and update: it stores the task or
// shows the form again, everything typed kept and each problem next to
// its field.
func (p *Pages) taskSave(w http.ResponseWriter, r *http.Request, id string) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	l := p.cats.pick(r)
	f := readTaskForm(r)
	patch, errs := f.patch(l)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "task_form", p.taskFormView(r, id, f, errs))
		return
	}
	var t node.Task
	var err error
	if id == "" {
		t, err = p.node.CreateTask(patch)
	} else {
		t, err = p.node.UpdateTask(id, patch)
	}
	if fe, ok := fieldErrors(l, err, taskFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "task_form", p.taskFormView(r, id, f, fe))
		return
	}
	p.redirectAfter(w, r, err, "/tasks/"+t.ID)
}
