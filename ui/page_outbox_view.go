package ui

import (
	"cmp"
	"net/url"
	"strconv"
	"strings"
	"time"

	"muster/node"
)

// messageRow is one message as the Messages page shows it, every word
// already in the page's language.
type messageRow struct {
	ID, Person, Name string
	Kind             string // "Reminder, 2 h before"
	EventID, Event   string
	Shift            string // the shift's span
	Channel, To      string // Channel "" when there is none
	Due              string
	Overdue          bool
	State            string // the raw state, for the badge's class
	StateLabel       string
	Why              string // the detail in plain words; "" when nothing to say
}

// stateCount is how many messages are in one state, with the link that
// shows only those.
type stateCount struct {
	State, Label, Href string
	N                  int
	Current            bool
}

// outboxSummary counts messages per state, in the order of node.MessageStates,
// leaving out states with none.
type outboxSummary struct {
	Total  int
	Counts []stateCount
	Href   string // the Messages page, filtered as the summary is
}

// summarizeOutbox counts ms per state. base is the query (without state) the
// counts' links keep; current is the state filtered on, if any.
func summarizeOutbox(l *Locale, ms []node.Message, base url.Values, current string) outboxSummary {
	n := map[string]int{}
	for _, m := range ms {
		n[m.State]++
	}
	s := outboxSummary{Total: len(ms), Href: outboxHref(base, "", 0)}
	for _, st := range node.MessageStates {
		if n[st] == 0 {
			continue
		}
		s.Counts = append(s.Counts, stateCount{State: st, N: n[st], Label: l.N("outbox.n."+st, n[st]),
			Href: outboxHref(base, st, 0), Current: st == current})
	}
	return s
}

// outboxHref is the Messages page with base's filters, state and page.
func outboxHref(base url.Values, state string, page int) string {
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	if state != "" {
		q.Set("state", state)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return "/outbox"
	}
	return "/outbox?" + q.Encode()
}

// relevance orders messages for an organizer: what needs a look first
// (failed, then overdue and still waiting), then what is coming, then
// what is done, the most recent first.
func relevance(now time.Time) func(a, b node.Message) int {
	rank := func(m node.Message) int {
		switch {
		case m.State == node.StateFailed:
			return 0
		case !settled(m.State) && !m.Due.After(now):
			return 1
		case !settled(m.State):
			return 2
		}
		return 3
	}
	return func(a, b node.Message) int {
		ra, rb := rank(a), rank(b)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		c := a.Due.Compare(b.Due)
		if ra == 3 {
			c = -c
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
}

func settled(state string) bool {
	return state == node.StateSent || state == node.StateFailed || state == node.StateSkipped
}

// newMessageRow writes m in l's words; me is this node's id, to tell
// messages another device sends, and lacks the channels it has none for.
func newMessageRow(l *Locale, m node.Message, now time.Time, me string, lacks map[string]bool) messageRow {
	r := messageRow{ID: m.ID, Person: m.Person, Name: m.Name, EventID: m.Event, Event: m.EventTitle,
		Shift: l.Span(m.Start, m.End), To: m.To, Due: l.dates.Time(m.Due.Local()),
		Overdue: !settled(m.State) && !m.Due.After(now), State: m.State}
	r.Kind = tOr(l, "outbox.kind."+m.Kind, m.Kind)
	if m.ShiftTitle != "" {
		r.Shift = m.ShiftTitle + " · " + r.Shift
	}
	if m.Channel != "" {
		r.Channel = tOr(l, "outbox.channel."+m.Channel, m.Channel)
	}
	r.StateLabel = tOr(l, "outbox.state."+m.State, m.State)
	r.Why = messageWhy(l, m, r.Overdue, m.Home == me, lacks[m.Channel])
	return r
}

// messageWhy says in plain words what the detail the sending node recorded
// means (notify writes it in English, for logs and the API).
func messageWhy(l *Locale, m node.Message, overdue, mine, noChannel bool) string {
	d := m.Detail
	switch m.State {
	case node.StateSkipped:
		switch {
		case strings.HasPrefix(d, "expired"):
			return l.T("outbox.why.expired")
		case strings.HasPrefix(d, "no consent"):
			return l.T("outbox.why.noconsent")
		}
	case node.StateFailed:
		return l.T("outbox.why.refused", d)
	case node.StateSending:
		return l.T("outbox.why.sending")
	case node.StateQueued:
		switch {
		case strings.HasSuffix(d, "channel is configured on this node"), overdue && mine && noChannel:
			return tOr(l, "outbox.why.nochannel."+m.Channel, d)
		case d != "":
			return l.T("outbox.why.unreachable", d)
		case overdue && !mine:
			return l.T("outbox.why.elsewhere")
		case overdue:
			return l.T("outbox.why.soon")
		}
	}
	if d != "" {
		return d
	}
	return ""
}

// tOr is l.T(key), or fallback when the catalog lacks key (a kind or state
// newer than the catalogs).
func tOr(l *Locale, key, fallback string) string {
	if _, ok := l.msgs[key]; !ok {
		return fallback
	}
	return l.T(key)
}
