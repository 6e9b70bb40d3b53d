package ui

import "net/http"

// taskEdit shows the form filled with the task as it is now.
func (p *Pages) taskEdit(w http.ResponseWriter, r *http.Request) {
	t, ok := p.loadTask(w, r)
	if !ok {
		return
	}
	p.render(w, r, http.StatusOK, "task_form", p.taskFormView(r, t.ID, taskFormOf(t), nil))
}
