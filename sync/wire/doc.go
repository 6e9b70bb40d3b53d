// Package wire defines the frames that muster nodes exchange: on sync
// streams (websocket), in memberlist messages and in bundle files. A frame
// is one type byte followed by a CBOR body (crdt.Marshal: core
// deterministic encoding; crdt.Unmarshal: decoding with limits), and one
// switch (Unmarshal) turns bytes back into a typed frame.
//
// On a byte stream (bundles, tests) each frame is preceded by its length as
// a 4-byte big-endian integer (WriteFrame, ReadFrame). On a websocket each
// binary message carries exactly one frame, sealed after the handshake (see
// package sync).
//
// Every decoder here reads untrusted bytes: lengths are checked against
// MaxFrameSize before anything is allocated, the CBOR decoder refuses deep
// nesting, long arrays, duplicate map keys and indefinite lengths, and each
// frame type checks its own fields (Validate). The protocol itself is
// written up in package sync's doc.go.
package wire
