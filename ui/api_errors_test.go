package ui

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"muster/node"
)

// TestAPIBadInput sends every kind of bad input the API must refuse and
// checks the status, the field the error names, and that nothing stored
// changed.
func TestAPIBadInput(t *testing.T) {
	a := newTestAPI(t)
	p := a.createPerson(node.PersonPatch{Name: ptrTo("Ada"), Email: ptrTo("ada@example.org")})
	c := a.createCampaign(node.CampaignPatch{Title: ptrTo("River"), Kind: ptrTo("petition")})
	person, campaign := "/api/v1/people/"+p.ID, "/api/v1/campaigns/"+c.ID
	huge := `{"name":"` + strings.Repeat("a", maxBodyBytes) + `"}`

	cases := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantStatus  int
		wantField   string // "" when the error names no field
		wantCode    string
	}{
		{"missing name", "POST", "/api/v1/people", "", `{"phone":"+254700000001"}`, 422, "name", "required"},
		{"blank name", "POST", "/api/v1/people", "", `{"name":"   "}`, 422, "name", "required"},
		{"unknown field", "POST", "/api/v1/people", "", `{"name":"A","nickname":"x"}`, 400, "nickname", codeUnknownField},
		{"field name in wrong case", "POST", "/api/v1/people", "", `{"Name":"A"}`, 400, "Name", codeUnknownField},
		{"id in body", "PATCH", person, "", `{"id":"abc"}`, 400, "id", codeUnknownField},
		{"wrong type", "POST", "/api/v1/people", "", `{"name":5}`, 400, "name", codeInvalidType},
		{"set is not a list", "PATCH", person, "", `{"skills":"driving"}`, 400, "skills", codeInvalidType},
		{"set element wrong type", "PATCH", person, "", `{"skills":["a",1]}`, 400, "skills[1]", codeInvalidType},
		{"consent not an object", "PATCH", person, "", `{"consent":true}`, 400, "consent", codeInvalidType},
		{"consent flag wrong type", "PATCH", person, "", `{"consent":{"sms":"yes"}}`, 400, "consent.sms", codeInvalidType},
		{"goal not a number", "POST", "/api/v1/campaigns", "", `{"title":"T","kind":"petition","goal":{"amount":"forty","unit":"people"}}`, 400, "goal.amount", codeInvalidNumber},
		{"goal out of range", "PATCH", campaign, "", `{"goal":{"amount":1e999,"unit":"people"}}`, 400, "goal.amount", codeInvalidNumber},
		{"goal unknown member", "PATCH", campaign, "", `{"goal":{"amount":5,"currency":"KES"}}`, 400, "goal.currency", codeUnknownField},
		{"tally not a number", "PATCH", campaign, "", `{"tally":"ten"}`, 400, "tally", codeInvalidNumber},
		{"bad deadline", "PATCH", campaign, "", `{"deadline":"next friday"}`, 400, "deadline", codeInvalidDate},
		{"deadline a number", "PATCH", campaign, "", `{"deadline":1767225600}`, 400, "deadline", codeInvalidDate},
		{"missing title", "POST", "/api/v1/campaigns", "", `{"kind":"petition"}`, 422, "title", "required"},
		{"bad kind", "POST", "/api/v1/campaigns", "", `{"title":"T","kind":"bake_sale"}`, 422, "kind", "invalid_choice"},
		{"bad campaign status", "PATCH", campaign, "", `{"status":"paused"}`, 422, "status", "invalid_choice"},
		{"bad person status", "PATCH", person, "", `{"status":"asleep"}`, 422, "status", "invalid_choice"},
		{"bad email", "PATCH", person, "", `{"email":"not-an-email"}`, 422, "email", "invalid_email"},
		{"invalid UTF-8", "POST", "/api/v1/people", "", "{\"name\":\"Ad\xff\"}", 400, "name", codeInvalidUTF8},
		{"invalid UTF-8 in a set", "PATCH", person, "", "{\"skills\":[\"ok\",\"\xc3\x28\"]}", 400, "skills[1]", codeInvalidUTF8},
		{"oversize body", "POST", "/api/v1/people", "", huge, 413, "", ""},
		{"trailing data", "POST", "/api/v1/people", "", `{"name":"A"} {"name":"B"}`, 400, "", codeInvalidJSON},
		{"malformed JSON", "POST", "/api/v1/people", "", `{"name":"A",}`, 400, "", codeInvalidJSON},
		{"truncated JSON", "POST", "/api/v1/people", "", `{"name":"A"`, 400, "", codeInvalidJSON},
		{"empty body", "POST", "/api/v1/people", "", ``, 400, "", codeInvalidJSON},
		{"body is a list", "POST", "/api/v1/people", "", `[{"name":"A"}]`, 400, "", codeInvalidType},
		{"body is null", "PATCH", person, "", `null`, 400, "", codeInvalidType},
		{"wrong content type", "POST", "/api/v1/people", "text/plain", `{"name":"A"}`, 415, "", ""},
		{"form content type", "PATCH", person, "application/x-www-form-urlencoded", `name=A`, 415, "", ""},
		{"latin-1 charset", "POST", "/api/v1/people", "application/json; charset=iso-8859-1", `{"name":"A"}`, 415, "", ""},
		{"bad id", "GET", "/api/v1/people/NOT!AN!ID", "", "", 400, "id", "invalid_value"},
		{"bad id on patch", "PATCH", "/api/v1/campaigns/Bad%20Id", "", `{"title":"x"}`, 400, "id", "invalid_value"},
		{"id too long", "DELETE", "/api/v1/people/" + strings.Repeat("a", 65), "", "", 400, "id", "invalid_value"},
		{"unknown id", "GET", "/api/v1/people/zzzzzzzzzzzzzzzz", "", "", 404, "", ""},
		{"unknown campaign", "DELETE", "/api/v1/campaigns/zzzzzzzzzzzzzzzz", "", "", 404, "", ""},
		{"limit zero", "GET", "/api/v1/people?limit=0", "", "", 400, "limit", "invalid_number"},
		{"limit too big", "GET", "/api/v1/people?limit=501", "", "", 400, "limit", "invalid_number"},
		{"limit not a number", "GET", "/api/v1/people?limit=ten", "", "", 400, "limit", "invalid_number"},
		{"bulk field not allowed", "POST", "/api/v1/people/bulk", "", `{"ids":["` + p.ID + `"],"patch":{"name":"Same"}}`, 400, "patch.name", codeUnknownField},
		{"bulk bad id", "POST", "/api/v1/people/bulk", "", `{"ids":["` + p.ID + `","BAD ID"],"patch":{"status":"off"}}`, 400, "ids[1]", "invalid_value"},
		{"bulk bad status", "POST", "/api/v1/people/bulk", "", `{"ids":["` + p.ID + `"],"patch":{"status":"gone"}}`, 422, "status", "invalid_choice"},
		{"bulk without ids", "POST", "/api/v1/people/bulk", "", `{"patch":{"status":"off"}}`, 422, "ids", "required"},
		{"bulk empty ids", "POST", "/api/v1/people/bulk", "", `{"ids":[],"patch":{"status":"off"}}`, 422, "ids", "required"},
		{"bulk ids not a list", "POST", "/api/v1/people/bulk", "", `{"ids":"` + p.ID + `","patch":{"status":"off"}}`, 400, "ids", codeInvalidType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a.t = t
			before := a.snapshot()
			ct := c.contentType
			if ct == "" {
				ct = "application/json"
			}
			var body []byte
			if c.body != "" || c.method != "GET" && c.method != "DELETE" {
				body = []byte(c.body)
			}
			res := a.doType(c.method, c.path, ct, body)
			if got, want := res.Status, c.wantStatus; got != want {
				t.Fatalf("status: got %d, want %d; body %.300s", got, want, res.Body)
			}
			checkErrorBody(t, res.Body, c.wantField, c.wantCode)
			if got, want := a.snapshot(), before; got != want {
				t.Errorf("stored data changed:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// checkErrorBody checks {"error":{"message","fields"}}: a message, and when
// field is set, an entry for it with code whose text the message repeats.
func checkErrorBody(t *testing.T, body []byte, field, code string) {
	t.Helper()
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	if e.Error.Message == "" {
		t.Errorf("error body %s: empty message", body)
	}
	if field == "" && code == "" {
		return
	}
	for _, f := range e.Error.Fields {
		if f.Field == field && f.Code == code {
			if field != "" && !strings.Contains(e.Error.Message, field) {
				t.Errorf("message %q does not name field %q", e.Error.Message, field)
			}
			if f.Message == "" {
				t.Errorf("field %q: empty message", field)
			}
			return
		}
	}
	t.Errorf("error body %s: no field %q with code %q", body, field, code)
}
