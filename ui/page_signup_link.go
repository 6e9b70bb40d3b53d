package ui

import (
	"errors"
	"net/http"
	"time"

	"muster/node"
)

// signupLinks serves the volunteers' own pages, /s/{signup}/{token}: the
// link in their confirmation and reminders, where they say "I'll be there"
// or "I can't come". The token is the only key (SignupToken); key is never
// shown, only tokens made from it.
type signupLinks struct {
	pages *Pages
	key   []byte
}

type signupLinkView struct {
	page
	EventID, EventTitle, Location string
	Label                         string // the shift
	Status                        string // the signup's status as derived now
	Seated                        bool
	Position                      int    // place on the waitlist
	Note                          string // a message key saying what the status means, if anything
	CanConfirm, CanCancel, Again  bool
	Action                        string // this page's path, where the buttons post
	Done                          string // "confirm" or "cancel" just after an answer
	Others                        []signupLinkOther
}

// signupLinkOther is another shift of the same person at the same event,
// with its own link.
type signupLinkOther struct{ Label, Status, URL string }

// show is the page: the shift, where they stand and the two buttons.
func (sl *signupLinks) show(w http.ResponseWriter, r *http.Request) {
	pl, ok := sl.load(w, r)
	if !ok {
		return
	}
	v, err := sl.view(r, pl)
	if err != nil {
		sl.pages.serverError(w, r, err)
		return
	}
	if d := r.URL.Query().Get("done"); d == "confirm" || d == "cancel" {
		v.Done = d
	}
	sl.pages.render(w, r, http.StatusOK, "signup_link", v)
}

// answer records the volunteer's button: confirm, or cancel (which gives
// their seat to the first waiting). Then it shows the page again.
func (sl *signupLinks) answer(w http.ResponseWriter, r *http.Request) {
	pl, ok := sl.load(w, r)
	if !ok {
		return
	}
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var err error
	switch action := r.PostForm.Get("action"); action {
	case "confirm":
		_, err = sl.pages.node.ConfirmSignup(pl.Signup.ID)
	case "cancel":
		_, err = sl.pages.node.CancelSignup(pl.Signup.ID)
	default:
		http.Error(w, "unknown action", http.StatusBadRequest)
		return
	}
	var ve *node.ValidationError
	switch {
	case errors.As(err, &ve): // cancelled meanwhile: the page shows it
		seeOther(w, r, r.URL.Path)
	case err != nil:
		sl.pages.serverError(w, r, err)
	default:
		seeOther(w, r, r.URL.Path+"?done="+r.PostForm.Get("action"))
	}
}

// load checks the token and reads the signup; a wrong token and an
// unknown signup get the same 404, which tells a guesser nothing.
func (sl *signupLinks) load(w http.ResponseWriter, r *http.Request) (node.SignupPlace, bool) {
	// The token is in the path: keep it out of other sites' logs and caches.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	id := r.PathValue("signup")
	if !validID(id) || !ValidSignupToken(sl.key, id, r.PathValue("token")) {
		sl.badLink(w, r)
		return node.SignupPlace{}, false
	}
	pl, err := sl.pages.node.SignupPlace(id)
	switch {
	case errors.Is(err, node.ErrNotFound):
		sl.badLink(w, r)
		return pl, false
	case err != nil:
		sl.pages.serverError(w, r, err)
		return pl, false
	}
	return pl, true
}

func (sl *signupLinks) badLink(w http.ResponseWriter, r *http.Request) {
	v := &errorView{page: sl.pages.newPage(r, "life.bad.title", "public", "")}
	v.Message = v.L.T("life.bad.text")
	sl.pages.render(w, r, http.StatusNotFound, "error", v)
}

func (sl *signupLinks) view(r *http.Request, pl node.SignupPlace) (*signupLinkView, error) {
	v := &signupLinkView{page: sl.pages.newPage(r, "life.title", "public", ""),
		EventID: pl.Event.ID, EventTitle: pl.Event.Title, Location: pl.Event.Location,
		Status: pl.Signup.Status, Seated: pl.Seated, Position: pl.Position, Action: r.URL.Path}
	v.Label = shiftLabel(v.L, pl.Shift)
	live := pl.Shift.Status != "cancelled" && pl.Event.Status != "cancelled"
	ahead := time.Now().Before(pl.Shift.Start)
	switch {
	case !live:
		v.Note = "life.note.shift_cancelled"
	case v.Status == "attended" || v.Status == "no_show" || v.Status == "cancelled":
		v.Note = "life.note." + v.Status
		v.Again = v.Status == "cancelled" && ahead
	case !ahead:
		v.Note = "life.note.started"
	default:
		v.CanConfirm, v.CanCancel = v.Status != "confirmed", true
	}
	views, err := sl.pages.eventRosters(pl.Event.ID)
	for _, sv := range views {
		for _, s := range append(sv.Seated, sv.Waitlist...) {
			if s.Person == pl.Signup.Person && s.ID != pl.Signup.ID {
				v.Others = append(v.Others, signupLinkOther{Label: shiftLabel(v.L, sv.Shift), Status: s.Status, URL: SignupPath(sl.key, s.ID)})
			}
		}
	}
	return v, err
}
