// Package team holds what makes nodes one team: a team id and a 32-byte
// team secret, kept in the data directory, and the join codes that carry
// them to a new device.
//
// Every key that guards the team's traffic is derived from the secret with
// HKDF-SHA256 (Key): memberlist's gossip key, the stream authentication
// key, and so on, one purpose string each, so that no two uses share a key.
// IDHash is the only thing about a team that is shown on the network in
// clear (mDNS TXT records, memberlist labels, stream hellos): it lets nodes
// skip other teams' nodes without revealing the team id itself.
//
// A join code (Invite, ParseInvite) is the team id, the secret and a few
// peer addresses, base32-encoded with a checksum so that a mistyped code is
// refused instead of silently joining nothing.
package team
