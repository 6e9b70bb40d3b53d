// Package node is one muster node's state: the device identity, the Badger
// store, the domain model (campaigns, the roster) and the change feed. It
// imports neither sync nor ui: both drive it through its methods.
//
// Every change, local or remote, goes through one path. A local write makes
// ops, seals them into a signed chunk (crdt.Signer) and hands the verified
// ops to applyVerified; a remote chunk is checked by crdt.Verify and then
// takes the same applyVerified. applyVerified runs one Badger transaction
// per batch that writes the op log, the materialized entities, the version
// vector and the digest together, then updates the in-memory roster index
// and tells subscribers.
//
// Store layout (one byte prefix per kind of key):
//
//	L author lastSeq  -> a signed chunk of that author's ops (the op log)
//	P author firstSeq -> a verified chunk waiting for its predecessors
//	E type 0 id       -> an entity's merged crdt.Entity
//	M name            -> metadata: the version vector with head hashes, the digest
//
// The roster index (name order, and by skill, role tag and status) lives in
// memory. It is derived from the entities alone, rebuilt when the node
// opens, and swapped in under a lock right after each commit, so it can
// never disagree with what the store holds.
//
// The volunteer drive adds events, shifts and signups. A shift's id starts
// with its event's id and a signup's with its shift's (childID), so each
// list is one key-prefix scan. A signup's id is derived from the shift and
// the person, and a person made by a signup gets an id derived from their
// normalized email or phone (contactID), so the same person signing up on
// two nodes that are apart converges to one person and one signup. Seats
// are not stored: seatClaims orders a shift's live signups by the stamp of
// their "joined" field, (HLC, author, seq), and seats the first capacity.
package node
