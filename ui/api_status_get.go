package ui

import (
	"net/http"

	"muster/node"
)

// statusReport is the node's status and, when sync runs, its peers.
type statusReport struct {
	node.Status
	Sync any `json:"sync,omitempty"`
}

// statusGet reports the node (id, op count, version vector, store size,
// digest) and, under "sync", this node's sync address and every peer.
func (s *Server) statusGet(w http.ResponseWriter, r *http.Request) {
	rep := statusReport{Status: s.node.Status()}
	if f := s.syncStatus.Load(); f != nil {
		rep.Sync = (*f)()
	}
	writeJSON(w, http.StatusOK, rep)
}
