package ui

import (
	"net/http"
	"strings"
)

// apiNotFound answers every /api/ request no route matches: 405 with an
// Allow header when the path exists for other methods, else 404.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path)
		return
	}
	writeError(w, http.StatusNotFound, "no route "+r.Method+" "+r.URL.Path)
}

// allowedMethods lists the methods some /api/v1 route serves r's path with.
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, m+" /api/") {
			allow = append(allow, m)
		}
	}
	return allow
}
