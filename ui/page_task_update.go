package ui

import "net/http"

// taskUpdate saves the edited task.
func (p *Pages) taskUpdate(w http.ResponseWriter, r *http.Request) {
	p.taskSave(w, r, r.PathValue("id"))
}
