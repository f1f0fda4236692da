package fakewa

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
)

// HistoryOpts tunes how SendHistorySync delivers one chunk.
type HistoryOpts struct {
	// Inline puts the compressed chunk in the notification
	// (initialHistBootstrapInlinePayload) instead of the media host.
	Inline bool
	// SessionID is the notification's peerDataRequestSessionID: the id of
	// the on-demand request this chunk answers, if any.
	SessionID string
	// OriginalMessageID is the notification's originalMessageID (the
	// request message an on-demand answer refers to), if any.
	OriginalMessageID string
	// ID is the stanza / message id (default: a fresh WhatsApp-like id).
	ID string
	// Timestamp is the message time (default: now).
	Timestamp time.Time
	// Fault breaks the blob (history_corrupt.go).
	Fault BlobFault
}

// SendHistorySync delivers hs to companion as WhatsApp's primary phone does:
// it marshals and zlib-compresses hs, then either inlines it or encrypts it
// with a fresh media key ("WhatsApp History Keys") and uploads it to the
// media host, and sends a Signal-encrypted peer message from the phone's own
// device holding ProtocolMessage{HISTORY_SYNC_NOTIFICATION} with hs's sync
// type, chunk order and progress. The first message to a companion is a
// pkmsg on a session built from one of its uploaded prekeys, later ones are
// msg. It returns the message id once the companion has acknowledged
// handling the message (with whatsmeow's ManualHistorySyncDownload the app
// has then seen events.Message; without it the download runs in the
// background), or an error (ErrNotDelivered, or the context's).
func (p *Phone) SendHistorySync(ctx context.Context, companion types.JID, hs *waHistorySync.HistorySync, opts HistoryOpts) (string, error) {
	notif, err := p.HistoryNotification(hs, opts)
	if err != nil {
		return "", err
	}
	return p.SendHistoryNotification(ctx, companion, notif, opts)
}

// SendHistoryNotification sends an already built HistorySyncNotification
// (see HistoryNotification) to companion, as SendHistorySync does; use it to
// send one uploaded chunk to several companions, or a deliberately broken
// notification.
func (p *Phone) SendHistoryNotification(ctx context.Context, companion types.JID, notif *waE2E.HistorySyncNotification, opts HistoryOpts) (string, error) {
	env := envelope{
		id: opts.ID, sender: p.jid.ToNonAD(), t: opts.Timestamp, typ: "text", category: "peer",
	}
	if env.id == "" {
		env.id = NewMessageID()
	}
	if env.t.IsZero() {
		env.t = time.Now()
	}
	msg := &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type:                    waE2E.ProtocolMessage_HISTORY_SYNC_NOTIFICATION.Enum(),
		HistorySyncNotification: notif,
	}}
	if err := p.deliver(ctx, companion, env, msg); err != nil {
		return "", fmt.Errorf("fakewa: history sync chunk %d to %s: %w", notif.GetChunkOrder(), companion, err)
	}
	return env.id, nil
}

// HistoryNotification compresses hs and builds the notification that
// announces it: inline, or uploaded to the media host (once; the same
// notification can be sent to several companions).
func (p *Phone) HistoryNotification(hs *waHistorySync.HistorySync, opts HistoryOpts) (*waE2E.HistorySyncNotification, error) {
	raw, err := proto.Marshal(hs)
	if err != nil {
		return nil, fmt.Errorf("fakewa: marshal history sync: %w", err)
	}
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed) // the level is free; speed matters in tests
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("fakewa: compress history sync: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("fakewa: compress history sync: %w", err)
	}
	blob, err := applyBlobFault(opts.Fault, buf.Bytes())
	if err != nil {
		return nil, err
	}
	notif := &waE2E.HistorySyncNotification{
		SyncType:   waE2E.HistorySyncType(hs.GetSyncType()).Enum(),
		ChunkOrder: proto.Uint32(hs.GetChunkOrder()),
		Progress:   proto.Uint32(hs.GetProgress()),
	}
	if oldest := oldestMessageTime(hs); oldest > 0 {
		notif.OldestMsgInChunkTimestampSec = proto.Int64(oldest)
	}
	if opts.SessionID != "" {
		notif.PeerDataRequestSessionID = proto.String(opts.SessionID)
	}
	if opts.OriginalMessageID != "" {
		notif.OriginalMessageID = proto.String(opts.OriginalMessageID)
	}
	if opts.Inline {
		notif.InitialHistBootstrapInlinePayload = blob
		return notif, nil
	}
	media, err := p.srv.UploadMedia(blob, MediaInfoHistory)
	if err != nil {
		return nil, err
	}
	notif.DirectPath = proto.String(media.DirectPath)
	notif.MediaKey = media.MediaKey
	notif.FileSHA256 = media.FileSHA256
	notif.FileEncSHA256 = media.FileEncSHA256
	notif.FileLength = proto.Uint64(media.FileLength)
	return notif, nil
}

// oldestMessageTime is the earliest message timestamp in hs (Unix seconds),
// or 0 when it holds no messages.
func oldestMessageTime(hs *waHistorySync.HistorySync) int64 {
	var oldest uint64
	for _, conv := range hs.GetConversations() {
		for _, m := range conv.GetMessages() {
			if ts := m.GetMessage().GetMessageTimestamp(); ts > 0 && (oldest == 0 || ts < oldest) {
				oldest = ts
			}
		}
	}
	return int64(oldest)
}

// SendGeneratedHistory sends every chunk g yields, then its PUSH_NAME
// chunk, to every linked companion of the phone, one chunk at a time (each
// media chunk is uploaded once), so memory stays bounded by a chunk.
// opts.ID is ignored: every message gets a fresh id. g also becomes the
// phone's archive (SetArchive) that on-demand requests are answered from.
func (p *Phone) SendGeneratedHistory(ctx context.Context, g *HistoryGenerator, opts HistoryOpts) error {
	companions := p.Companions()
	if len(companions) == 0 {
		return fmt.Errorf("fakewa: phone %s has no linked companion", p.jid)
	}
	opts.ID = ""
	p.SetArchive(g)
	send := func(hs *waHistorySync.HistorySync) error {
		notif, err := p.HistoryNotification(hs, opts)
		if err != nil {
			return err
		}
		for _, comp := range companions {
			if _, err := p.SendHistoryNotification(ctx, comp, notif, opts); err != nil {
				return err
			}
		}
		return nil
	}
	for hs := range g.Chunks() {
		if err := send(hs); err != nil {
			return err
		}
	}
	return send(g.PushNameChunk())
}
