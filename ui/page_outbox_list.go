package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"muster/node"
)

// outboxPageSize is how many messages one page of the Messages page lists.
const outboxPageSize = 50

// outboxView is the Messages page: every message the node derives, what
// became of it, and what to do about those that need a look.
type outboxView struct {
	page
	Rows     []messageRow
	Shown    int           // messages that pass the filters, on every page
	Summary  outboxSummary // per state, within the event filter
	State    string        // the filters as chosen; "" is any
	Event    string
	States   []string
	Events   []eventOption
	Filtered bool
	Failed   int // failed messages (within the event filter)
	Waiting  int // overdue messages not yet settled
	// Channels: Known once cmd/muster said which channels this node has.
	Known, NoEmail, NoSMS bool
	PageNo, PageCount     int
	Prev, Next            string // links to the neighbouring pages; "" at an end
}

// eventOption is one event of the event filter.
type eventOption struct{ ID, Title string }

// outboxPage lists the scheduled messages, what needs a look first, with
// filters by state and event (?state=, ?event=; an unknown value is
// ignored, as on the task list) and pages of outboxPageSize (?page=).
func (p *Pages) outboxPage(w http.ResponseWriter, r *http.Request) {
	v := &outboxView{page: p.newPage(r, "outbox.title", "outbox", "message signup person shift event"), States: node.MessageStates}
	all, err := p.node.Outbox(node.OutboxQuery{})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	v.Events = eventOptions(all)
	if e := q.Get("event"); slices.ContainsFunc(v.Events, func(o eventOption) bool { return o.ID == e }) {
		v.Event = e
	}
	if s := q.Get("state"); slices.Contains(node.MessageStates, s) {
		v.State = s
	}
	v.Filtered = v.State != "" || v.Event != ""
	base := url.Values{}
	if v.Event != "" {
		base.Set("event", v.Event)
		all = slices.DeleteFunc(all, func(m node.Message) bool { return m.Event != v.Event })
	}
	v.Summary = summarizeOutbox(v.L, all, base, v.State)
	now := time.Now()
	for _, m := range all {
		switch {
		case m.State == node.StateFailed:
			v.Failed++
		case !settled(m.State) && !m.Due.After(now):
			v.Waiting++
		}
	}
	shown := slices.DeleteFunc(all, func(m node.Message) bool { return v.State != "" && m.State != v.State })
	slices.SortFunc(shown, relevance(now))
	v.Shown = len(shown)
	if c, ok := p.channelsSet(); ok {
		v.Known, v.NoEmail, v.NoSMS = true, !c.Email, !c.SMS
	}
	p.pageOf(v, shown, q.Get("page"), base, now)
	p.render(w, r, http.StatusOK, "outbox", v)
}

// pageOf fills v with the rows of page number s (1 when s is not one) and
// the links to its neighbours.
func (p *Pages) pageOf(v *outboxView, ms []node.Message, s string, base url.Values, now time.Time) {
	v.PageCount = max(1, (len(ms)+outboxPageSize-1)/outboxPageSize)
	v.PageNo, _ = strconv.Atoi(s)
	v.PageNo = min(max(v.PageNo, 1), v.PageCount)
	if v.State != "" {
		base.Set("state", v.State)
	}
	if v.PageNo > 1 {
		v.Prev = outboxHref(base, "", v.PageNo-1)
	}
	if v.PageNo < v.PageCount {
		v.Next = outboxHref(base, "", v.PageNo+1)
	}
	me := p.node.ID().String()
	lacks := map[string]bool{node.ChannelEmail: v.NoEmail, node.ChannelSMS: v.NoSMS}
	from := (v.PageNo - 1) * outboxPageSize
	for _, m := range ms[from:min(from+outboxPageSize, len(ms))] {
		v.Rows = append(v.Rows, newMessageRow(v.L, m, now, me, lacks))
	}
}

// eventOptions lists the events that have messages, by title.
func eventOptions(ms []node.Message) []eventOption {
	seen := map[string]bool{}
	var out []eventOption
	for _, m := range ms {
		if !seen[m.Event] {
			seen[m.Event] = true
			out = append(out, eventOption{ID: m.Event, Title: m.EventTitle})
		}
	}
	slices.SortFunc(out, func(a, b eventOption) int {
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}
