package crdt

// A hand-written codec for chunks, beside the op codec (opcodec.go). A
// chunk is [author, [op bytes...], signature]: it writes the same bytes as
// the CBOR core deterministic encoding of Chunk, sized once, and reads
// canonical bytes without copying the ops out of them. The reflective
// codec made a full sync copy every op four times (encode on the sender,
// decode on the receiver, encode again for the op log, decode from the
// log) and was a tenth of its CPU with the garbage it left.
// FuzzDecodeChunkFast holds the fast and the reflective decoders to one
// language; anything the fast one does not read is left to the other.

// chunkSize is the length of c's canonical encoding, or false when c
// holds a nil op or signature (the reflective encoder writes those as
// null, which the fast form leaves out).
func chunkSize(c *Chunk) (int, bool) {
	if c.Ops == nil || c.Sig == nil {
		return 0, false
	}
	n := 1 + headLen(32) + 32 + headLen(uint64(len(c.Ops))) + headLen(uint64(len(c.Sig))) + len(c.Sig)
	for _, o := range c.Ops {
		if o == nil {
			return 0, false
		}
		n += headLen(uint64(len(o))) + len(o)
	}
	return n, true
}

// headLen is the length of a CBOR head with argument n.
func headLen(n uint64) int {
	switch {
	case n < 24:
		return 1
	case n <= 0xff:
		return 2
	case n <= 0xffff:
		return 3
	case n <= 0xffffffff:
		return 5
	}
	return 9
}

func appendChunk(b []byte, c *Chunk) []byte {
	b = append(b, cborArray|3)
	b = appendHead(b, cborBytes, 32)
	b = append(b, c.Author[:]...)
	b = appendHead(b, cborArray, uint64(len(c.Ops)))
	for _, o := range c.Ops {
		b = append(appendHead(b, cborBytes, uint64(len(o))), o...)
	}
	return append(appendHead(b, cborBytes, uint64(len(c.Sig))), c.Sig...)
}

// encodeChunkFast is c's canonical encoding in one allocation, or false
// when c is outside the fast form.
func encodeChunkFast(c *Chunk) ([]byte, bool) {
	n, ok := chunkSize(c)
	if !ok {
		return nil, false
	}
	return appendChunk(make([]byte, 0, n), c), true
}

// OpOffsets appends to dst where each of c's ops starts in EncodeChunk's
// bytes for c, so that a store can name an op by its chunk and place
// rather than keep its bytes twice. It reports false when c is outside the
// fast form, whose layout it knows; a chunk that passed Verify is inside.
func (c Chunk) OpOffsets(dst []int) ([]int, bool) {
	if _, ok := chunkSize(&c); !ok {
		return dst, false
	}
	off := 1 + headLen(32) + 32 + headLen(uint64(len(c.Ops)))
	for _, o := range c.Ops {
		off += headLen(uint64(len(o)))
		dst = append(dst, off)
		off += len(o)
	}
	return dst, true
}

// AppendChunkArray appends the canonical encoding of a CBOR array of
// chunks (the body of a batch on the wire), with spare bytes of capacity
// after it. It reports false, appending nothing, when a chunk is outside
// the fast form; the caller then encodes by reflection.
func AppendChunkArray(b []byte, cs []Chunk, spare int) ([]byte, bool) {
	n := headLen(uint64(len(cs)))
	for i := range cs {
		m, ok := chunkSize(&cs[i])
		if !ok {
			return b, false
		}
		n += m
	}
	if cap(b)-len(b) < n+spare {
		b = append(make([]byte, 0, len(b)+n+spare), b...)
	}
	b = appendHead(b, cborArray, uint64(len(cs)))
	for i := range cs {
		b = appendChunk(b, &cs[i])
	}
	return b, true
}

// byteString reads a byte string as a slice of the input: no copy.
func (r *opReader) byteString() []byte {
	m, n := r.head()
	if m != cborBytes || n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

// chunk reads one chunk in canonical form; its ops and signature share
// the input's memory.
func (r *opReader) chunk() (c Chunk) {
	start := r.b
	defer func() {
		if !r.bad {
			n := len(start) - len(r.b)
			c.enc = start[:n:n]
		}
	}()
	if r.length(cborArray, 3) != 3 {
		r.bad = true
		return c
	}
	r.bytes32(c.Author[:])
	n := r.length(cborArray, MaxArrayLen)
	if r.bad {
		return c
	}
	c.Ops = make([][]byte, n)
	for i := 0; i < n && !r.bad; i++ {
		c.Ops[i] = r.byteString()
	}
	c.Sig = r.byteString()
	return c
}

// decodeChunkFast decodes b if it is a canonical chunk; the chunk's ops
// alias b.
func decodeChunkFast(b []byte) (Chunk, bool) {
	r := opReader{b: b}
	c := r.chunk()
	if r.bad || len(r.b) != 0 {
		return Chunk{}, false
	}
	return c, true
}

// DecodeChunkArray decodes a canonical CBOR array of at most MaxArrayLen
// chunks (the body of a batch on the wire) from untrusted bytes; the
// chunks' ops alias b. It reports false when b is anything else, which
// the caller leaves to the reflective decoder.
func DecodeChunkArray(b []byte) ([]Chunk, bool) {
	r := opReader{b: b}
	n := r.length(cborArray, MaxArrayLen)
	if r.bad {
		return nil, false
	}
	cs := make([]Chunk, n)
	for i := 0; i < n && !r.bad; i++ {
		cs[i] = r.chunk()
	}
	if r.bad || len(r.b) != 0 {
		return nil, false
	}
	return cs, true
}
