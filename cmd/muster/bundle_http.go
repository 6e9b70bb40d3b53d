package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"muster/node"
	"muster/sync/bundle"
	"muster/sync/team"
	"muster/ui"
)

// maxBundleUpload bounds an uploaded bundle: the roster workload's 300,000
// ops make about 75 MB.
const maxBundleUpload = 1 << 30

// mountBundles offers bundles over HTTP, for the web UI and for scripts:
// GET /api/v1/bundle[?since=VECTOR] downloads one, POST /api/v1/bundle
// (the file as the body, or a form with a "bundle" file field) imports one.
func mountBundles(srv *ui.Server, n *node.Node, tm *team.Team, log *slog.Logger) {
	srv.Mount("GET /api/v1/bundle", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bundleExport(w, r, n, tm, log)
	}))
	srv.Mount("POST /api/v1/bundle", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bundleImport(w, r, n, tm)
	}))
}

func bundleExport(w http.ResponseWriter, r *http.Request, n *node.Node, tm *team.Team, log *slog.Logger) {
	since, err := bundle.ParseVector([]byte(r.URL.Query().Get("since")))
	if r.URL.Query().Get("since") == "" {
		since, err = nil, nil
	}
	if err != nil {
		jsonError(w, http.StatusBadRequest, "since: "+err.Error())
		return
	}
	name := fmt.Sprintf("muster-%s-%s.bundle", n.ID().Short(), time.Now().UTC().Format("20060102-150405"))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	if err := bundle.Export(w, n, tm, since, nil); err != nil {
		// Headers are gone: the truncated file fails its seal on import.
		log.Warn("bundle download cut short", "err", err)
	}
}

func bundleImport(w http.ResponseWriter, r *http.Request, n *node.Node, tm *team.Team) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBundleUpload)
	var src io.Reader = r.Body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		f, _, err := r.FormFile("bundle")
		if err != nil {
			jsonError(w, http.StatusBadRequest, "bundle: choose a bundle file to upload")
			return
		}
		defer f.Close()
		src = f
	}
	res, err := bundle.Import(src, n, tm, nil)
	if err != nil {
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if r.Header.Get("Accept") == "application/json" || r.MultipartForm == nil {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]int{"applied": res.Applied, "duplicate": res.Duplicate, "pending": res.Pending})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/sync?imported=%d&duplicate=%d", res.Applied, res.Duplicate), http.StatusSeeOther)
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"message": msg}})
}
