package notify

import (
	"fmt"

	"muster/node"
)

// Compose returns the subject and text of a message, in English for now.
// Times are shown in UTC with the offset, until people's time zones are
// known.
func Compose(m node.Message) (subject, text string) {
	what := m.EventTitle
	if m.ShiftTitle != "" {
		what += " – " + m.ShiftTitle
	}
	when := m.Start.UTC().Format("Mon 2 Jan 2006 15:04") + "–" + m.End.UTC().Format("15:04 MST")
	where := ""
	if m.Location != "" {
		where = " at " + m.Location
	}
	hello := "Hello"
	if m.Name != "" {
		hello += " " + m.Name
	}
	var body string
	switch m.Kind {
	case node.KindConfirmation:
		subject = "You signed up: " + what
		body = fmt.Sprintf("thank you for signing up for %s, %s%s.", what, when, where)
		if !m.Seated {
			body += " The shift is full for now: you are on the waitlist, and we will tell you if a seat opens."
		}
	case node.KindReminder24h, node.KindReminder2h:
		in := "tomorrow"
		if m.Kind == node.KindReminder2h {
			in = "in two hours"
		}
		subject = "Reminder: " + what + " " + in
		body = fmt.Sprintf("a reminder that %s starts %s: %s%s. See you there!", what, in, when, where)
	default:
		subject = "Thank you: " + what
		body = fmt.Sprintf("thank you for coming to %s. It made a difference.", what)
	}
	return subject, hello + ", " + body
}
