// Package calendar writes RFC 5545 iCalendar text for the volunteer drive:
// an invite per signup (METHOD:REQUEST, one VEVENT) and a feed per
// volunteer (METHOD:PUBLISH, one VEVENT per signup) that calendar apps
// subscribe to.
//
// It is pure: it turns node.CalendarEntry values into bytes and reads no
// clock, disk or network. Everything in the output derives from the
// merged state, so every node writes the same bytes for the same state:
// the UID is the signup id (stable across nodes), and DTSTAMP,
// LAST-MODIFIED and SEQUENCE derive from the entry's Modified time, so a
// later change to the event, shift or signup makes an invite that
// replaces the earlier one in the volunteer's calendar.
//
// The writer (writer.go) does the RFC's line rules: CRLF endings, lines
// folded at 75 octets without splitting a UTF-8 sequence, and TEXT
// values escaped (backslash, semicolon, comma, newline).
package calendar
