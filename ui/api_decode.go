package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"muster/node"
)

// maxBodyBytes bounds every request body the API reads.
const maxBodyBytes = 1 << 20

// Codes of the field errors that decoding reports, next to the node's own
// ("required", "invalid_choice", ...).
const (
	codeInvalidJSON   = "invalid_json"
	codeUnknownField  = "unknown_field"
	codeInvalidType   = "invalid_type"
	codeInvalidNumber = "invalid_number"
	codeInvalidDate   = "invalid_date"
	codeInvalidUTF8   = "invalid_utf8"
)

// readJSON reads r's body into dst, a pointer to a struct, and refuses
// anything but one well-formed JSON object of dst's shape. Its error is a
// *requestError with the status to answer.
func readJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &requestError{
			Status:  http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("request body larger than %d bytes", maxBodyBytes),
		}
	}
	if err != nil {
		return &requestError{Status: http.StatusBadRequest, Message: "read request body: " + err.Error()}
	}
	return decodeJSON(body, dst)
}

// checkContentType accepts JSON in UTF-8 only.
func checkContentType(ct string) error {
	media, params, err := mime.ParseMediaType(ct)
	ok := err == nil && (media == "application/json" || media == "application/merge-patch+json")
	if cs, has := params["charset"]; has && !strings.EqualFold(cs, "utf-8") {
		ok = false
	}
	if !ok {
		return &requestError{
			Status:  http.StatusUnsupportedMediaType,
			Message: fmt.Sprintf("Content-Type must be application/json, not %q", ct),
		}
	}
	return nil
}

// decodeJSON is readJSON after the body is read: one JSON object, valid
// UTF-8, nothing after it, every field known to dst and of the right type.
// A refused body names each bad field (up to maxFieldErrors); a body
// refused before the final decode leaves dst unchanged.
func decodeJSON(body []byte, dst any) error {
	raw, err := splitObject(body)
	if err != nil {
		return err
	}
	if fields := inspect(raw, dst); len(fields) > 0 {
		return badRequest(fields...)
	}
	if !utf8.Valid(raw) {
		return badRequest(node.FieldError{Field: "", Code: codeInvalidUTF8, Message: "body is not valid UTF-8"})
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		// inspect accepted the body, so this is a case it does not model
		// (a duplicate key, say): still the client's fault.
		return badRequest(node.FieldError{Code: codeInvalidJSON, Message: err.Error()})
	}
	return nil
}

// splitObject returns the single JSON value in body, refusing an empty body,
// malformed JSON and anything after the value.
func splitObject(body []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, badRequest(syntaxProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest(node.FieldError{
			Code:    codeInvalidJSON,
			Message: fmt.Sprintf("unexpected data after the JSON object at byte %d", dec.InputOffset()),
		})
	}
	if raw[0] != '{' {
		return nil, badRequest(node.FieldError{Code: codeInvalidType, Message: "body must be a JSON object"})
	}
	return raw, nil
}

func syntaxProblem(err error) node.FieldError {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return node.FieldError{Code: codeInvalidJSON, Message: "empty body: expected a JSON object"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return node.FieldError{Code: codeInvalidJSON, Message: "JSON ends too early"}
	case errors.As(err, &syn):
		return node.FieldError{Code: codeInvalidJSON, Message: fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, err)}
	default:
		return node.FieldError{Code: codeInvalidJSON, Message: "malformed JSON: " + err.Error()}
	}
}
