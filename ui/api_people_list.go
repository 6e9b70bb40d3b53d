package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"muster/node"
)

// maxPageSize is the largest ?limit= the node serves.
const maxPageSize = 500

// peopleList returns one page of the roster: ?q= (name prefix), ?skill=,
// ?role=, ?status=, ?after= (the previous page's next), ?limit= (1..500,
// default 50). The body is {people, next, total}.
func (s *Server) peopleList(w http.ResponseWriter, r *http.Request) {
	q, err := peopleQuery(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	page, err := s.node.People(q)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	page.People = nonNil(page.People)
	writeJSON(w, http.StatusOK, page)
}

func peopleQuery(r *http.Request) (node.PeopleQuery, error) {
	v := r.URL.Query()
	q := node.PeopleQuery{
		Prefix: v.Get("q"),
		Skill:  v.Get("skill"),
		Role:   v.Get("role"),
		Status: v.Get("status"),
		After:  v.Get("after"),
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return q, badRequest(node.FieldError{Field: "limit", Code: "invalid_number",
				Message: fmt.Sprintf("limit must be a whole number from 1 to %d, not %q", maxPageSize, s)})
		}
		q.Limit = n
	}
	return q, nil
}
