package ui

import (
	"net/http"
	"slices"
	"strings"

	"muster/node"
)

// tasksResponse is the body of GET /api/v1/tasks.
type tasksResponse struct {
	Tasks []node.Task `json:"tasks"`
}

// tasksList lists tasks, most pressing first, then oldest first,
// optionally only those with ?status= and ?priority=.
func (s *Server) tasksList(w http.ResponseWriter, r *http.Request) {
	q := node.TaskQuery{Status: r.URL.Query().Get("status"), Priority: r.URL.Query().Get("priority")}
	if err := checkChoice("status", q.Status, node.TaskStatuses); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	if err := checkChoice("priority", q.Priority, node.TaskPriorities); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	ts, err := s.node.Tasks(q)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, tasksResponse{Tasks: nonNil(ts)})
}

// checkChoice refuses a query parameter that is set to none of choices.
func checkChoice(field, v string, choices []string) error {
	if v == "" || slices.Contains(choices, v) {
		return nil
	}
	return badRequest(node.FieldError{Field: field, Code: "invalid_choice",
		Message: field + " must be one of: " + strings.Join(choices, ", ")})
}
