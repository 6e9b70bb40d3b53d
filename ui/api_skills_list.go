package ui

import "net/http"

// skillsResponse is the body of GET /api/v1/skills.
type skillsResponse struct {
	Skills []string `json:"skills"`
}

// skillsList lists every skill some person has, for filters and forms.
func (s *Server) skillsList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, skillsResponse{Skills: nonNil(s.node.Skills())})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
