package ui

import (
	"bufio"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"muster/node"
)

// maxBundleUpload bounds an uploaded bundle: the roster workload's 300,000
// ops make about 75 MB.
const maxBundleUpload = 1 << 30

// errNoBundle is an upload without a file.
var errNoBundle = errors.New("bundle: choose a bundle file to upload")

// bundleResultBody is the JSON answer to an upload.
type bundleResultBody struct {
	Applied   int `json:"applied"`
	Duplicate int `json:"duplicate"`
}

// bundlePost imports a bundle sent as the body, or as the "bundle" file of
// a multipart form. API clients get JSON; the Sync page's form (a browser
// asking for HTML) is redirected to the page with the result, or gets the
// page again with the error. A bundle that does not check out changes
// nothing and is a 422.
func (p *Pages) bundlePost(w http.ResponseWriter, r *http.Request) {
	h, ok := p.bundleHooks()
	html := wantsHTML(r)
	if !ok {
		p.bundleRefused(w, r, html, http.StatusServiceUnavailable, "", "bundle.unavailable", "bundles are not available")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBundleUpload)
	src, err := bundleSource(r)
	if err != nil {
		p.bundleRefused(w, r, html, http.StatusBadRequest, "bundle", "bundle.nofile", err.Error())
		return
	}
	applied, dup, err := h.Import(src)
	if err != nil {
		p.importFailed(w, r, html, applied, err)
		return
	}
	if html {
		seeOther(w, r, "/peers?applied="+strconv.Itoa(applied)+"&duplicate="+strconv.Itoa(dup))
		return
	}
	writeJSON(w, http.StatusOK, bundleResultBody{Applied: applied, Duplicate: dup})
}

// bundleSource is the upload's bytes: the body, or the form's "bundle"
// file read as a stream (a bundle may be far larger than memory should
// hold). An empty upload is errNoBundle.
func bundleSource(r *http.Request) (io.Reader, error) {
	var src io.Reader = r.Body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, errNoBundle
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				return nil, errNoBundle
			}
			if part.FormName() == "bundle" {
				src = part
				break
			}
		}
	}
	br := bufio.NewReader(src)
	if _, err := br.Peek(1); err != nil {
		return nil, errNoBundle
	}
	return br, nil
}

// importFailed maps an import's error: too large is 413, a closing node
// 503, anything else a refused file (422).
func (p *Pages) importFailed(w http.ResponseWriter, r *http.Request, html bool, applied int, err error) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		p.bundleRefused(w, r, html, http.StatusRequestEntityTooLarge, "bundle", "bundle.toolarge", "bundle: larger than 1 GiB")
	case errors.Is(err, node.ErrClosed):
		p.bundleRefused(w, r, html, http.StatusServiceUnavailable, "bundle", "error.server.text", "node is shutting down")
	case applied > 0: // refused files change nothing; this one stopped partway
		p.log.Warn("bundle import stopped partway", "applied", applied, logKeyErr, err)
		p.bundleRefused(w, r, html, http.StatusUnprocessableEntity, "bundle", "bundle.partial", err.Error())
	default:
		p.bundleRefused(w, r, html, http.StatusUnprocessableEntity, "bundle", "bundle.refused", err.Error())
	}
}

// bundleRefused answers a refused upload: the Sync page with the
// translated message (errKey) at field, or JSON with the untranslated one.
func (p *Pages) bundleRefused(w http.ResponseWriter, r *http.Request, html bool, status int, field, errKey, msg string) {
	if html {
		p.renderPeers(w, r, status, field, errKey, "")
		return
	}
	writeError(w, status, msg)
}
