package ui

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// langSet remembers the language a person picked and returns them to the
// page they were on. It is a form post, so it works without JavaScript.
func (p *Pages) langSet(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	if l := p.cats.by[r.PostForm.Get("lang")]; l != nil {
		http.SetCookie(w, &http.Cookie{
			Name: langCookie, Value: l.Lang, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Expires: time.Now().AddDate(1, 0, 0),
		})
	}
	seeOther(w, r, localPath(r.PostForm.Get("next")))
}

// localPath keeps a redirect target on this site.
func localPath(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(s, "//") {
		return "/"
	}
	return u.RequestURI()
}
