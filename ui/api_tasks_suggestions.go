package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"muster/node"
)

// maxSuggestions is the largest ?limit= of suggestions.
const maxSuggestions = 100

// suggestionsResponse is the body of GET /api/v1/tasks/{id}/suggestions.
type suggestionsResponse struct {
	Suggestions []node.Suggestion `json:"suggestions"`
}

// tasksSuggestions ranks who to assign to a task, with the reasons, first
// ?limit= (1..100, default 5).
func (s *Server) tasksSuggestions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSuggestions {
			writeFailure(w, r, s.log, badRequest(node.FieldError{Field: "limit", Code: "invalid_number",
				Message: fmt.Sprintf("limit must be a whole number from 1 to %d, not %q", maxSuggestions, v)}))
			return
		}
		limit = n
	}
	out, err := s.node.SuggestAssignees(id, limit)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, suggestionsResponse{Suggestions: nonNil(out)})
}
