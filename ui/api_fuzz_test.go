package ui

import (
	"errors"
	"net/http"
	"testing"
	"unicode/utf8"

	"muster/node"
)

// FuzzDecodePersonPatch feeds arbitrary bodies to the decoder: it must never
// panic, must refuse with a 400 that says something, and
// must never let invalid UTF-8 through into a string.
func FuzzDecodePersonPatch(f *testing.F) {
	for _, s := range []string{
		`{"name":"Ada","skills":["x"],"consent":{"sms":true}}`,
		`{"name":5}`, `{"goal":{"amount":"x"}}`, `[]`, `null`, `{"a":1} 2`, "{\"name\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var p node.PersonPatch
		err := decodeJSON(body, &p)
		if err != nil {
			var reqErr *requestError
			if !errors.As(err, &reqErr) || reqErr.Status != http.StatusBadRequest || reqErr.Message == "" {
				t.Fatalf("decode %q: got %#v, want a 400 *requestError with a message", body, err)
			}
			return
		}
		for _, s := range personStrings(p) {
			if !utf8.ValidString(s) {
				t.Fatalf("decode %q: accepted invalid UTF-8 %q", body, s)
			}
		}
	})
}

// FuzzDecodeCampaignPatch is FuzzDecodePersonPatch for campaigns, whose
// patch has a nested goal and a date.
func FuzzDecodeCampaignPatch(f *testing.F) {
	for _, s := range []string{
		`{"title":"T","kind":"petition","goal":{"amount":4,"unit":"x"},"deadline":"2026-05-01T18:00:00Z"}`,
		`{"goal":{"amount":1e999}}`, `{"deadline":5}`, `{"goal":null,"tally":-0.5}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var p node.CampaignPatch
		if err := decodeJSON(body, &p); err != nil {
			var reqErr *requestError
			if !errors.As(err, &reqErr) || reqErr.Status != http.StatusBadRequest || reqErr.Message == "" {
				t.Fatalf("decode %q: got %#v, want a 400 *requestError with a message", body, err)
			}
		}
	})
}

func personStrings(p node.PersonPatch) []string {
	var out []string
	for _, s := range []*string{p.Name, p.Phone, p.Email, p.Availability, p.Status, p.Notes} {
		if s != nil {
			out = append(out, *s)
		}
	}
	for _, l := range []*[]string{p.Skills, p.Roles, &p.AddSkills, &p.RemoveSkills, &p.AddRoles, &p.RemoveRoles} {
		if l != nil {
			out = append(out, *l...)
		}
	}
	return out
}
