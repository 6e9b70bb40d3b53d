package ui

import (
	"net/http"
	"slices"

	"muster/node"
)

// taskListView is the task list with its filters.
type taskListView struct {
	page
	Tasks      []taskCard
	Status     string // the filters as chosen; "" is any
	Priority   string
	Statuses   []string
	Priorities []string
	Filtered   bool
}

// taskList lists tasks, most pressing first, optionally only those of one
// status and one priority (?status=, ?priority=; an unknown value is
// ignored, as a hand-typed address deserves a page, not an error).
func (p *Pages) taskList(w http.ResponseWriter, r *http.Request) {
	v := &taskListView{page: p.newPage(r, "tasks.title", "tasks", "task person"),
		Statuses: node.TaskStatuses, Priorities: prioritiesPressingFirst()}
	q := r.URL.Query()
	if s := q.Get("status"); slices.Contains(node.TaskStatuses, s) {
		v.Status = s
	}
	if s := q.Get("priority"); slices.Contains(node.TaskPriorities, s) {
		v.Priority = s
	}
	v.Filtered = v.Status != "" || v.Priority != ""
	tasks, err := p.node.Tasks(node.TaskQuery{Status: v.Status, Priority: v.Priority})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	for _, t := range tasks {
		v.Tasks = append(v.Tasks, newTaskCard(t))
	}
	p.render(w, r, http.StatusOK, "tasks", v)
}
