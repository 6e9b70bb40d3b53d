package ui

import (
	"net/http"

	"muster/node"
)

// tasksCreate adds a task from a TaskPatch: 201 with the task and its
// Location.
func (s *Server) tasksCreate(w http.ResponseWriter, r *http.Request) {
	var p node.TaskPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	t, err := s.node.CreateTask(p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("tasks", t.ID))
	writeJSON(w, http.StatusCreated, t)
}
