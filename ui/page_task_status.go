package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// taskStatus marks a task done, or opens it again (status=open: assigned
// when people are on it).
func (p *Pages) taskStatus(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	t, ok := p.loadTask(w, r)
	if !ok {
		return
	}
	status := "done"
	if r.PostForm.Get("status") == "open" {
		status = "open"
		if len(t.Assignees) > 0 {
			status = "assigned"
		}
	}
	_, err := p.node.UpdateTask(t.ID, node.TaskPatch{Status: &status})
	var ve *node.ValidationError
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case errors.As(err, &ve):
		p.taskRefused(w, r, t.ID, ve)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/tasks/"+t.ID)
	}
}
