package ui

import "net/http"

// digestResponse is the body of GET /api/v1/digest.
type digestResponse struct {
	Digest string `json:"digest"`
}

// digestGet reports the digest of the visible data: two nodes show the same
// digest exactly when their visible data is the same.
func (s *Server) digestGet(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, digestResponse{Digest: s.node.Digest().String()})
}
