package ui

import (
	"net/http"
	"testing"
	"time"

	"muster/node"
)

func TestAPIOutboxList(t *testing.T) {
	a := newTestAPI(t)
	title := "Drive"
	ev, err := a.node.CreateEvent(node.EventPatch{Title: &title})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	end, capacity := start.Add(2*time.Hour), 1
	s, err := a.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	ada, err := a.node.SignUp(ev.ID, node.SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.node.SignUp(ev.ID, node.SignupInput{Name: "Bo", Phone: "+15550100", ConsentSMS: true, Shifts: []string{s.ID}}); err != nil {
		t.Fatal(err)
	}
	a.must(http.StatusOK, "POST", "/api/v1/signups/"+ada.Signups[0].ID+"/checkin", nil, nil) // so she is thanked
	conf := ada.Signups[0].ID + "." + node.KindConfirmation
	if err := a.node.SetMessageState(conf, node.MessageUpdate{State: node.StateSent}); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		query string
		want  int
	}{
		{"", 5}, // Ada seated: 4; Bo waiting: a confirmation
		{"?state=sent", 1},
		{"?state=queued", 4},
		{"?kind=confirmation", 2},
		{"?person=" + ada.Person.ID, 4},
		{"?event=" + ev.ID + "&kind=thank_you", 1},
		{"?event=nope", 0},
	}
	for _, c := range cases {
		var got outboxResponse
		a.must(http.StatusOK, "GET", "/api/v1/outbox"+c.query, nil, &got)
		if len(got.Messages) != c.want {
			t.Errorf("%q: %d messages, want %d", c.query, len(got.Messages), c.want)
		}
	}

	var got outboxResponse
	a.must(http.StatusOK, "GET", "/api/v1/outbox?state=sent", nil, &got)
	m := got.Messages[0]
	if m.ID != conf || m.Channel != node.ChannelEmail || m.To != "ada@x.org" || m.Home != a.node.ID().String() || m.UpdatedAt == nil {
		t.Errorf("sent message: %+v", m)
	}
	for _, q := range []string{"?state=lost", "?kind=postcard"} {
		a.must(http.StatusBadRequest, "GET", "/api/v1/outbox"+q, nil, nil)
	}
}
