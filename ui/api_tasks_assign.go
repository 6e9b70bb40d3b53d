package ui

import (
	"net/http"

	"muster/node"
)

// assignRequest is the body of the assign and unassign calls.
type assignRequest struct {
	People []string `json:"people"`
}

// tasksAssign adds the body's people to a task and returns the task.
func (s *Server) tasksAssign(w http.ResponseWriter, r *http.Request) {
	s.changeAssignees(w, r, s.node.AssignTask)
}

// tasksUnassign takes the body's people off a task and returns the task.
func (s *Server) tasksUnassign(w http.ResponseWriter, r *http.Request) {
	s.changeAssignees(w, r, s.node.UnassignTask)
}

func (s *Server) changeAssignees(w http.ResponseWriter, r *http.Request, change func(string, []string) (node.Task, error)) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var in assignRequest
	if err := readJSON(w, r, &in); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	t, err := change(id, in.People)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
