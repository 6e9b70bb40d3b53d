package notify

import (
	"strconv"
	"strings"

	"muster/node"
)

// Compose returns the subject and text of a message in the person's
// language (English when it has no texts). Times are shown in UTC, marked
// so, until people's time zones are known.
func Compose(m node.Message) (subject, body string) {
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
		"{when}", l.dates.Span(m.Start.UTC(), m.End.UTC())+" UTC",
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
	hello := l.hello
	if m.Name != "" {
		hello += " " + m.Name
	}
	return fill(t.subject), hello + l.comma + fill(body)
}
