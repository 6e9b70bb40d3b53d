package node

import "time"

// TypeTask is the entity type of a task: a need in the field.
const TypeTask = "task"

// Task priorities, most pressing last, and task statuses.
var (
	TaskPriorities = []string{"low", "normal", "high", "urgent"}
	TaskStatuses   = []string{"open", "assigned", "done"}
)

// Task is a need in the field: what, where, how many people with which
// skills, how pressing, and who is on it. Skills and Assignees are add-wins
// sets, so two nodes that assign people while apart keep both; Status and
// the plain fields are last-writer-wins.
type Task struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Location     string    `json:"location,omitempty"`
	PeopleNeeded int       `json:"people_needed"`
	Skills       []string  `json:"skills"`
	Priority     string    `json:"priority"`
	Status       string    `json:"status"`
	Assignees    []string  `json:"assignees"`
	Event        string    `json:"event,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// TaskPatch carries the fields a create or a partial update sets; nil
// means "leave as is". Skills replaces the whole set; "" clears Location
// and Event. PeopleNeeded defaults to 1, Priority to normal, Status to open.
type TaskPatch struct {
	Title        *string   `json:"title,omitempty"`
	Location     *string   `json:"location,omitempty"`
	PeopleNeeded *int      `json:"people_needed,omitempty"`
	Skills       *[]string `json:"skills,omitempty"`
	Priority     *string   `json:"priority,omitempty"`
	Status       *string   `json:"status,omitempty"`
	Event        *string   `json:"event,omitempty"`
}

// TaskQuery filters tasks; zero matches all.
type TaskQuery struct {
	Status   string
	Priority string
}

// Suggestion is one person suggested for a task, with the reasons as data
// so that a page can say why: Score is the share (0..1) of the task's
// skills the person has; the ranking then prefers people who gave their
// availability and, among those, the least worked in the last 7 days.
type Suggestion struct {
	Person          Person   `json:"person"`
	Score           float64  `json:"score"`
	MatchedSkills   []string `json:"matched_skills"`
	MissingSkills   []string `json:"missing_skills"`
	HasAvailability bool     `json:"has_availability"`
	HoursLast7Days  float64  `json:"hours_last_7_days"`
}
