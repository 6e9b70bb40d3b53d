package calendar

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a,b;c", `a\,b\;c`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", `two\nlines`},
		{"crlf\r\nline", `crlf\nline`},
		{"cr\rline", `cr\nline`},
		{"tab\tkept", "tab\tkept"},
		{"bell\adropped", "belldropped"},
		{"bad\xffutf8", "badutf8"},
		{"مرحبا، بكم", "مرحبا، بكم"},
	}
	for _, c := range cases {
		if got := escapeText(c.in); got != c.want {
			t.Errorf("escapeText(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLineFolding(t *testing.T) {
	cases := []struct {
		name  string
		value string
	}{
		{"short", "x"},
		{"exactly 75", strings.Repeat("a", 75-len("SUMMARY:"))},
		{"76", strings.Repeat("a", 76-len("SUMMARY:"))},
		{"long ascii", strings.Repeat("abcdefghij", 30)},
		{"arabic", strings.Repeat("ع", 200)},
		{"mixed", strings.Repeat("aé€😀", 40)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var w writer
			w.line("SUMMARY", c.value)
			out := string(w.bytes())
			if !strings.HasSuffix(out, "\r\n") {
				t.Fatalf("got %q, want a CRLF at the end", out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			var unfolded strings.Builder
			for i, l := range lines {
				if got := len(l); got > maxLine {
					t.Errorf("line %d: got %d octets, want at most %d", i, got, maxLine)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d: a UTF-8 sequence is split: %q", i, l)
				}
				if strings.ContainsAny(l, "\r\n") {
					t.Errorf("line %d: a bare CR or LF: %q", i, l)
				}
				if i > 0 {
					if !strings.HasPrefix(l, " ") {
						t.Fatalf("line %d: got %q, want a leading space", i, l)
					}
					l = l[1:]
				}
				unfolded.WriteString(l)
			}
			if got, want := unfolded.String(), "SUMMARY:"+c.value; got != want {
				t.Errorf("unfolded: got %q, want %q", got, want)
			}
		})
	}
}
