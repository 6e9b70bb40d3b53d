package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"muster/datefmt"
)

//go:embed locales/*.json
var localeFS embed.FS

// langCookie remembers the language a person picked.
const langCookie = "muster_lang"

// defaultLang is used when neither the cookie nor Accept-Language names a
// language we ship.
const defaultLang = "en"

// Locale is one message catalog. Keys are dotted ("roster.title"); plural
// messages have one key per CLDR category ("roster.count.one",
// "roster.count.other"; Arabic also zero, two, few, many).
type Locale struct {
	Lang string // BCP 47 tag: "en", "es", "ar"
	Name string // the language's own name: "Español"
	Dir  string // "ltr" or "rtl"
	msgs map[string]string
	// dates are the day and month names (keys date.days, date.months,
	// date.sep) that Span writes dates with.
	dates datefmt.Names
}

// catalogs holds every shipped locale, in the order the switcher shows them.
type catalogs struct {
	list []*Locale
	by   map[string]*Locale
}

func loadCatalogs() (*catalogs, error) {
	entries, err := localeFS.ReadDir("locales")
	if err != nil {
		return nil, fmt.Errorf("read locales: %w", err)
	}
	c := &catalogs{by: map[string]*Locale{}}
	// A language is its main file, "es.json", plus any number of part
	// files, "es.tasks.json", whose messages are added to it. Parts keep
	// the catalogs of separate features apart.
	parts := map[string][]string{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		lang, part, ok := strings.Cut(name, ".")
		if !ok {
			l, err := loadLocale(e.Name())
			if err != nil {
				return nil, err
			}
			c.list = append(c.list, l)
			c.by[l.Lang] = l
			continue
		}
		if part == "" {
			return nil, fmt.Errorf("locale file %s: empty part name", e.Name())
		}
		parts[lang] = append(parts[lang], e.Name())
	}
	for lang, files := range parts {
		l := c.by[lang]
		if l == nil {
			return nil, fmt.Errorf("locale files %v: no %s.json", files, lang)
		}
		for _, f := range files {
			if err := l.addPart(f); err != nil {
				return nil, err
			}
		}
	}
	if c.by[defaultLang] == nil {
		return nil, fmt.Errorf("load locales: no %q catalog", defaultLang)
	}
	if err := c.loadDates(); err != nil {
		return nil, err
	}
	// English first, then the others by tag, so the switcher is stable.
	slices.SortFunc(c.list, func(a, b *Locale) int {
		if (a.Lang == defaultLang) != (b.Lang == defaultLang) {
			if a.Lang == defaultLang {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Lang, b.Lang)
	})
	return c, nil
}

func readMessages(file string) (map[string]string, error) {
	b, err := localeFS.ReadFile(path.Join("locales", file))
	if err != nil {
		return nil, fmt.Errorf("read locale %s: %w", file, err)
	}
	msgs := map[string]string{}
	if err := json.Unmarshal(b, &msgs); err != nil {
		return nil, fmt.Errorf("parse locale %s: %w", file, err)
	}
	return msgs, nil
}

func loadLocale(file string) (*Locale, error) {
	msgs, err := readMessages(file)
	if err != nil {
		return nil, err
	}
	l := &Locale{Lang: strings.TrimSuffix(file, ".json"), msgs: msgs}
	l.Name, l.Dir = msgs["meta.name"], msgs["meta.dir"]
	if l.Name == "" || (l.Dir != "ltr" && l.Dir != "rtl") {
		return nil, fmt.Errorf("locale %s: meta.name and meta.dir (ltr|rtl) are required", file)
	}
	return l, nil
}

// addPart adds the messages of a part file; a key defined twice is an error.
func (l *Locale) addPart(file string) error {
	msgs, err := readMessages(file)
	if err != nil {
		return err
	}
	for k, v := range msgs {
		if _, dup := l.msgs[k]; dup {
			return fmt.Errorf("locale %s: key %q is already defined", file, k)
		}
		l.msgs[k] = v
	}
	return nil
}

// T returns the message for key, formatted with args (fmt verbs). A missing
// key shows as the key itself so that it is noticed, never as a blank.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		return key
	}
	if len(args) == 0 || !strings.Contains(m, "%") {
		return m // a plural form may spell the number out ("شخصان")
	}
	return fmt.Sprintf(m, args...)
}

// N returns the plural form of key for n, with n formatted as its first
// argument.
func (l *Locale) N(key string, n int, args ...any) string {
	k := key + "." + pluralCategory(l.Lang, n)
	if _, ok := l.msgs[k]; !ok {
		k = key + ".other"
	}
	return l.T(k, append([]any{l.Num(n)}, args...)...)
}

// Num formats an integer with the locale's digit grouping.
func (l *Locale) Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := l.msgs["meta.group"]
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Float formats an amount: whole numbers without decimals, others with up
// to two.
func (l *Locale) Float(f float64) string {
	if f == float64(int(f)) {
		return l.Num(int(f))
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	return l.Num(w) + l.msgs["meta.decimal"] + frac
}

// pluralCategory is the CLDR cardinal category of n for the shipped
// languages.
func pluralCategory(lang string, n int) string {
	if lang != "ar" {
		if n == 1 {
			return "one"
		}
		return "other"
	}
	switch m := n % 100; {
	case n == 0:
		return "zero"
	case n == 1:
		return "one"
	case n == 2:
		return "two"
	case m >= 3 && m <= 10:
		return "few"
	case m >= 11 && m <= 99:
		return "many"
	}
	return "other"
}

// pick chooses the request's locale: the cookie a person set, then the
// browser's Accept-Language, then English.
func (c *catalogs) pick(r *http.Request) *Locale {
	if ck, err := r.Cookie(langCookie); err == nil {
		if l := c.by[ck.Value]; l != nil {
			return l
		}
	}
	for _, tag := range acceptLanguages(r.Header.Get("Accept-Language")) {
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if l := c.by[base]; l != nil {
			return l
		}
	}
	return c.by[defaultLang]
}

// acceptLanguages returns the tags of an Accept-Language header, best first.
func acceptLanguages(h string) []string {
	type tagQ struct {
		tag string
		q   float64
	}
	var tags []tagQ
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" || tag == "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			tags = append(tags, tagQ{tag, q})
		}
	}
	slices.SortStableFunc(tags, func(a, b tagQ) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.tag
	}
	return out
}
