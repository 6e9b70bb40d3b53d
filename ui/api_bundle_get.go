package ui

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"muster/node"
)

// bundleGet downloads a bundle: everything, or with ?since=VECTOR only what
// a node at that vector lacks. A bad vector is a 400, or for the Sync
// page's form the page again with the error.
func (p *Pages) bundleGet(w http.ResponseWriter, r *http.Request) {
	h, ok := p.bundleHooks()
	if !ok {
		writeError(w, http.StatusServiceUnavailable, "bundles are not available")
		return
	}
	since := strings.TrimSpace(r.URL.Query().Get("since"))
	name := fmt.Sprintf("muster-%s-%s.bundle", p.node.ID().Short(), time.Now().UTC().Format("20060102-150405"))
	aw := &attachment{w: w, name: name}
	err := h.Export(aw, since)
	switch {
	case err == nil:
		aw.start() // an empty body is still a download
	case aw.started:
		// The headers are gone: the cut file fails its seal on import.
		p.log.Warn("bundle download cut short", logKeyErr, err)
	case errors.Is(err, ErrBadVector) && wantsHTML(r):
		p.renderPeers(w, r, http.StatusBadRequest, "since", "bundle.badsince", since)
	case errors.Is(err, ErrBadVector):
		writeError(w, http.StatusBadRequest, "since: "+err.Error())
	case errors.Is(err, node.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, "node is shutting down")
	default:
		p.log.Error("bundle download", logKeyErr, err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// attachment writes the download's headers with its first byte, so that
// an export refused before writing can still answer with an error.
type attachment struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (a *attachment) start() {
	if a.started {
		return
	}
	a.started = true
	h := a.w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.name}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	a.w.WriteHeader(http.StatusOK)
}

func (a *attachment) Write(b []byte) (int, error) {
	a.start()
	return a.w.Write(b)
}

// wantsHTML is true for a browser's form (it asks for text/html first),
// false for scripts and API clients.
func wantsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}
