package fakewa

import (
	"context"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
)

// answerOnDemand sends req's companion the phone's answer in mode (answer
// or nothing more), built from archive, and records it in OnDemandReplies.
func (p *Phone) answerOnDemand(req OnDemandRequest, mode OnDemandMode, archive *HistoryGenerator) {
	hs, n, more := OnDemandHistory(req, mode, archive)
	reply := OnDemandReply{RequestID: req.RequestID, Mode: mode, Messages: n, MoreOnPhone: more}
	// deliver bounds the wait for the receipt; the connection's end stops it.
	reply.NotificationID, reply.Err = p.SendHistorySync(context.Background(), req.Companion, hs,
		HistoryOpts{SessionID: req.RequestID})
	if reply.Err != nil {
		p.srv.logf("phone %s: on-demand answer to %s: %v", p.jid, req.RequestID, reply.Err)
	}
	p.od.addReply(reply)
}

// OnDemandHistory is the HistorySync the phone answers req with in mode
// (OnDemandAnswer or OnDemandNothingMore), drawing messages from archive
// (nil: none): syncType ON_DEMAND, chunkOrder 1, progress 100, and one
// conversation with ID req.Chat, endOfHistoryTransfer set and
// endOfHistoryTransferType COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
// when older messages remain after the answer's, else
// COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY. The messages are
// archive.OlderMessages(req.Chat, anchor, min(req.Count,
// MaxOnDemandMessages)). It also returns their number and whether more
// remain.
func OnDemandHistory(req OnDemandRequest, mode OnDemandMode, archive *HistoryGenerator) (hs *waHistorySync.HistorySync, messages int, more bool) {
	conv := &waHistorySync.Conversation{ID: proto.String(req.Chat.String())}
	if mode == OnDemandAnswer && archive != nil {
		var remaining int
		conv.Messages, remaining = archive.OlderMessages(req.Chat, req.OldestMsgTimestamp, req.OldestMsgID,
			min(req.Count, MaxOnDemandMessages))
		more = remaining > 0
	}
	end := waHistorySync.Conversation_COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY
	if more {
		end = waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
	}
	conv.EndOfHistoryTransfer = proto.Bool(true)
	conv.EndOfHistoryTransferType = end.Enum()
	return &waHistorySync.HistorySync{
		SyncType:      waHistorySync.HistorySync_ON_DEMAND.Enum(),
		ChunkOrder:    proto.Uint32(1),
		Progress:      proto.Uint32(100),
		Conversations: []*waHistorySync.Conversation{conv},
	}, len(conv.Messages), more
}
