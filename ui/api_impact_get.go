package ui

import (
	"net/http"
	"time"
)

// impactGet returns a volunteer's impact (shifts attended, hours, what is
// ahead) as of the server's clock.
func (s *Server) impactGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	im, err := s.node.PersonImpact(id, time.Now())
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, im)
}
