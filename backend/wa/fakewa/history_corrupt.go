package fakewa

import (
	"bytes"
	"compress/zlib"
	"fmt"
)

// BlobFault breaks a history blob the way a damaged or truncated upload
// would; the notification's hashes still match what the media host serves,
// so the download succeeds and decoding fails.
type BlobFault int

const (
	// BlobIntact sends the chunk as it is.
	BlobIntact BlobFault = iota
	// BlobBadZlib sends bytes that are not a zlib stream.
	BlobBadZlib
	// BlobBadProtobuf sends a valid zlib stream of bytes that are not a
	// HistorySync protobuf.
	BlobBadProtobuf
)

// applyBlobFault returns the compressed blob f makes of compressed.
func applyBlobFault(f BlobFault, compressed []byte) ([]byte, error) {
	switch f {
	case BlobBadZlib:
		return []byte("fakewa: this history blob is not a zlib stream"), nil
	case BlobBadProtobuf:
		var buf bytes.Buffer
		zw := zlib.NewWriter(&buf)
		// A field with wire type 7 does not exist in protobuf.
		if _, err := zw.Write([]byte{0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f}); err != nil {
			return nil, fmt.Errorf("fakewa: compress broken protobuf: %w", err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("fakewa: compress broken protobuf: %w", err)
		}
		return buf.Bytes(), nil
	}
	return compressed, nil
}
