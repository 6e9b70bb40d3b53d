package ui

import (
	"time"
)

// syncSummary is the Sync page's one honest line about all peers.
type syncSummary struct {
	State string // "alone", "ok" or "busy": the dot's colour
	Text  string // already translated
}

// summarize says how many peers there are and how many are in sync.
func summarize(l *Locale, peers []PeerRow) syncSummary {
	in := 0
	for _, p := range peers {
		if p.InSync() {
			in++
		}
	}
	switch {
	case len(peers) == 0:
		return syncSummary{"alone", l.T("peers.summary.alone")}
	case in == len(peers):
		return syncSummary{"ok", l.N("peers.summary.all", len(peers))}
	}
	return syncSummary{"busy", l.N("peers.summary.some", len(peers), l.Num(in))}
}

// nextSync picks what the page asks a person to do: invite a device when
// there is none, carry a bundle when none is reachable, wait while changes
// move, or nothing.
func nextSync(peers []PeerRow) string {
	if len(peers) == 0 {
		return "invite"
	}
	online, in := 0, 0
	for _, p := range peers {
		if p.Online {
			online++
		}
		if p.InSync() {
			in++
		}
	}
	switch {
	case in == len(peers):
		return "insync"
	case online == 0:
		return "offline"
	}
	return "syncing"
}

// peerRowView is one peer as the page shows it: every text translated.
type peerRowView struct {
	Name     string // short node id, or the address when the id is unknown
	Addr     string
	Online   bool
	LastSync string // "2 min ago", "never"
	When     string // RFC 3339 for <time datetime>; "" when never
	Behind   string // exact count, or "not known yet"
	Ahead    string
	InSync   bool
	Error    string
}

func newPeerRowView(l *Locale, r PeerRow, now time.Time) peerRowView {
	v := peerRowView{Name: r.Node, Addr: r.Addr, Online: r.Online, InSync: r.InSync(), Error: r.Error,
		LastSync: ago(l, r.LastSync, now), Behind: l.T("peers.unknown"), Ahead: l.T("peers.unknown")}
	if len(v.Name) > 12 { // as AuthorID.Short prints it
		v.Name = v.Name[:12]
	}
	if v.Name == "" {
		v.Name = l.T("peers.unnamed")
	}
	if !r.LastSync.IsZero() {
		v.When = r.LastSync.UTC().Format(time.RFC3339)
	}
	if r.Known {
		v.Behind, v.Ahead = l.N("peers.receive", int(r.Behind)), l.N("peers.send", int(r.Ahead))
	}
	return v
}

// ago says how long before now t was, coarsely: "just now", "2 min ago",
// "3 h ago", "4 days ago"; "never" for the zero time.
func ago(l *Locale, t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return l.T("peers.never")
	case d < time.Minute:
		return l.T("ago.now")
	case d < time.Hour:
		return l.N("ago.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return l.N("ago.hours", int(d/time.Hour))
	}
	return l.N("ago.days", int(d/(24*time.Hour)))
}

// bundleResult says what an upload did: "412 changes added. 3 were
// already here."
func bundleResult(l *Locale, applied, duplicate int) string {
	s := l.N("bundle.applied", applied)
	if duplicate > 0 {
		s += " " + l.N("bundle.duplicate", duplicate)
	}
	return s
}
