package fakewa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/coder/websocket"

	"go.mau.fi/whatsmeow/socket"
)

// frameIO splits the websocket byte stream into WhatsApp frames: the client's
// first message starts with the 4-byte connection header (WA, magic, dictionary
// version), and every frame is prefixed by a 3-byte big-endian length. A frame
// may span websocket messages and a message may hold several frames.
type frameIO struct {
	ws *websocket.Conn

	// read side, used by one goroutine only
	sawHeader bool
	buf       []byte

	writeMu sync.Mutex
}

func newFrameIO(ws *websocket.Conn) *frameIO {
	return &frameIO{ws: ws}
}

// errBadHeader means the client did not open with socket.WAConnHeader.
var errBadHeader = errors.New("client did not send the WA connection header")

// readFrame returns the next complete frame.
func (f *frameIO) readFrame(ctx context.Context) ([]byte, error) {
	for {
		if f.sawHeader && len(f.buf) >= socket.FrameLengthSize {
			n := int(f.buf[0])<<16 | int(f.buf[1])<<8 | int(f.buf[2])
			if len(f.buf) >= socket.FrameLengthSize+n {
				frame := bytes.Clone(f.buf[socket.FrameLengthSize : socket.FrameLengthSize+n])
				f.buf = f.buf[socket.FrameLengthSize+n:]
				return frame, nil
			}
		}
		typ, data, err := f.ws.Read(ctx)
		if err != nil {
			return nil, fmt.Errorf("read websocket: %w", err)
		}
		if typ != websocket.MessageBinary {
			continue
		}
		f.buf = append(f.buf, data...)
		if !f.sawHeader {
			hdr := socket.WAConnHeader
			if len(f.buf) < len(hdr) {
				continue
			}
			if !bytes.Equal(f.buf[:len(hdr)], hdr) {
				return nil, fmt.Errorf("%w (got % x)", errBadHeader, f.buf[:len(hdr)])
			}
			f.buf = f.buf[len(hdr):]
			f.sawHeader = true
		}
	}
}

// writeFrame sends one frame as one websocket message. seal, if not nil, runs
// under the write lock so that encryption counters match the wire order.
func (f *frameIO) writeFrame(ctx context.Context, payload []byte, seal func([]byte) []byte) error {
	f.writeMu.Lock()
	defer f.writeMu.Unlock()
	if seal != nil {
		payload = seal(payload)
	}
	if len(payload) >= socket.FrameMaxSize {
		return fmt.Errorf("frame of %d bytes: %w", len(payload), socket.ErrFrameTooLarge)
	}
	msg := make([]byte, socket.FrameLengthSize+len(payload))
	msg[0], msg[1], msg[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	copy(msg[socket.FrameLengthSize:], payload)
	if err := f.ws.Write(ctx, websocket.MessageBinary, msg); err != nil {
		return fmt.Errorf("write websocket: %w", err)
	}
	return nil
}
