package ui

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"muster/node"
)

//go:embed templates/*.html
var templateFS embed.FS

// views lists every page template; NewPages fails if one is missing.
var views = []string{
	"dashboard", "campaigns", "campaign_show", "campaign_form",
	"roster", "person_form", "peers", "error",
	"events", "event", "event_form", "signup", "signup_done", "signup_link", "checkin",
	"tasks", "task", "task_form", "impact", "outbox",
}

// shared templates every view is parsed with.
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html"}

// engine holds one parsed template per (language, view): the message
// functions are bound to the language when parsing, so templates simply
// write {{t "key"}}.
type engine struct {
	cats  *catalogs
	views map[string]*template.Template // "lang/view"
}

func newEngine(cats *catalogs, assets *assets) (*engine, error) {
	e := &engine{cats: cats, views: map[string]*template.Template{}}
	for _, l := range cats.list {
		base, err := template.New("layout").Funcs(templateFuncs(l, assets)).ParseFS(templateFS, sharedTemplates...)
		if err != nil {
			return nil, fmt.Errorf("parse layout: %w", err)
		}
		for _, v := range views {
			t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+v+".html")
			if err != nil {
				return nil, fmt.Errorf("parse view %s: %w", v, err)
			}
			if t.Lookup("content") == nil {
				return nil, fmt.Errorf("parse view %s: no content template", v)
			}
			e.views[l.Lang+"/"+v] = t
		}
	}
	return e, nil
}

func templateFuncs(l *Locale, a *assets) template.FuncMap {
	return template.FuncMap{
		"t":      l.T,
		"tn":     l.N,
		"num":    l.Num,
		"amount": l.Float,
		"date":   func(t time.Time) string { return t.Format("2006-01-02") },
		"asset":  a.url,
		"pct":    func(f float64) int { return int(f + 0.5) },
		// signupsOf pairs a shift with its event's id, for the signups list.
		"signupsOf": func(event string, s shiftRow) signupsArg { return signupsArg{Event: event, Shift: s} },
	}
}

// viewer is any view struct: each embeds page.
type viewer interface{ base() *page }

// render executes view into a buffer and writes it once, so that a
// template error becomes a clean 500 instead of half a page.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, view string, data viewer) {
	pg := data.base()
	t := p.engine.views[pg.L.Lang+"/"+view]
	if t == nil {
		p.log.Error("render: unknown view", "view", view, "lang", pg.L.Lang)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		p.log.Error("render", "view", view, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", pg.L.Lang)
	h.Set("Vary", "Cookie, Accept-Language")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		p.log.Debug("write page", "path", r.URL.Path, "err", err)
	}
}

// seeOther redirects after a successful POST, so reloading does not post
// again.
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// redirectAfter ends a form post whose field errors were already shown:
// a 404 page when what it changes is gone, the error page for any other
// error, else a redirect to `to`.
func (p *Pages) redirectAfter(w http.ResponseWriter, r *http.Request, err error, to string) {
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, to)
	}
}
