package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"muster/node"
)

// inspect compares a JSON object with the Go type dst points to and lists
// every field that would not decode: unknown names, wrong types, bad dates,
// invalid UTF-8. encoding/json stops at the first problem and often cannot
// say where it was (an unknown nested field, a bad date); this walk can,
// because it follows the type: its depth is the type's, not the input's.
// Names match json tags exactly (encoding/json would also accept "NAME").
//
// It stops after maxFieldErrors problems, so that a 1 MiB list of wrong
// values does not become a far larger error response.
func inspect(raw json.RawMessage, dst any) []node.FieldError {
	var out []node.FieldError
	inspectValue(raw, reflect.TypeOf(dst).Elem(), "", &out)
	return out
}

// maxFieldErrors bounds the problems one response lists.
const maxFieldErrors = 20

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

func inspectValue(raw json.RawMessage, t reflect.Type, path string, out *[]node.FieldError) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if string(raw) == "null" {
		return // "leave as is"
	}
	switch {
	case reflect.PointerTo(t).Implements(unmarshalerType):
		inspectLeaf(raw, t, path, out)
	case t.Kind() == reflect.Struct:
		inspectObject(raw, t, path, out)
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		inspectArray(raw, t, path, out)
	default:
		inspectLeaf(raw, t, path, out)
	}
}

func inspectObject(raw json.RawMessage, t reflect.Type, path string, out *[]node.FieldError) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		*out = append(*out, typeProblem(path, t, raw))
		return
	}
	for _, name := range slices.Sorted(maps.Keys(members)) {
		if len(*out) >= maxFieldErrors {
			return
		}
		p := joinPath(path, name)
		f, ok := fieldByTag(t, name)
		if !ok {
			*out = append(*out, node.FieldError{Field: p, Code: codeUnknownField, Message: "unknown field"})
			continue
		}
		inspectValue(members[name], f.Type, p, out)
	}
}

func inspectArray(raw json.RawMessage, t reflect.Type, path string, out *[]node.FieldError) {
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		*out = append(*out, typeProblem(path, t, raw))
		return
	}
	for i, e := range elems {
		if len(*out) >= maxFieldErrors {
			return
		}
		inspectValue(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
	}
}

// inspectLeaf decodes one scalar (or a type with its own UnmarshalJSON) on
// its own, which is cheap and tells exactly what is wrong with it.
func inspectLeaf(raw json.RawMessage, t reflect.Type, path string, out *[]node.FieldError) {
	if raw[0] == '"' && !utf8.Valid(raw) {
		*out = append(*out, node.FieldError{Field: path, Code: codeInvalidUTF8, Message: "text is not valid UTF-8"})
		return
	}
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		*out = append(*out, leafProblem(path, t, raw, err))
	}
}

func leafProblem(path string, t reflect.Type, raw json.RawMessage, err error) node.FieldError {
	var typeErr *json.UnmarshalTypeError
	switch {
	case t == timeType:
		return node.FieldError{Field: path, Code: codeInvalidDate,
			Message: "expected a date-time in RFC 3339 form, like 2026-05-01T18:00:00Z"}
	case errors.As(err, &typeErr) && isNumber(t) && raw[0] != '"' && raw[0] != '{' && raw[0] != '[':
		return node.FieldError{Field: path, Code: codeInvalidNumber, Message: "number out of range"}
	default:
		return typeProblem(path, t, raw)
	}
}

func typeProblem(path string, t reflect.Type, raw json.RawMessage) node.FieldError {
	code := codeInvalidType
	if isNumber(t) {
		code = codeInvalidNumber
	}
	return node.FieldError{Field: path, Code: code,
		Message: fmt.Sprintf("expected %s, got %s", jsonKind(t), rawKind(raw))}
}

// fieldByTag finds the struct field whose json name is exactly name.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func isNumber(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonKind names what JSON a Go type expects, for messages.
func jsonKind(t reflect.Type) string {
	switch {
	case isNumber(t):
		return "a number"
	case t.Kind() == reflect.String:
		return "text"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Slice:
		return "a list of " + strings.TrimPrefix(jsonKind(t.Elem()), "a ")
	default:
		return "an object"
	}
}

// rawKind names what a JSON value is, for messages.
func rawKind(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "text"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "true or false"
	default:
		return "a number"
	}
}
