package ui

import "net/http"

// peopleDelete deletes a person: 204, or 404 if there is none.
func (s *Server) peopleDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	if err := s.node.DeletePerson(id); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
