package ui

import "net/http"

// taskNew shows the empty task form.
func (p *Pages) taskNew(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "task_form", p.taskFormView(r, "", newTaskForm(), nil))
}
