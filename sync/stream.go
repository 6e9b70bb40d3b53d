package sync

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	stdsync "sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/chacha20poly1305"

	"muster/sync/wire"
)

// stream is one authenticated, encrypted sync stream over a websocket.
// Each websocket binary message carries one frame. After the handshake
// every message is sealed with ChaCha20-Poly1305 under a key for its
// direction; the AEAD nonce is the message counter, so a replayed, dropped
// or reordered message fails to open and ends the stream.
type stream struct {
	ws      *websocket.Conn
	timeout time.Duration

	wmu   stdsync.Mutex // serializes writes: the send counter follows write order
	seal  cipher.AEAD
	sendN uint64
	// wbuf is where send encodes and seals each frame (under wmu): a
	// sender's 1 MiB batches, each in a new buffer, were a third of its
	// garbage during a full sync.
	wbuf  []byte
	open  cipher.AEAD
	recvN uint64
	// lastLen is the length of the last message read (by recv's one
	// goroutine).
	lastLen int
	// free holds buffers of frames the session is done with (reuse), for
	// the next messages: a full sync reads 1 MiB frames one after another,
	// and allocating each anew was a sixth of the receiver's garbage.
	fmu    stdsync.Mutex
	free   [][]byte
	closed stdsync.Once
}

// maxFree is how many spare buffers a stream keeps.
const maxFree = 1

// sealOverhead is what sealing adds to a frame.
const sealOverhead = chacha20poly1305.Overhead

func newStream(ws *websocket.Conn, timeout time.Duration) *stream {
	ws.SetReadLimit(maxHandshakeMessage)
	st := &stream{ws: ws, timeout: timeout}
	// A ping says the peer is alive but busy (making a batch durable):
	// wait another timeout for its next frame.
	ws.SetPingHandler(func(data string) error {
		_ = ws.SetReadDeadline(time.Now().Add(timeout))
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(timeout))
		if errors.Is(err, websocket.ErrCloseSent) {
			return nil
		}
		return err
	})
	return st
}

// busy sends pings until done is closed, so that the peer does not time
// out while this side works on its last frame. It also keeps this side's
// own read deadline ahead: a peer waiting for this side's ack has nothing
// to send meanwhile.
func (s *stream) busy(done <-chan struct{}) {
	t := time.NewTicker(s.timeout / 3)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			_ = s.ws.SetReadDeadline(time.Now().Add(s.timeout))
			if err := s.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.timeout)); err != nil {
				return
			}
		}
	}
}

// secure switches the stream to sealed messages and raises the read limit
// to the largest frame.
func (s *stream) secure(sendKey, recvKey []byte) error {
	var err error
	if s.seal, err = chacha20poly1305.New(sendKey); err != nil {
		return fmt.Errorf("secure stream: %w", err)
	}
	if s.open, err = chacha20poly1305.New(recvKey); err != nil {
		return fmt.Errorf("secure stream: %w", err)
	}
	s.ws.SetReadLimit(wire.MaxFrameSize + sealOverhead)
	return nil
}

func counterNonce(n uint64) []byte {
	var nonce [chacha20poly1305.NonceSize]byte
	binary.BigEndian.PutUint64(nonce[4:], n)
	return nonce[:]
}

// send writes one frame, encoded in the stream's buffer.
func (s *stream) send(f wire.Frame) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	b, err := wire.MarshalTo(s.wbuf, f)
	if err != nil {
		return err
	}
	s.wbuf = b[:0] // for the next frame: writeLocked keeps none of it
	return s.writeLocked(b)
}

// sendRaw seals (once secured) and writes one encoded frame.
func (s *stream) sendRaw(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.writeLocked(b)
}

// writeLocked seals b, in place when it has room (b is the caller's to
// give), and writes it. The caller holds wmu.
func (s *stream) writeLocked(b []byte) error {
	if s.seal != nil {
		dst := b[:0:0]
		if cap(b)-len(b) >= sealOverhead {
			dst = b[:0] // MarshalTo left room: seal in place (b is ours)
		}
		b = s.seal.Seal(dst, counterNonce(s.sendN), b, nil)
		s.sendN++
	}
	_ = s.ws.SetWriteDeadline(time.Now().Add(s.timeout))
	if err := s.ws.WriteMessage(websocket.BinaryMessage, b); err != nil {
		return fmt.Errorf("send frame: %w", err)
	}
	return nil
}

// recv reads, opens and decodes one frame. It is called from one
// goroutine only.
func (s *stream) recv() (wire.Frame, error) {
	f, _, err := s.recvFrame()
	return f, err
}

// recvFrame is recv that also returns the buffer the frame was read into
// and aliases: the caller may hand it back with reuse once it no longer
// needs the frame.
func (s *stream) recvFrame() (wire.Frame, []byte, error) {
	_ = s.ws.SetReadDeadline(time.Now().Add(s.timeout))
	typ, b, err := s.readMessage()
	if err != nil {
		return nil, nil, fmt.Errorf("receive frame: %w", err)
	}
	buf := b
	if typ != websocket.BinaryMessage {
		return nil, nil, fmt.Errorf("receive frame: %w: text message", ErrProtocol)
	}
	if s.open != nil {
		b, err = s.open.Open(b[:0], counterNonce(s.recvN), b, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("receive frame: %w: message does not open", ErrProtocol)
		}
		s.recvN++
	}
	f, err := wire.Unmarshal(b)
	if err != nil {
		return nil, nil, fmt.Errorf("receive frame: %w: %w", ErrProtocol, err)
	}
	if e, ok := f.(*wire.Error); ok {
		return nil, nil, &PeerError{Code: e.Code, Message: e.Message}
	}
	return f, buf, nil
}

// reuse takes back the buffer of a frame from recvFrame: nothing may read
// that frame, or anything decoded from it that aliases it, after this.
func (s *stream) reuse(buf []byte) {
	s.fmu.Lock()
	if len(s.free) < maxFree {
		s.free = append(s.free, buf[:0])
	}
	s.fmu.Unlock()
}

// buffer returns a spare buffer of at least least bytes, or a new one of
// want bytes.
func (s *stream) buffer(least, want int) []byte {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	for len(s.free) > 0 {
		b := s.free[len(s.free)-1]
		s.free = s.free[:len(s.free)-1]
		if cap(b) >= least {
			return b
		}
	}
	return make([]byte, 0, want)
}

// readMessage is websocket's ReadMessage, reading into a buffer sized from
// the last message: a batch is read without growing its buffer from
// 512 bytes to a megabyte (io.ReadAll) and copying it a dozen times. The
// buffer is new for every message, since a batch's ops keep pointing
// into it.
func (s *stream) readMessage() (int, []byte, error) {
	typ, r, err := s.ws.NextReader()
	if err != nil {
		return typ, nil, err
	}
	// A spare buffer that held the last message, or a new one an eighth
	// larger: batches differ by a few bytes, and one that outgrew its
	// buffer would double it.
	b := s.buffer(s.lastLen, max(s.lastLen+s.lastLen/8, 512))
	for {
		if len(b) == cap(b) {
			// Double: append grows a large slice by a quarter, which
			// took a dozen copies to read the first batch of a round.
			nb := make([]byte, len(b), 2*cap(b))
			copy(nb, b)
			b = nb
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			s.lastLen = len(b)
			return typ, b, nil
		}
		if err != nil {
			return typ, nil, err
		}
	}
}

// fail tells the peer why the stream ends; best effort.
func (s *stream) fail(code uint64, err error) {
	msg := err.Error()
	if len(msg) > wire.MaxMessageLen {
		msg = msg[:wire.MaxMessageLen]
	}
	_ = s.send(&wire.Error{Code: code, Message: toValidUTF8(msg)})
}

func (s *stream) close() {
	s.closed.Do(func() {
		s.wmu.Lock()
		_ = s.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		s.wmu.Unlock()
		_ = s.ws.Close()
	})
}

// codeOf picks the error code to send for err.
func codeOf(err error) uint64 {
	switch {
	case errors.Is(err, ErrTeam):
		return wire.CodeTeam
	case errors.Is(err, ErrVersion):
		return wire.CodeVersion
	case errors.Is(err, errApply):
		return wire.CodeApply
	case errors.Is(err, errAlreadySyncing):
		return wire.CodeAlreadySyncing
	}
	return wire.CodeProtocol
}
