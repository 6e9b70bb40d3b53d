package ui

import "net/http"

// rolesResponse is the body of GET /api/v1/roles.
type rolesResponse struct {
	Roles []string `json:"roles"`
}

// rolesList lists every role tag some person has, for filters and forms.
func (s *Server) rolesList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, rolesResponse{Roles: nonNil(s.node.Roles())})
}
