package crdt

import stdsync "sync"

// names interns the short strings that repeat across entities (field and
// set names, skills, role tags), so decoding an entity does not allocate
// them again. It holds at most internMax strings of at most internLen bytes.
var names = internTable{m: map[string]string{}}

const (
	internMax = 4096
	internLen = 48
)

type internTable struct {
	mu stdsync.RWMutex
	m  map[string]string
}

// get returns b as a string, shared when b is short and already known.
func (t *internTable) get(b []byte) string {
	if len(b) > internLen {
		return string(b)
	}
	t.mu.RLock()
	s, ok := t.m[string(b)] // no allocation for the lookup
	t.mu.RUnlock()
	if ok {
		return s
	}
	s = string(b)
	t.mu.Lock()
	if len(t.m) < internMax {
		t.m[s] = s
	}
	t.mu.Unlock()
	return s
}
