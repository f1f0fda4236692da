package store

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/wasync/wasync/backend/domain"
)

// Raw messages are kept compressed with DEFLATE (compress/flate, stdlib)
// primed with a preset dictionary of what every WebMessageInfo repeats (JID
// servers, field shapes). A raw message is a few hundred bytes: too small
// for a compressor to learn much from itself, which the dictionary makes up
// for. Raw DEFLATE rather than zlib saves zlib's 6 framing bytes per row;
// the first byte of each stored value names its codec instead, so a
// dictionary can change later without breaking older rows.
const (
	rawStored   byte = 0 // uncompressed: compression did not help
	rawDeflate1 byte = 1 // DEFLATE with rawDictV1
)

// rawDictV1 must never change: rows written with codec 1 need it to be read.
const rawDictV1 = ("@s.whatsapp.net@g.us@lid@broadcast3EB0" +
	"\x0a\x1a\x0a\x0a\x12\x00\x1a\x14\x22\x00\x2a\x00\x32\x00\x3a\x00\x42\x00\x4a\x00" +
	"conversationextendedTextMessagecontextInfostanzaIdparticipantquotedMessage" +
	"https://mmg.whatsapp.net/v/t62.7118-24/image/jpegvideo/mp4audio/ogg; codecs=opusapplication/pdf")

// codec compresses and expands raw messages, reusing its DEFLATE state:
// a flate.Writer allocates about a megabyte, too much per message.
type codec struct {
	writers sync.Pool
	readers sync.Pool
}

func newCodec() *codec {
	c := &codec{}
	c.writers.New = func() any {
		w, _ := flate.NewWriterDict(io.Discard, flate.DefaultCompression, []byte(rawDictV1))
		return w
	}
	return c
}

// compress returns raw's stored form (nil for nil).
func (c *codec) compress(raw []byte) ([]byte, error) {
	if raw == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(raw)/2 + 16)
	buf.WriteByte(rawDeflate1)
	w := c.writers.Get().(*flate.Writer)
	defer c.writers.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(raw); err != nil {
		return nil, fmt.Errorf("compress raw message: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compress raw message: %w", err)
	}
	if buf.Len() >= len(raw)+1 {
		return append([]byte{rawStored}, raw...), nil
	}
	return buf.Bytes(), nil
}

// expand returns the raw message a stored value holds.
func (c *codec) expand(stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, nil
	}
	switch stored[0] {
	case rawStored:
		return stored[1:], nil
	case rawDeflate1:
		r, _ := c.readers.Get().(io.ReadCloser)
		if r == nil {
			r = flate.NewReaderDict(bytes.NewReader(stored[1:]), []byte(rawDictV1))
		} else if err := r.(flate.Resetter).Reset(bytes.NewReader(stored[1:]), []byte(rawDictV1)); err != nil {
			return nil, fmt.Errorf("expand raw message: %w", err)
		}
		defer c.readers.Put(r)
		out, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("expand raw message: %w", err)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("expand raw message: unknown codec %d", stored[0])
	}
}

// compressAsync starts compressing the raw message of every message in
// parallel and returns the func that waits for the result: out[i] is
// msgs[i].Raw's stored form (nil when it has none). Ingest starts it before
// its write transaction and collects it after inserting the rows, so DEFLATE
// runs on the other cores while SQLite inserts.
func (c *codec) compressAsync(msgs []domain.StoredMessage) func() ([][]byte, error) {
	out := make([][]byte, len(msgs))
	n := 0
	for _, m := range msgs {
		if m.Raw != nil {
			n++
		}
	}
	if n == 0 {
		return func() ([][]byte, error) { return out, nil }
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(msgs); i += workers {
				if out[i], errs[w] = c.compress(msgs[i].Raw); errs[w] != nil {
					return
				}
			}
		}()
	}
	return func() ([][]byte, error) {
		wg.Wait()
		return out, errors.Join(errs...)
	}
}
