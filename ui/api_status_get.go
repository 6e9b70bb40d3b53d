package ui

import "net/http"

// statusGet reports the node: id, op count, version vector, store size.
func (s *Server) statusGet(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.node.Status())
}
