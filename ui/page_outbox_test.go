package ui

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"muster/node"
	"muster/notify"
	"muster/notify/notifytest"
)

// outboxFixture is a node with two events: Ana (email, consent) and Bo
// (email, no consent) on the food drive, Cy (consent, an address the mail
// server refuses) on the book sale.
type outboxFixture struct {
	tp                   *testPages
	food, books          node.Event
	ana, bo, cy          string // their confirmations' message ids
	anaID, boID, cyID    string // the people
	foodTitle, bookTitle string
}

func newOutboxFixture(t *testing.T) *outboxFixture {
	t.Helper()
	f := &outboxFixture{tp: newTestPages(t), foodTitle: "Food drive", bookTitle: "Book sale"}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	end := start.Add(3 * time.Hour)
	event := func(title string) (node.Event, string) {
		ev, err := f.tp.node.CreateEvent(node.EventPatch{Title: &title})
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.tp.node.CreateShift(ev.ID, node.ShiftPatch{Start: &start, End: &end, Capacity: ptrTo(5)})
		if err != nil {
			t.Fatal(err)
		}
		return ev, s.ID
	}
	var foodShift, bookShift string
	f.food, foodShift = event(f.foodTitle)
	f.books, bookShift = event(f.bookTitle)
	signUp := func(ev node.Event, in node.SignupInput) (msg, person string) {
		res, err := f.tp.node.SignUp(ev.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return res.Signups[0].ID + "." + node.KindConfirmation, res.Person.ID
	}
	f.ana, f.anaID = signUp(f.food, node.SignupInput{Name: "Ana Lima", Email: "ana@x.org", ConsentEmail: true, Shifts: []string{foodShift}})
	f.bo, f.boID = signUp(f.food, node.SignupInput{Name: "Bo Chen", Email: "bo@x.org", Shifts: []string{foodShift}})
	f.cy, f.cyID = signUp(f.books, node.SignupInput{Name: "Cy Diaz", Email: "bad@x.org", ConsentEmail: true, Shifts: []string{bookShift}})
	return f
}

// deliver runs the real delivery service once against a real SMTP server
// that refuses bad@x.org, and waits for Ana's confirmation to arrive.
func (f *outboxFixture) deliver(t *testing.T) {
	t.Helper()
	mb := notifytest.NewMailbox(t)
	mb.Refuse("bad@x.org")
	email, err := notify.NewSMTPSender(notify.SMTPConfig{Addr: mb.Addr, From: "drive@x.org", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := notify.New(notify.Config{Email: email}, f.tp.node).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(mb.Messages()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no email arrived")
		}
		<-time.After(5 * time.Millisecond)
	}
	if got := mb.Messages(); len(got) != 1 || got[0].To != "ana@x.org" {
		t.Fatalf("mail received: %+v, want Ana's confirmation only", got)
	}
}

// card is the message's card on the page, "" when it is not there.
func card(body, id string) string {
	i := strings.Index(body, `id="msg-`+id+`"`)
	if i < 0 {
		return ""
	}
	c := body[i:]
	return html.UnescapeString(c[:strings.Index(c, "</li>")])
}

// TestOutboxPageShowsStates: an organizer sees a new signup's confirmation
// queued; once the delivery service has run against a real SMTP server,
// sent, with the refused one failed (and what to do about it) and the one
// without consent skipped, saying why; failed comes first.
func TestOutboxPageShowsStates(t *testing.T) {
	f := newOutboxFixture(t)
	_, body := f.tp.get(t, "/outbox")
	if c := card(body, f.ana); !strings.Contains(c, ">Queued<") || !strings.Contains(c, `href="/people/`+f.anaID+`"`) ||
		!strings.Contains(c, "Confirmation of the signup") || !strings.Contains(c, "Email: <bdi>ana@x.org</bdi>") || !strings.Contains(c, f.foodTitle) {
		t.Fatalf("before delivery, Ana's confirmation card:\n%s", c)
	}
	if strings.Contains(body, `id="no-channel"`) {
		t.Errorf("the page says no channel is set up although cmd/muster never said")
	}

	f.deliver(t)
	_, body = f.tp.get(t, "/outbox")
	cases := []struct{ id, state, why string }{
		{f.ana, "Sent", ""},
		{f.bo, "Skipped", "Not sent: no consent."},
		{f.cy, "Failed", "Refused by the channel:"},
	}
	for _, c := range cases {
		got := card(body, c.id)
		if !strings.Contains(got, `state">`+c.state+"<") || !strings.Contains(got, c.why) {
			t.Errorf("%s: card lacks state %q or %q:\n%s", c.id, c.state, c.why, got)
		}
	}
	if c := card(body, f.cy); !strings.Contains(c, "550") {
		t.Errorf("the failed card does not give the server's answer:\n%s", c)
	}
	for _, want := range []string{">1 sent<", ">1 failed<", ">1 skipped<", `id="next-failed"`, "check their email address or phone number"} {
		if !strings.Contains(body, want) {
			t.Errorf("after delivery the page lacks %q", want)
		}
	}
	if i, j := strings.Index(body, `id="msg-`+f.cy+`"`), strings.Index(body, `id="msg-`+f.ana+`"`); i > j {
		t.Errorf("the failed message is listed after a sent one")
	}
	_, ev := f.tp.get(t, "/events/"+f.food.ID)
	if s := summaryOf(ev); !strings.Contains(s, "1 sent") || !strings.Contains(s, "1 skipped") || !strings.Contains(s, `href="/outbox?event=`+f.food.ID+`"`) {
		t.Errorf("event page summary:\n%s", s)
	}
}

func summaryOf(body string) string {
	i := strings.Index(body, `id="msg-summary"`)
	if i < 0 {
		return ""
	}
	s := body[i:]
	return s[:strings.Index(s, "</p>")]
}

// TestOutboxPageFilters: by state and by event, with GET queries; an
// unknown value is ignored.
func TestOutboxPageFilters(t *testing.T) {
	f := newOutboxFixture(t)
	f.deliver(t)
	cases := []struct {
		query    string
		want     []string // messages listed
		wantNot  []string
		wantText string
	}{
		{"?state=sent", []string{f.ana}, []string{f.bo, f.cy}, "1 message"},
		{"?state=failed", []string{f.cy}, []string{f.ana, f.bo}, "1 message"},
		{"?event=" + f.books.ID, []string{f.cy}, []string{f.ana, f.bo}, ""},
		{"?event=" + f.food.ID + "&state=skipped", []string{f.bo}, []string{f.ana, f.cy}, "1 message"},
		{"?state=lost&event=nope", []string{f.ana, f.bo, f.cy}, nil, ""},
		{"?event=" + f.books.ID + "&state=sent", nil, []string{f.ana, f.bo, f.cy}, "No message matches these filters."},
	}
	for _, c := range cases {
		_, body := f.tp.get(t, "/outbox"+c.query)
		for _, id := range c.want {
			if card(body, id) == "" {
				t.Errorf("%s: %s is not listed", c.query, id)
			}
		}
		for _, id := range c.wantNot {
			if card(body, id) != "" {
				t.Errorf("%s: %s is listed", c.query, id)
			}
		}
		if !strings.Contains(body, c.wantText) {
			t.Errorf("%s: page lacks %q", c.query, c.wantText)
		}
	}
	// The counts keep the event filter and link to one state.
	_, body := f.tp.get(t, "/outbox?event="+f.food.ID)
	want := `href="/outbox?` + (url.Values{"event": {f.food.ID}, "state": {"skipped"}}).Encode()
	if !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("the skipped count does not link to %s", want)
	}
	if strings.Contains(body, `>1 failed<`) {
		t.Errorf("the food drive's counts include the book sale's failure")
	}
}

// TestOutboxPageChannels: a node with no channel says so plainly, and a
// message waiting for a channel this node lacks says that is why.
func TestOutboxPageChannels(t *testing.T) {
	f := newOutboxFixture(t)
	cases := []struct {
		ch   Channels
		want string
	}{
		{Channels{}, "No email server or SMS gateway is set up on this device"},
		{Channels{SMS: true}, "No email server is set up on this device"},
		{Channels{Email: true}, "No SMS gateway is set up on this device"},
		{Channels{Email: true, SMS: true}, ""},
	}
	for _, c := range cases {
		f.tp.pages.SetChannels(c.ch)
		_, body := f.tp.get(t, "/outbox")
		if got := strings.Contains(body, `id="no-channel"`); got != (c.want != "") || !strings.Contains(body, c.want) {
			t.Errorf("%+v: notice shown %v, want %q", c.ch, got, c.want)
		}
		lacksEmail := strings.Contains(card(body, f.ana), "has no email server set up")
		if lacksEmail != !c.ch.Email {
			t.Errorf("%+v: Ana's waiting confirmation says the email server is missing: %v", c.ch, lacksEmail)
		}
	}
}

// TestOutboxPageInEveryLanguage: the page, the dashboard and the event
// page's summary in English, Spanish and Arabic, with no key left raw.
func TestOutboxPageInEveryLanguage(t *testing.T) {
	f := newOutboxFixture(t)
	f.deliver(t)
	raw := regexp.MustCompile(`\boutbox\.[a-z]`)
	want := map[string][]string{
		"en": {"Messages", ">Sent<", "Reminder, 2 h before", "Not sent: no consent."},
		"es": {"Mensajes", ">Enviado<", "Recordatorio, 2 h antes", "No enviado: sin consentimiento."},
		"ar": {"الرسائل", ">أُرسلت<", "تذكير، قبل ساعتين", "لم تُرسل: لا موافقة."},
	}
	for lang, words := range want {
		for _, path := range []string{"/outbox", "/outbox?state=failed", "/", "/events/" + f.food.ID} {
			_, body := f.tp.get(t, path, "Accept-Language", lang)
			if m := raw.FindString(body); m != "" {
				t.Errorf("GET %s (%s) shows a raw key %q", path, lang, m)
			}
			if path != "/outbox" {
				continue
			}
			for _, w := range words {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s (%s) lacks %q", path, lang, w)
				}
			}
		}
	}
}

// TestOutboxOrder: failed first, then overdue and waiting, then
// upcoming, then done with the most recent first.
func TestOutboxOrder(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour) }
	ms := []node.Message{
		{ID: "sent-old", State: node.StateSent, Due: at(-5)},
		{ID: "upcoming", State: node.StateQueued, Due: at(3)},
		{ID: "sent-new", State: node.StateSent, Due: at(-1)},
		{ID: "overdue", State: node.StateQueued, Due: at(-2)},
		{ID: "failed", State: node.StateFailed, Due: at(-3)},
		{ID: "skipped", State: node.StateSkipped, Due: at(-4)},
	}
	slices.SortFunc(ms, relevance(now))
	var got []string
	for _, m := range ms {
		got = append(got, m.ID)
	}
	if want := "failed overdue upcoming sent-new skipped sent-old"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}
