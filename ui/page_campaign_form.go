package ui

import (
	"net/http"
	"strconv"
	"strings"

	"muster/node"
)

// campaignForm is what the campaign form posts, kept as typed text so that
// a rejected form comes back exactly as it was.
type campaignForm struct {
	Title, Description, Kind, GoalAmount, GoalUnit string
	Tally, Deadline, Location, Status              string
}

// campaignFields is the form's field order, for the error summary.
var campaignFields = []string{"title", "description", "kind", "goal_amount", "goal_unit", "tally", "deadline", "location", "status"}

type campaignFormView struct {
	page
	ID       string // empty when creating
	Form     campaignForm
	Errors   formErrors
	Problems []problem
	Kinds    []string
	Statuses []string
}

func (p *Pages) campaignFormView(r *http.Request, id string, f campaignForm, errs formErrors) *campaignFormView {
	title := "campaign.new.title"
	if id != "" {
		title = "campaign.edit.title"
	}
	v := &campaignFormView{
		page: p.newPage(r, title, "campaigns", ""), ID: id, Form: f, Errors: errs,
		Kinds: node.CampaignKinds, Statuses: node.CampaignStatuses,
	}
	v.Problems = errs.summary(v.L, "campaign.f.", campaignFields)
	return v
}

func readCampaignForm(r *http.Request) campaignForm {
	v := r.PostForm.Get
	return campaignForm{
		Title: v("title"), Description: v("description"), Kind: v("kind"),
		GoalAmount: v("goal_amount"), GoalUnit: v("goal_unit"), Tally: v("tally"),
		Deadline: v("deadline"), Location: v("location"), Status: v("status"),
	}
}

func campaignFormOf(c node.Campaign) campaignForm {
	f := campaignForm{
		Title: c.Title, Description: c.Description, Kind: c.Kind,
		Location: c.Location, Status: c.Status, Tally: fmtNumber(c.Tally),
	}
	if c.Goal != nil {
		f.GoalAmount, f.GoalUnit = fmtNumber(c.Goal.Amount), c.Goal.Unit
	}
	if c.Deadline != nil {
		f.Deadline = c.Deadline.Format("2006-01-02")
	}
	return f
}

func fmtNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// patch converts the form; the errors are those the UI finds itself (a
// number or a date it cannot read), translated. The node reports every
// other bad field in one go; a missing title is checked here too when the
// node will not be asked (unreadable input) or would accept it (an edit).
func (f campaignForm) patch(l *Locale, editing bool) (node.CampaignPatch, formErrors) {
	errs := formErrors{}
	p := node.CampaignPatch{
		Title: ptr(strings.TrimSpace(f.Title)), Description: ptr(f.Description),
		Kind: ptr(f.Kind), Location: ptr(strings.TrimSpace(f.Location)), Status: ptr(f.Status),
	}
	if amount, ok := optNumber(f.GoalAmount); !ok {
		errs["goal_amount"] = l.T("error.invalid_number")
	} else if amount != nil {
		p.Goal = &node.Goal{Amount: *amount, Unit: strings.TrimSpace(f.GoalUnit)}
	}
	if tally, ok := optNumber(f.Tally); !ok {
		errs["tally"] = l.T("error.invalid_number")
	} else {
		p.Tally = tally
	}
	if d, ok := optDate(f.Deadline); !ok {
		errs["deadline"] = l.T("error.invalid_date")
	} else {
		p.Deadline = d
	}
	if *p.Title == "" && (editing || len(errs) > 0) {
		errs["title"] = l.T("error.required")
	}
	return p, errs
}
