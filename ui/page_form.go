package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"muster/node"
)

// maxFormBytes bounds a posted form; the largest field (notes) is far
// smaller.
const maxFormBytes = 64 << 10

// formErrors maps a form field's name to its translated message. An entry
// under "" is an error for the form as a whole.
type formErrors map[string]string

// problem is one line of the error summary at the top of a form.
type problem struct {
	Field   string // the input's id, for the link; empty for the whole form
	Message string
}

// summary lists the errors in the order of fields, each with its field's
// label (message key labelPrefix+field), for the box atop the form.
func (e formErrors) summary(l *Locale, labelPrefix string, order []string) []problem {
	var out []problem
	for _, f := range order {
		if m, ok := e[f]; ok {
			out = append(out, problem{Field: f, Message: l.T(labelPrefix+f) + ": " + m})
		}
	}
	if m, ok := e[""]; ok {
		out = append(out, problem{Message: m})
	}
	return out
}

// first is the message for field, or else any message.
func (e formErrors) first(field string) string {
	if m, ok := e[field]; ok {
		return m
	}
	for _, m := range e {
		return m
	}
	return ""
}

// fieldErrors translates a *node.ValidationError into formErrors, keyed by
// the form's field names. Other errors return ok=false.
func fieldErrors(l *Locale, err error, fields []string) (formErrors, bool) {
	var ve *node.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	fe := formErrors{}
	for _, f := range ve.Fields {
		name := formFieldName(f.Field, fields)
		if _, dup := fe[name]; !dup {
			fe[name] = l.T("error." + f.Code)
		}
	}
	return fe, true
}

// formFieldName maps the node's field path ("goal.amount") to the form's
// input name ("goal_amount"); an unknown field lands on the whole form.
func formFieldName(field string, fields []string) string {
	name := strings.ReplaceAll(field, ".", "_")
	for _, f := range fields {
		if f == name {
			return f
		}
	}
	for _, f := range fields { // "goal" -> "goal_amount"
		if strings.HasPrefix(f, name+"_") {
			return f
		}
	}
	return ""
}

// parseForm reads a posted form with a size limit.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	return r.ParseForm()
}

// optNumber parses an optional number field; "" means absent.
func optNumber(s string) (*float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil {
		return nil, false
	}
	return &f, true
}

// optDate parses an optional yyyy-mm-dd date field; "" means absent.
func optDate(s string) (*time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, false
	}
	return &t, true
}

// splitList turns "first aid, driving" into a clean set.
func splitList(s string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		if v := strings.TrimSpace(part); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
