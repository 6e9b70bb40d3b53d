// Package bundle moves ops between nodes of one team as a file, for when
// there is no link: `muster bundle export` writes one, `muster bundle
// import` (or an upload in the UI) applies it.
//
// A bundle file is, in order:
//
//	magic     8 bytes "MUSTERBU", then a version byte (1)
//	header    4-byte big-endian length, then CBOR [team id hash, exporting
//	          node, exporter's version vector (entries), ops announced]
//	frames    sync/wire frames, each length-prefixed (wire.WriteFrame):
//	          Chunks frames of at most wire.MaxBatchBytes, then one Done
//	trailer   4-byte length, then CBOR [frames, chunks, ops]
//	mac       32 bytes: HMAC-SHA256 over every byte above, keyed with
//	          team.Key("bundle")
//
// The chunks are exactly what a sync stream carries: signed by their
// authors, so a bundle proves nothing about who wrote it beyond the MAC,
// which says a member of the team did.
//
// Import checks the whole file before it applies anything: the magic and
// version, the team hash (a foreign bundle is refused by name), every
// frame's structure and limits, the counts in the trailer and the MAC.
// Signatures are checked by node.Apply, batch by batch, as for sync. Only then does it apply the chunks, frame by frame,
// through node.Apply, the same verify-and-apply path as sync; ops already
// held are skipped, so importing a bundle twice changes nothing. Because
// the input may not be seekable and must not change between the check and
// the apply, Import copies it to a temporary file in the data directory while
// checking.
package bundle
