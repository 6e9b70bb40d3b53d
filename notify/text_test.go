package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"muster/node"
)

// TestTextsComplete: every kind has a subject and a body in every
// language, with no placeholder left over, and the translations are not
// the English text.
func TestTextsComplete(t *testing.T) {
	m := node.Message{
		Name: "Ana", EventTitle: "Drive", ShiftTitle: "Morning", Location: "Hall 3",
		Start: time.Date(2027, 3, 13, 9, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 13, 13, 0, 0, 0, time.UTC),
		Position: 2,
	}
	for _, l := range Langs {
		if texts[l] == nil {
			t.Fatalf("no texts for %s", l)
		}
		for _, k := range node.MessageKinds {
			for _, seated := range []bool{true, false} {
				m.Lang, m.Kind, m.Seated = l, k, seated
				subject, body := Compose(m, "")
				if texts[l].kinds[k].subject == "" || texts[l].kinds[k].body == "" {
					t.Errorf("%s %s: missing subject or body", l, k)
				}
				if strings.ContainsAny(subject+body, "{}") || !strings.Contains(subject, "Drive – Morning") || !strings.Contains(body, "Ana") {
					t.Errorf("%s %s: %q / %q: a placeholder left or the event or name missing", l, k, subject, body)
				}
				if l == defaultLang {
					continue
				}
				m.Lang = defaultLang
				if enSubject, enBody := Compose(m, ""); enSubject == subject || enBody == body {
					t.Errorf("%s %s: the same as English", l, k)
				}
			}
		}
		if len(texts[l].kinds) != len(node.MessageKinds) {
			t.Errorf("%s: %d kinds, want %d", l, len(texts[l].kinds), len(node.MessageKinds))
		}
	}
}

// TestComposeDates: the date of a message is written in its language, in
// the node's time zone (as the organizer entered it), named.
func TestComposeDates(t *testing.T) {
	m := node.Message{
		Kind: node.KindReminder24h, EventTitle: "Drive", Seated: true,
		Start: time.Date(2027, 3, 13, 9, 0, 0, 0, time.Local).UTC(), End: time.Date(2027, 3, 13, 13, 0, 0, 0, time.Local).UTC(),
	}
	zone, _ := m.Start.Local().Zone()
	for _, c := range []struct{ lang, want string }{
		{"en", "Sat 13 Mar 2027, 09:00–13:00 " + zone},
		{"es", "sáb 13 mar 2027, 09:00–13:00 " + zone},
		{"ar", "السبت 13 مارس 2027، 09:00–13:00 " + zone},
		{"fr", "Sat 13 Mar 2027, 09:00–13:00 " + zone}, // no texts: English
	} {
		m.Lang = c.lang
		if _, body := Compose(m, ""); !strings.Contains(body, c.want) {
			t.Errorf("%s: %q lacks %q", c.lang, body, c.want)
		}
	}
}

// TestSpanishConfirmationOverSMTP: someone who signed up in Spanish gets
// their confirmation in Spanish, with their place on the waitlist.
func TestSpanishConfirmationOverSMTP(t *testing.T) {
	n := openNode(t)
	start := time.Date(2027, 3, 13, 9, 0, 0, 0, time.Local)
	zone, _ := start.Zone()
	ev, s := driveWithShift(t, n, start, 1)
	signUp(t, n, ev.ID, node.SignupInput{Name: "Ada", Email: "ada@x.org", Shifts: []string{s.ID}})
	signUp(t, n, ev.ID, node.SignupInput{Name: "Ana", Email: "ana@x.org", ConsentEmail: true, Lang: "es", Shifts: []string{s.ID}})
	mb := newMailbox(t)
	if err := New(Config{Email: mustSMTP(t, mb.addr)}, n).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := mb.messages()
	if len(got) != 1 {
		t.Fatalf("%d emails, want Ana's confirmation", len(got))
	}
	want := []string{"Hola Ana, gracias por apuntarte a Weekend drive, sáb 13 mar 2027, 09:00–12:00 " + zone + " en Hall 3.",
		"eres el número 1 en la lista de espera"}
	if got[0].To != "ana@x.org" || got[0].Subject != "Te has apuntado: Weekend drive" {
		t.Errorf("email to %s, subject %q; want ana@x.org, Spanish", got[0].To, got[0].Subject)
	}
	for _, w := range want {
		if !strings.Contains(got[0].Body, w) {
			t.Errorf("body %q lacks %q", got[0].Body, w)
		}
	}
}
