package ui

import (
	"fmt"
	"net/http"

	"muster/node"
)

// bulkRequest is the body of POST /api/v1/people/bulk: one change for many
// people. Only the fields that make sense for a group can be set.
type bulkRequest struct {
	IDs   []string  `json:"ids"`
	Patch bulkPatch `json:"patch"`
}

type bulkPatch struct {
	Status       *string  `json:"status,omitempty"`
	Availability *string  `json:"availability,omitempty"`
	AddRoles     []string `json:"add_roles,omitempty"`
	RemoveRoles  []string `json:"remove_roles,omitempty"`
	AddSkills    []string `json:"add_skills,omitempty"`
	RemoveSkills []string `json:"remove_skills,omitempty"`
}

func (b bulkPatch) toNode() node.PersonPatch {
	return node.PersonPatch{
		Status:       b.Status,
		Availability: b.Availability,
		AddRoles:     b.AddRoles,
		RemoveRoles:  b.RemoveRoles,
		AddSkills:    b.AddSkills,
		RemoveSkills: b.RemoveSkills,
	}
}

// bulkResponse says how many people the change reached. Ids of people
// deleted meanwhile are skipped.
type bulkResponse struct {
	Updated int `json:"updated"`
}

// peopleBulk applies one patch to many people in one atomic batch.
func (s *Server) peopleBulk(w http.ResponseWriter, r *http.Request) {
	var req bulkRequest
	if err := readJSON(w, r, &req); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	if err := checkIDs(req.IDs); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	n, err := s.node.UpdatePeople(req.IDs, req.Patch.toNode())
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, bulkResponse{Updated: n})
}

// checkIDs refuses an empty list and ids no entity can have, naming each.
func checkIDs(ids []string) error {
	if len(ids) == 0 {
		return &requestError{
			Status:  http.StatusUnprocessableEntity,
			Message: "invalid input: ids: list at least one id",
			Fields:  []node.FieldError{{Field: "ids", Code: "required", Message: "list at least one id"}},
		}
	}
	var bad []node.FieldError
	for i, id := range ids {
		if !validID(id) {
			bad = append(bad, node.FieldError{Field: fmt.Sprintf("ids[%d]", i), Code: "invalid_value",
				Message: fmt.Sprintf("%q is not an id", id)})
		}
	}
	if len(bad) > 0 {
		return badRequest(bad...)
	}
	return nil
}
