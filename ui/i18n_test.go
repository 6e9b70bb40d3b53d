package ui

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestCatalogsComplete: every key of English is in every catalog (plural
// keys by their base), and every key the templates use exists.
func TestCatalogsComplete(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	en := cats.by["en"]
	if got, want := len(cats.list), 3; got != want {
		t.Fatalf("catalogs = %d, want %d", got, want)
	}
	for _, l := range cats.list {
		for k := range en.msgs {
			if _, ok := l.msgs[k]; !ok {
				t.Errorf("%s: missing %q", l.Lang, k)
			}
		}
		for k := range l.msgs {
			if _, ok := en.msgs[k]; !ok && !isPluralForm(k, en) {
				t.Errorf("%s: %q is not an English key", l.Lang, k)
			}
		}
	}
	used := regexp.MustCompile(`\{\{-?\s*tn? "([a-z_.]+)"`)
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := en.msgs[m[1]]; !ok && !isPluralForm(m[1]+".other", en) {
				t.Errorf("%s uses unknown key %q", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// isPluralForm: "roster.count.few" is a plural form when English has
// "roster.count.other".
func isPluralForm(k string, en *Locale) bool {
	i := strings.LastIndexByte(k, '.')
	if i < 0 || !slices.Contains([]string{"zero", "one", "two", "few", "many", "other"}, k[i+1:]) {
		return false
	}
	_, ok := en.msgs[k[:i]+".other"]
	return ok
}

func TestPluralCategory(t *testing.T) {
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"},
		{"es", 1, "one"}, {"es", 1000, "other"},
		{"ar", 0, "zero"}, {"ar", 1, "one"}, {"ar", 2, "two"}, {"ar", 3, "few"},
		{"ar", 10, "few"}, {"ar", 11, "many"}, {"ar", 99, "many"}, {"ar", 100, "other"}, {"ar", 103, "few"},
	}
	for _, c := range cases {
		if got := pluralCategory(c.lang, c.n); got != c.want {
			t.Errorf("pluralCategory(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestLocaleFormats(t *testing.T) {
	cats, _ := loadCatalogs()
	cases := []struct {
		lang, got, want string
	}{
		{"en", cats.by["en"].N("roster.count", 100000), "100,000 people"},
		{"es", cats.by["es"].N("roster.count", 100000), "100.000 personas"},
		{"es", cats.by["es"].Float(1234.5), "1.234,5"},
		{"en", cats.by["en"].N("roster.count", 1), "1 person"},
		{"ar", cats.by["ar"].N("roster.count", 2), "شخصان"},
		{"ar", cats.by["ar"].N("roster.count", 5), "5 أشخاص"},
		{"en", cats.by["en"].T("no.such.key"), "no.such.key"},
		{"en", cats.by["en"].Num(-1234567), "-1,234,567"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.lang, c.got, c.want)
		}
	}
}

func TestPickLanguage(t *testing.T) {
	cats, _ := loadCatalogs()
	cases := []struct {
		accept, cookie, want string
	}{
		{"", "", "en"},
		{"es-ES,es;q=0.9,en;q=0.8", "", "es"},
		{"fr-FR,fr;q=0.9,ar;q=0.5", "", "ar"},
		{"en;q=0.2,es;q=0.8", "", "es"},
		{"de", "", "en"},
		{"es", "ar", "ar"},
		{"es", "xx", "es"},
		{"*", "", "en"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", c.accept)
		if c.cookie != "" {
			r.Header.Set("Cookie", langCookie+"="+c.cookie)
		}
		if got := cats.pick(r).Lang; got != c.want {
			t.Errorf("Accept-Language %q, cookie %q: got %s, want %s", c.accept, c.cookie, got, c.want)
		}
	}
}
