package bundle

import (
	"encoding/json"
	"fmt"

	"muster/crdt"
	"muster/sync/wire"
)

// MaxVectorText bounds the text ParseVector reads.
const MaxVectorText = 1 << 20

// ParseVector reads a version vector as `muster status` and GET
// /api/v1/status print it: a JSON object from author id (hex) to seq, or
// a whole status object whose "vector" field is one.
func ParseVector(b []byte) (crdt.VersionVector, error) {
	if len(b) > MaxVectorText {
		return nil, fmt.Errorf("parse vector: %d bytes (max %d)", len(b), MaxVectorText)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, fmt.Errorf("parse vector: want a JSON object of author: seq: %w", err)
	}
	if inner, ok := obj["vector"]; ok {
		obj = nil
		if err := json.Unmarshal(inner, &obj); err != nil {
			return nil, fmt.Errorf("parse vector: field vector: %w", err)
		}
	}
	if len(obj) > wire.MaxAuthors {
		return nil, fmt.Errorf("parse vector: %d authors (max %d)", len(obj), wire.MaxAuthors)
	}
	vv := make(crdt.VersionVector, len(obj))
	for k, raw := range obj {
		a, err := crdt.ParseAuthorID(k)
		if err != nil {
			return nil, fmt.Errorf("parse vector: author %q: %w", k, err)
		}
		var seq uint64
		if err := json.Unmarshal(raw, &seq); err != nil {
			return nil, fmt.Errorf("parse vector: seq of %s: %w", a.Short(), err)
		}
		vv[a] = seq
	}
	return vv, nil
}
