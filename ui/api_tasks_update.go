package ui

import (
	"net/http"

	"muster/node"
)

// tasksUpdate changes the fields the body sets, status included, and
// returns the task.
func (s *Server) tasksUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var p node.TaskPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	t, err := s.node.UpdateTask(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
