package ui

import (
	"net/http"
	"slices"

	"muster/node"
)

// outboxResponse is the body of GET /api/v1/outbox.
type outboxResponse struct {
	Messages []node.Message `json:"messages"`
}

// outboxList lists the scheduled messages with their delivery state, by
// due time, optionally only those with ?state=, ?kind=, ?event= or
// ?person=. Every node lists the same messages; only the home node of
// each changes its state (docs/outbox.md).
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := node.OutboxQuery{State: v.Get("state"), Kind: v.Get("kind"), Event: v.Get("event"), Person: v.Get("person")}
	var bad []node.FieldError
	if q.State != "" && !slices.Contains(node.MessageStates, q.State) {
		bad = append(bad, node.FieldError{Field: "state", Code: "invalid_choice", Message: "unknown state " + q.State})
	}
	if q.Kind != "" && !slices.Contains(node.MessageKinds, q.Kind) {
		bad = append(bad, node.FieldError{Field: "kind", Code: "invalid_choice", Message: "unknown kind " + q.Kind})
	}
	if len(bad) > 0 {
		writeFailure(w, r, s.log, badRequest(bad...))
		return
	}
	ms, err := s.node.Outbox(q)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, outboxResponse{Messages: nonNil(ms)})
}
