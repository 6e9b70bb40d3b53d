// Package sync moves ops between the nodes of a team: on the LAN, with
// headquarters over the internet, and (through package bundle) in files.
// It only moves bytes and asks the node what is missing; every op it
// receives goes through node.Apply, the same path as a local write.
//
// # Layers
//
// Find: mDNS (package discovery), --peer addresses and the addresses a join
// code carries give sync addresses: host:port of a node's HTTP server,
// whose /sync path serves Handler. Service.AddPeer takes them.
//
// Know: memberlist (LAN timings) says who is alive. Its gossip is encrypted
// with team.Key("memberlist") (AES-256-GCM, memberlist's own keyring) and
// carries the label "muster/"+team.IDHash(), so another team's packets are
// dropped unread. Each node's metadata is a wire.Meta: its sync address
// and the digest of its version vector. Equal digests mean equal vectors:
// nothing to do. A node joins the gossip of a peer it has synced with,
// using the gossip address the peer named in its Hello.
//
// Move: a point-to-point stream (websocket) per anti-entropy round.
//
// # When rounds run
//
//   - A local change: after HintDelay (20ms) a Hint frame goes to every
//     live member (memberlist SendToAddress: one encrypted UDP packet);
//     a member whose digest differs dials the sender at once and pulls.
//     Static peers (--peer) and headquarters that are not in the gossip
//     get a round directly. Measured: a new op is on every LAN peer in
//     80-180ms.
//   - A member joins, or gossips a digest that differs from ours: the node
//     with the smaller id dials (so that two nodes do not both dial).
//   - Periodically: every AntiEntropyInterval (30s) per peer, with jitter;
//     headquarters every UpstreamInterval (5s), since it cannot dial
//     through NAT.
//   - After a failure: back-off from RetryMin (500ms) to RetryMax (5s).
//
// Kicks coalesce: a peer has at most one round running and one pending.
//
// # Frames
//
// Every message is a frame: one type byte, then a CBOR body in core
// deterministic encoding (package wire). On a websocket, one binary message
// is one frame; in a file or on a raw byte stream each frame is preceded by
// its length (4 bytes, big endian). Types:
//
//	1 Hello   [version, team id hash, node id, nonce(32), sync addr, gossip addr, proof]
//	2 Proof   [proof]
//	3 Vector  [[author, seq]...]          authors ascending
//	4 Chunks  [chunk...]                  at most 1 MiB of chunk bytes (a single larger chunk travels alone)
//	5 Ack     [[author, seq]...]          the receiver's vector once the batch is durable
//	6 Done    []
//	7 Error   [code, message]             then the sender closes
//	8 Hint    [node id, vector digest]    memberlist only
//
// A chunk is crdt.Chunk: consecutive ops of one author and the author's
// signature over the newest; node.Apply verifies it over the exact bytes.
//
// # Handshake
//
// The dialling side I and the accepting side R, with k = team.Key("stream")
// and T = team hash ‖ nI ‖ nR ‖ id(I) ‖ id(R):
//
//	I → R  Hello{nonce nI}                  (clear; read limit 4 KiB)
//	R → I  Hello{nonce nR, proof HMAC-SHA256(k, "muster/stream/responder/v1" ‖ T)}
//	I → R  Proof{HMAC-SHA256(k, "muster/stream/initiator/v1" ‖ T)}
//
// R refuses a Hello with another version or team hash (Error code 3 or 2),
// I refuses a responder whose proof fails, R refuses a failed Proof (code
// 2). Both proofs cover both fresh nonces, so none can be replayed, and the
// labels differ, so none can be reflected. A stranger learns the team hash
// and node ids, nothing else, and gets nothing.
//
// # Encryption
//
// After the handshake every websocket message is sealed with
// ChaCha20-Poly1305. Each direction has its own key,
// HKDF-SHA256(k, salt nI ‖ nR, info "muster/stream/i2r/v1" or
// "muster/stream/r2i/v1"), fresh for every stream. The 12-byte nonce is the
// message's number in its direction (0, 1, 2, …), so a message that is
// replayed, dropped, reordered or altered fails to open and the stream
// ends. Frames are not padded: message sizes show.
//
// # A round
//
// Both sides run the same code. Each sends its Vector and reads the
// other's. Then, at once in both directions: the sender computes
// mine.Missing(theirs), reads exactly those ops from the log
// (node.ReadLog) and sends them in Chunks batches of at most 1 MiB, with at
// most two batches unacknowledged (so that on a slow link the next batch
// travels while the receiver writes the last one); the receiver passes
// each batch, in order, to node.Apply, which returns once it is durable,
// and only then acks it. After the last ack the sender sends Done. The
// round ends when both sides have sent Done; the initiator closes. A
// broken link loses at most the batch in transit: a batch that arrived
// whole is made durable whether or not its ack gets back, and the next
// round starts from the vectors, which hold every durable batch. An Ack's
// vector, and the Vector frames, are what Status reports as behind and
// ahead. While node.Apply works on a batch the receiver pings, so that a
// slow disk does not look like a dead peer.
//
// # Limits
//
// Before the proof: 4 KiB per message. After: wire.MaxFrameSize (4 MiB +
// 64 KiB, the largest chunk node.Apply accepts) per message, enforced by
// the websocket read limit before anything is allocated. The CBOR decoder
// refuses deep nesting, long arrays, duplicate keys and indefinite
// lengths; every frame type checks its fields. Any frame that does not
// belong (a second Vector, an Ack with no batch outstanding, a second
// Done), any message that fails to open or decode, and any batch
// node.Apply refuses ends the stream with an Error. Each frame must arrive
// within StreamTimeout (30s). At most MaxStreams (16) streams run at once;
// more are refused with 503 before the upgrade. Gossip messages are
// handled without blocking memberlist: a hint only pokes a peer's loop.
//
// # Headquarters
//
// Headquarters runs the same binary and serves Handler at /sync. A field
// node given --upstream URL (http, https, ws or wss; path default /sync)
// dials it, so it works through NAT; headquarters lists the field node as
// an inbound peer and never dials it. The field node pushes its changes at
// once and polls every UpstreamInterval for headquarters' changes. Over
// https/wss, TLS protects the stream as well; the team secret still
// decides who may talk.
package sync
