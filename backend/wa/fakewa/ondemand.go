package fakewa

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"
)

// OnDemandMode is how the phone answers on-demand history requests.
type OnDemandMode int

const (
	// OnDemandAnswer (the default) answers from the phone's archive (see
	// SetArchive): a HistorySyncNotification of type ON_DEMAND through the
	// media host, peerDataRequestSessionID = the request's message id, whose
	// HistorySync (syncType ON_DEMAND) holds one conversation, the requested
	// chat, with min(count, MaxOnDemandMessages, available) messages strictly
	// older than the anchor (by timestamp, then id), newest first, and
	// endOfHistoryTransferType COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
	// if older ones remain, else COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY.
	OnDemandAnswer OnDemandMode = iota
	// OnDemandNothingMore answers with the same kind of notification holding
	// the conversation with zero messages and
	// COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY.
	OnDemandNothingMore
	// OnDemandSilent records the request (the server acks it as usual) and
	// never answers, like a phone that is offline.
	OnDemandSilent
)

// MaxOnDemandMessages caps the messages of one on-demand answer, as
// WhatsApp's phone does whatever count was asked for.
const MaxOnDemandMessages = 50

// String is the mode's name in the fakewa control API: "answer",
// "nothing_more" or "silent".
func (m OnDemandMode) String() string {
	switch m {
	case OnDemandAnswer:
		return "answer"
	case OnDemandNothingMore:
		return "nothing_more"
	case OnDemandSilent:
		return "silent"
	}
	return fmt.Sprintf("OnDemandMode(%d)", int(m))
}

// ParseOnDemandMode parses a mode name as String gives it.
func ParseOnDemandMode(s string) (OnDemandMode, error) {
	for _, m := range []OnDemandMode{OnDemandAnswer, OnDemandNothingMore, OnDemandSilent} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("fakewa: unknown on-demand mode %q (want answer, nothing_more or silent)", s)
}

// OnDemandRequest is one on-demand history request the phone received: a
// companion's peer message holding ProtocolMessage{PEER_DATA_OPERATION_
// REQUEST_MESSAGE, PeerDataOperationRequestMessage{HISTORY_SYNC_ON_DEMAND,
// HistorySyncOnDemandRequest}}, as whatsmeow's BuildHistorySyncRequest makes.
type OnDemandRequest struct {
	// RequestID is the peer message's id; the answer's
	// peerDataRequestSessionID.
	RequestID string `json:"request_id"`
	// Companion is the device that sent the request.
	Companion types.JID `json:"companion"`
	// Chat is the requested chat (chatJID).
	Chat types.JID `json:"chat"`
	// OldestMsgID, OldestMsgFromMe and OldestMsgTimestamp describe the
	// anchor: the oldest message the companion has of the chat.
	OldestMsgID        string    `json:"oldest_msg_id"`
	OldestMsgFromMe    bool      `json:"oldest_msg_from_me"`
	OldestMsgTimestamp time.Time `json:"oldest_msg_timestamp"`
	// Count is onDemandMsgCount, how many older messages were asked for.
	Count int `json:"count"`
	// ReceivedAt is when the phone decrypted the request.
	ReceivedAt time.Time `json:"received_at"`
}

// OnDemandReply is the phone's answer to one OnDemandRequest.
type OnDemandReply struct {
	RequestID      string       // the request answered
	Mode           OnDemandMode // OnDemandAnswer or OnDemandNothingMore
	NotificationID string       // the id of the peer message carrying the notification
	Messages       int          // messages in the answer's conversation
	MoreOnPhone    bool         // COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
	Err            error        // why the answer was not delivered, if it was not
}

// onDemand is a phone's on-demand state. The zero value is ready.
type onDemand struct {
	mu       sync.Mutex
	mode     OnDemandMode
	chatMode map[types.JID]OnDemandMode
	archive  *HistoryGenerator
	requests []OnDemandRequest
	replies  []OnDemandReply
	changed  chan struct{} // closed and replaced when a request is recorded
	errs     []string      // peer messages the phone could not handle
}

// SetOnDemandMode sets how the phone answers later on-demand requests for
// every chat without a mode of its own (see SetChatOnDemandMode).
func (p *Phone) SetOnDemandMode(mode OnDemandMode) {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	p.od.mode = mode
}

// SetChatOnDemandMode sets how the phone answers later on-demand requests
// for chat (as the request names it, non-AD), overriding SetOnDemandMode.
func (p *Phone) SetChatOnDemandMode(chat types.JID, mode OnDemandMode) {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	if p.od.chatMode == nil {
		p.od.chatMode = map[types.JID]OnDemandMode{}
	}
	p.od.chatMode[chat.ToNonAD()] = mode
}

// ClearChatOnDemandModes drops every per-chat mode.
func (p *Phone) ClearChatOnDemandModes() {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	p.od.chatMode = nil
}

// SetArchive makes g's whole history (every message, whether Chunks carries
// it or not; see GenOpts.InitialPerChat) the messages the phone holds and
// answers on-demand requests from. SendGeneratedHistory sets it itself; nil
// leaves the phone with nothing to answer from (every answer is empty).
func (p *Phone) SetArchive(g *HistoryGenerator) {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	p.od.archive = g
}

// OnDemandRequests lists the on-demand requests the phone received, oldest
// first. A request is recorded before the server acks its message, so it is
// listed once the companion's SendMessage has returned.
func (p *Phone) OnDemandRequests() []OnDemandRequest {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	return slices.Clone(p.od.requests)
}

// WaitOnDemandRequest waits until the phone has received request number
// since or later (0-based, in OnDemandRequests order) and returns it with
// its index. Pass len(OnDemandRequests()) taken earlier for "from now on".
func (p *Phone) WaitOnDemandRequest(ctx context.Context, since int) (OnDemandRequest, int, error) {
	since = max(since, 0)
	for {
		p.od.mu.Lock()
		if since < len(p.od.requests) {
			req := p.od.requests[since]
			p.od.mu.Unlock()
			return req, since, nil
		}
		if p.od.changed == nil {
			p.od.changed = make(chan struct{})
		}
		changed := p.od.changed
		p.od.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return OnDemandRequest{}, -1, fmt.Errorf("fakewa: waiting for on-demand request %d: %w", since, ctx.Err())
		}
	}
}

// OnDemandReplies lists the answers the phone has finished sending (or
// failed to send), in the order they finished.
func (p *Phone) OnDemandReplies() []OnDemandReply {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	return slices.Clone(p.od.replies)
}

// PeerErrors lists the companion peer messages the phone could not decrypt
// or parse. Tests should assert it is empty.
func (p *Phone) PeerErrors() []string {
	p.od.mu.Lock()
	defer p.od.mu.Unlock()
	return slices.Clone(p.od.errs)
}

// record stores req and returns the mode to answer it with and the archive.
func (o *onDemand) record(req OnDemandRequest) (OnDemandMode, *HistoryGenerator) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests = append(o.requests, req)
	if o.changed != nil {
		close(o.changed)
	}
	o.changed = make(chan struct{})
	mode, ok := o.chatMode[req.Chat.ToNonAD()]
	if !ok {
		mode = o.mode
	}
	return mode, o.archive
}

func (o *onDemand) addReply(r OnDemandReply) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.replies = append(o.replies, r)
}

func (o *onDemand) addError(desc string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.errs = append(o.errs, desc)
}
