package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"muster/node"
)

// errorBody is every API error response: {"error": {...}}.
type errorBody struct {
	Error apiError `json:"error"`
}

// apiError says what is wrong and, where it can, with which fields. Fields
// uses the node's FieldError so that a 400 from decoding and a 422 from the
// node's validation look the same to a client.
type apiError struct {
	Message string            `json:"message"`
	Fields  []node.FieldError `json:"fields,omitempty"`
}

// requestError is a request the API refuses before the node sees it: bad
// JSON, wrong content type, oversize body, bad query parameter.
type requestError struct {
	Status  int
	Message string
	Fields  []node.FieldError
}

func (e *requestError) Error() string { return e.Message }

// badRequest is a 400 about fields; its message lists them all. A problem
// with the body as a whole (malformed JSON) has an empty Field.
func badRequest(fields ...node.FieldError) *requestError {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Message
		if f.Field != "" {
			parts[i] = f.Field + ": " + f.Message
		}
	}
	return &requestError{
		Status:  http.StatusBadRequest,
		Message: "bad request: " + strings.Join(parts, "; "),
		Fields:  fields,
	}
}

// writeJSON writes v as the whole response. It encodes before writing the
// status, so a value that cannot be encoded becomes a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		writeError(w, http.StatusInternalServerError, "internal error: encode response")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeError writes an error response.
func writeError(w http.ResponseWriter, status int, message string, fields ...node.FieldError) {
	writeJSON(w, status, errorBody{Error: apiError{Message: message, Fields: fields}})
}

// writeFailure maps err to its status and writes it. Only server-side
// failures (5xx) are logged, and their details stay in the log.
func writeFailure(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var reqErr *requestError
	var valErr *node.ValidationError
	switch {
	case errors.As(err, &reqErr):
		writeError(w, reqErr.Status, reqErr.Message, reqErr.Fields...)
	case errors.As(err, &valErr):
		writeError(w, http.StatusUnprocessableEntity, valErr.Error(), valErr.Fields...)
	case errors.Is(err, node.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, node.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, "node is shutting down")
	default:
		log.Error("request failed", logKeyMethod, r.Method, logKeyPath, r.URL.Path, logKeyErr, err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}
