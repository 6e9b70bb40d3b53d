package notify

import (
	"strconv"
	"strings"

	"muster/node"
)

// Compose returns the subject and text of a message in the person's
// language (English when it has no texts). Times are shown in the sending
// node's time zone, as the pages show them and as the organizer entered
// them, followed by the zone's name so that nobody has to guess. link is
// the signup's personal page (…/s/{signup}/{token}), where the volunteer
// says "I'll be there" or "I can't come"; the messages that ask (see
// withLink) end with it, and "" leaves it out.
func Compose(m node.Message, link string) (subject, body string) {
	l := textsFor(m.Lang)
	what := m.EventTitle
	if m.ShiftTitle != "" {
		what += " – " + m.ShiftTitle
	}
	where := ""
	if m.Location != "" {
		where = strings.ReplaceAll(l.where, "{place}", m.Location)
	}
	fill := strings.NewReplacer(
		"{what}", what,
		"{when}", when(l, m),
		"{where}", where,
		"{pos}", strconv.Itoa(m.Position),
	).Replace
	t := l.kinds[m.Kind]
	body = t.body
	if m.Kind == node.KindConfirmation {
		if m.Seated {
			body += l.seated
		} else {
			body += l.waiting
		}
	}
	if link != "" && withLink(m.Kind) {
		body += strings.ReplaceAll(l.link, "{link}", link)
	}
	hello := l.hello
	if m.Name != "" {
		hello += " " + m.Name
	}
	return fill(t.subject), hello + l.comma + fill(body)
}

func when(l *lang, m node.Message) string {
	start, end := m.Start.Local(), m.End.Local()
	zone, _ := start.Zone()
	return l.dates.Span(start, end) + " " + zone
}

// withLink says which kinds carry the personal link: those that come
// before the shift while there is still a seat to confirm or give back.
func withLink(kind string) bool {
	switch kind {
	case node.KindConfirmation, node.KindPromoted, node.KindReminder24h, node.KindReminder2h:
		return true
	}
	return false
}
