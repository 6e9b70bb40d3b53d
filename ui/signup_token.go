package ui

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
)

// SignupToken is the secret part of a signup's personal link
// (/s/{signup}/{token}): the first 160 bits of HMAC-SHA256(key,
// "muster signup link\x00" + signup id), in lower-case base32, like the
// calendar feed's token (api_calendar_key.go) but with its own key and
// label. cmd/muster passes the team's "signup" key, so every node of the
// team makes and accepts the same link. Knowing it lets one confirm or
// cancel that signup only.
func SignupToken(key []byte, signupID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("muster signup link\x00" + signupID))
	return strings.ToLower(tokenEncoding.EncodeToString(m.Sum(nil)[:20]))
}

// ValidSignupToken compares in constant time, so that timing does not tell
// how much of a guess was right. An empty key accepts nothing.
func ValidSignupToken(key []byte, signupID, token string) bool {
	return len(key) > 0 && hmac.Equal([]byte(SignupToken(key, signupID)), []byte(token))
}

// SignupPath is a signup's personal page, relative to the node's root.
func SignupPath(key []byte, signupID string) string {
	return "/s/" + signupID + "/" + SignupToken(key, signupID)
}

// SignupLink is a signup's personal page at base, the URL people reach
// this node at (cmd/muster's --public-url), as the messages carry it.
func SignupLink(base string, key []byte, signupID string) string {
	return strings.TrimRight(base, "/") + SignupPath(key, signupID)
}
