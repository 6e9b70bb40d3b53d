package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// taskAssign puts the posted person on the task: the suggestions' one-tap
// Assign button.
func (p *Pages) taskAssign(w http.ResponseWriter, r *http.Request) {
	p.taskAssignees(w, r, p.node.AssignTask)
}

// taskUnassign takes the posted person off the task.
func (p *Pages) taskUnassign(w http.ResponseWriter, r *http.Request) {
	p.taskAssignees(w, r, p.node.UnassignTask)
}

// taskAssignees applies change to the task and the posted person, then
// goes back to the task; a refusal (a person no longer on the roster) is
// shown on the task's page.
func (p *Pages) taskAssignees(w http.ResponseWriter, r *http.Request, change func(string, []string) (node.Task, error)) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	_, err := change(id, []string{r.PostForm.Get("person")})
	var ve *node.ValidationError
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case errors.As(err, &ve):
		p.taskRefused(w, r, id, ve)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/tasks/"+id)
	}
}

// taskRefused shows the task's page again with the node's reason.
func (p *Pages) taskRefused(w http.ResponseWriter, r *http.Request, id string, ve *node.ValidationError) {
	t, err := p.node.Task(id)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v, err := p.taskShowView(r, t)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v.Error = v.L.T("error.required")
	if len(ve.Fields) > 0 {
		v.Error = v.L.T("error." + ve.Fields[0].Code)
	}
	p.render(w, r, http.StatusUnprocessableEntity, "task", v)
}
