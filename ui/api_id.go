package ui

import (
	"fmt"
	"net/http"

	"muster/crdt"
	"muster/node"
)

// pathID returns the {id} of the route, refusing one that no entity can
// have (the node's ids are 1 to crdt.MaxIDLen bytes of a-z, 0-9, _ - .), so
// that a typo is a clear 400 and junk never reaches the store's keys.
func pathID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return "", badRequest(node.FieldError{Field: "id", Code: "invalid_value",
			Message: fmt.Sprintf("%q is not an id: ids are 1 to %d characters a-z, 0-9, _ - .", id, crdt.MaxIDLen)})
	}
	return id, nil
}

// validID says whether s could be an entity id.
func validID(s string) bool {
	if len(s) == 0 || len(s) > crdt.MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
