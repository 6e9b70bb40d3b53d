package ui

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"muster/node"
)

func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		body       string
		wantFields []string // every field the error names, in order; nil: accepted
	}{
		{`{"name":"Ada","skills":["a","b"],"consent":{"sms":true,"email":false}}`, nil},
		{` {"name":null} `, nil},
		{"{\n\t\"name\" : \"Ada\"\n}\n", nil},
		{`{}`, nil},
		{`{"name":1,"zzz":2,"aaa":3}`, []string{"aaa", "name", "zzz"}},
		{`{"skills":[1,"x",true]}`, []string{"skills[0]", "skills[2]"}},
		{`{"consent":{"sms":1,"fax":true}}`, []string{"consent.fax", "consent.sms"}},
		{`{"add_roles":{}}`, []string{"add_roles"}},
		{"{\"notes\":\"\xed\xa0\x80\"}", []string{"notes"}}, // a UTF-16 surrogate is not UTF-8
	}
	for _, c := range cases {
		var p node.PersonPatch
		err := decodeJSON([]byte(c.body), &p)
		var got []string
		var reqErr *requestError
		if errors.As(err, &reqErr) {
			for _, f := range reqErr.Fields {
				got = append(got, f.Field)
			}
			if reqErr.Status != http.StatusBadRequest {
				t.Errorf("%q: status: got %d, want 400", c.body, reqErr.Status)
			}
		} else if err != nil {
			t.Errorf("%q: got %T %v, want a *requestError", c.body, err, err)
		}
		if !reflect.DeepEqual(got, c.wantFields) {
			t.Errorf("%q: fields: got %q, want %q", c.body, got, c.wantFields)
		}
	}
}

func TestDecodeJSONBoundsFieldErrors(t *testing.T) {
	body := `{"skills":[` + strings.Repeat(`1,`, 100_000) + `1]}`
	err := decodeJSON([]byte(body), &node.PersonPatch{})
	var reqErr *requestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("decode: got %v, want a *requestError", err)
	}
	if got, want := len(reqErr.Fields), maxFieldErrors; got != want {
		t.Errorf("fields listed: got %d, want %d", got, want)
	}
}

func TestDecodeJSONLeavesDstOnError(t *testing.T) {
	p := node.PersonPatch{Name: ptrTo("kept")}
	if err := decodeJSON([]byte(`{"name":"changed","phone":7}`), &p); err == nil {
		t.Fatal("decode: got nil error, want one for phone")
	}
	if got, want := *p.Name, "kept"; got != want {
		t.Errorf("name: got %q, want %q", got, want)
	}
}

func TestCheckContentType(t *testing.T) {
	cases := []struct {
		ct   string
		want bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON; charset=UTF-8", true},
		{"application/merge-patch+json", true},
		{"", false},
		{"text/json", false},
		{"application/json; charset=latin1", false},
		{"application/json;;", false},
		{"multipart/form-data; boundary=x", false},
	}
	for _, c := range cases {
		if got := checkContentType(c.ct) == nil; got != c.want {
			t.Errorf("%q: accepted %v, want %v", c.ct, got, c.want)
		}
	}
}
