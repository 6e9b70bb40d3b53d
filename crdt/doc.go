// Package crdt holds muster's merge logic: hybrid logical clocks, signed
// operations, version vectors and the rules that fold operations into
// entity state. It is pure: no disk, no network, no other muster package.
//
// An Op is one change by one author (a device's ed25519 key). Each author
// numbers its ops 1, 2, 3, … and links each op to the hash of the one before
// it, so a single signature over the newest op (a signed head, see Chunk)
// covers every op below it. Ops travel and rest in Chunks: consecutive ops
// of one author plus that signature. Verify checks a chunk's exact bytes,
// refuses non-canonical encodings, and only then yields ops.
//
// Merge rules (Entity.Apply):
//   - plain fields: last writer wins, ordered by (HLC timestamp, author);
//   - set fields (skills, role tags): add-wins observed-remove sets;
//   - deletion wins: once an entity is deleted, every field is dropped and
//     no update, concurrent or later, brings it back. This keeps erasure
//     final on every replica whatever order the ops arrive in.
//
// Every rule is commutative and idempotent, so any permutation of any set
// of ops, with duplicates, yields the same state and the same Digest.
package crdt
