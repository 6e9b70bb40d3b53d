package node

import (
	"math"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits on text fields, in characters.
const (
	maxName  = 200
	maxShort = 200
	maxText  = 4000
	maxTag   = 64
	maxTags  = 50
	maxPhone = 32
)

type validator struct{ ValidationError }

// text checks a text field. required means it must be given (on create);
// blank means it may be set to "" (cleared): a field that is required on
// create may not be blanked by a later update either.
func (v *validator) text(field string, s *string, max int, required bool) {
	v.textOpt(field, s, max, required, !required)
}

func (v *validator) textOpt(field string, s *string, max int, required, blank bool) {
	if s == nil {
		if required {
			v.add(field, "required", field+" is required")
		}
		return
	}
	*s = strings.TrimSpace(*s)
	switch {
	case !utf8.ValidString(*s):
		v.add(field, "invalid_value", field+" is not valid UTF-8")
	case !blank && *s == "":
		v.add(field, "required", field+" is required")
	case utf8.RuneCountInString(*s) > max:
		v.add(field, "too_long", field+" is longer than "+itoa(max)+" characters")
	case strings.ContainsFunc(*s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }):
		v.add(field, "invalid_value", field+" contains control characters")
	}
}

func (v *validator) choice(field string, s *string, choices []string) {
	if s == nil {
		return
	}
	*s = strings.TrimSpace(*s)
	if !slices.Contains(choices, *s) {
		v.add(field, "invalid_choice", field+" must be one of: "+strings.Join(choices, ", "))
	}
}

func (v *validator) email(field string, s *string) {
	v.text(field, s, 254, false)
	if s == nil || *s == "" {
		return
	}
	a, err := mail.ParseAddress(*s)
	if err != nil || a.Address != *s || !strings.Contains(a.Address[strings.LastIndexByte(a.Address, '@'):], ".") {
		v.add(field, "invalid_email", field+" is not an email address")
	}
}

func (v *validator) phone(field string, s *string) {
	v.text(field, s, maxPhone, false)
	if s == nil || *s == "" {
		return
	}
	digits := 0
	for _, r := range *s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-() .", r):
		default:
			v.add(field, "invalid_phone", field+" may hold only digits, spaces and + - ( ) .")
			return
		}
	}
	if digits < 3 {
		v.add(field, "invalid_phone", field+" needs at least 3 digits")
	}
}

// tags normalizes a list of tags (trimmed, lower case, no duplicates).
func (v *validator) tags(field string, xs []string) []string {
	if len(xs) > maxTags {
		v.add(field, "too_long", field+" holds more than "+itoa(maxTags)+" entries")
		return nil
	}
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		x = fold(x)
		switch {
		case x == "":
			continue
		case !utf8.ValidString(x) || strings.ContainsFunc(x, unicode.IsControl):
			v.add(field, "invalid_value", field+" entries must be printable text")
			return nil
		case utf8.RuneCountInString(x) > maxTag:
			v.add(field, "too_long", field+" entries are at most "+itoa(maxTag)+" characters")
			return nil
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func (v *validator) number(field string, f *float64, positive bool) {
	if f == nil {
		return
	}
	if math.IsNaN(*f) || math.IsInf(*f, 0) || (positive && *f <= 0) || *f < 0 || *f > 1e15 {
		v.add(field, "invalid_number", field+" must be a positive number")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// lang checks a language tag ("en", "es", "pt-br"): letters and hyphens,
// at most 16, normalized to lower case. Which languages have texts is for
// the reader to decide; an unknown one reads as English.
func (v *validator) lang(field string, s *string) {
	*s = strings.ToLower(strings.TrimSpace(*s))
	if len(*s) > 16 || strings.ContainsFunc(*s, func(r rune) bool { return (r < 'a' || r > 'z') && r != '-' }) {
		v.add(field, "invalid_value", field+" must be a language tag such as en, es or ar")
	}
}
