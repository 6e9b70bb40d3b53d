package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// taskShowView is a task's page: what it needs, who is on it, and who to
// put on it next.
type taskShowView struct {
	page
	T           taskCard
	Assignees   []assigneeRow
	Suggestions []suggestionRow
	Error       string // an assignment the node refused
}

// taskShow shows a task with its assignees and the node's suggestions.
func (p *Pages) taskShow(w http.ResponseWriter, r *http.Request) {
	t, ok := p.loadTask(w, r)
	if !ok {
		return
	}
	v, err := p.taskShowView(r, t)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "task", v)
}

func (p *Pages) taskShowView(r *http.Request, t node.Task) (*taskShowView, error) {
	v := &taskShowView{page: p.newPage(r, "", "tasks", "task person signup"), T: newTaskCard(t)}
	v.Title = t.Title
	for _, id := range t.Assignees {
		row := assigneeRow{ID: id}
		person, err := p.node.Person(id)
		switch {
		case errors.Is(err, node.ErrNotFound):
			row.Gone, row.Name = true, v.L.T("task.gone")
		case err != nil:
			return nil, err
		default:
			row.Name = person.Name
		}
		v.Assignees = append(v.Assignees, row)
	}
	if v.T.Done() {
		return v, nil
	}
	sugs, err := p.node.SuggestAssignees(t.ID, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range sugs {
		v.Suggestions = append(v.Suggestions, suggestionRow{ID: s.Person.ID, Name: s.Person.Name, Why: why(v.L, t, s)})
	}
	return v, nil
}
