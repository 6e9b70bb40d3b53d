package calendar

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLine is the most octets a content line may hold before its CRLF
// (RFC 5545 section 3.1); a continuation line's leading space counts.
const maxLine = 75

// writer builds iCalendar text one content line at a time.
type writer struct{ buf bytes.Buffer }

// line writes "name:value" folded to maxLine octets. value must already
// be in its property's value syntax (see escapeText).
func (w *writer) line(name, value string) {
	s := name + ":" + value
	width := maxLine
	for len(s) > width {
		cut := width
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		width = maxLine - 1
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

// text writes a TEXT property, escaped; an empty value writes nothing.
func (w *writer) text(name, value string) {
	if value != "" {
		w.line(name, escapeText(value))
	}
}

// time writes a DATE-TIME property in UTC form ("20261205T090000Z").
func (w *writer) time(name string, t time.Time) { w.line(name, formatTime(t)) }

func (w *writer) bytes() []byte { return w.buf.Bytes() }

func formatTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText writes s in the TEXT value syntax (RFC 5545 section 3.3.11):
// backslash, semicolon and comma escaped, every line break (CRLF, CR or
// LF) as \n. Other control characters, which TEXT does not allow, are
// dropped; so is invalid UTF-8.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
