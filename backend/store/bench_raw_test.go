package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"

	"github.com/wasync/wasync/backend/domain"
)

// pbField appends a protobuf length-delimited field.
func pbField(b []byte, field int, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// pbVarint appends a protobuf varint field.
func pbVarint(b []byte, field int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3)
	return binary.AppendUvarint(b, v)
}

// benchRaw builds what a text message's marshalled WebMessageInfo looks
// like on the wire (about 300 bytes): the key, the text, the message
// context info with its random 32-byte secret and device-list key hashes
// (which no compressor shrinks), timestamps, status, push name and a
// receipt.
func benchRaw(rng *rand.Rand, m domain.StoredMessage) []byte {
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	key := pbField(nil, 1, []byte(m.ChatJID))
	key = pbVarint(key, 2, 0)
	key = pbField(key, 3, []byte(m.ID))
	dlm := pbField(nil, 1, random(10))
	dlm = pbVarint(dlm, 2, uint64(m.Timestamp-86400))
	dlm = pbField(dlm, 8, random(10))
	dlm = pbVarint(dlm, 9, uint64(m.Timestamp-3600))
	mci := pbField(nil, 1, dlm)
	mci = pbVarint(mci, 2, 2)
	mci = pbField(mci, 3, random(32))
	msg := pbField(nil, 1, []byte(m.Text))
	msg = pbField(msg, 35, mci)
	receipt := pbField(nil, 1, []byte(m.ChatJID))
	receipt = pbVarint(receipt, 2, uint64(m.Timestamp+5))
	receipt = pbVarint(receipt, 3, uint64(m.Timestamp+60))
	b := pbField(nil, 1, key)
	b = pbField(b, 2, msg)
	b = pbVarint(b, 3, uint64(m.Timestamp))
	b = pbVarint(b, 4, 4)
	b = pbField(b, 19, []byte(m.SenderName+" "+fmt.Sprint(m.Timestamp%97)))
	b = pbField(b, 40, receipt)
	b = pbVarint(b, 33, 1)
	b = pbField(b, 35, random(12)) // a media/verified-name style hash
	b = pbField(b, 47, []byte("\x08\x00\x10\x00"))
	return b
}

// withRaw gives every message of chunks a raw message, in place, and
// returns their mean size.
func withRaw(chunks []domain.HistoryChunk) (int, []domain.HistoryChunk) {
	rng := rand.New(rand.NewPCG(1, 2))
	total, n := 0, 0
	for _, c := range chunks {
		for j := range c.Messages {
			c.Messages[j].Raw = benchRaw(rng, c.Messages[j])
			total += len(c.Messages[j].Raw)
			n++
		}
	}
	return total / max(n, 1), chunks
}
