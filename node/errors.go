package node

import (
	"errors"
	"strings"
)

// Sentinel errors.
var (
	ErrNotFound = errors.New("not found")
	ErrClosed   = errors.New("node is closed")
	ErrFork     = errors.New("author forked its op chain")
	// ErrCorrupt: the store holds bytes this node could not have written.
	ErrCorrupt = errors.New("store damaged")
)

// FieldError says what is wrong with one input field. Code is stable and
// translatable ("required", "too_long", "invalid_choice", "invalid_email",
// "invalid_phone", "invalid_number", "invalid_date", "invalid_value");
// Message is English for logs and API clients.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError lists every bad field of one input. Nothing was stored.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

func (e *ValidationError) add(field, code, msg string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Code: code, Message: msg})
}

func (e *ValidationError) err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}
