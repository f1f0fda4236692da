package fakewa

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/session"
	"google.golang.org/protobuf/proto"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// routePeerMessage hands a companion's <message category="peer"> addressed
// to its own account (to = the phone number or LID, device 0) to the phone,
// which decrypts and handles it before the server acks the stanza. whatsmeow
// sends such messages with SendMessage(ownJID.ToNonAD(), msg,
// SendRequestExtra{Peer: true}): <message id type="text" category="peer"
// to=OWN><meta appdata="default"/><enc v="2" type="msg|pkmsg"/>
// [<device-identity/> for pkmsg]</message>, encrypted on its existing session
// with the phone's LID address (it fetches no devices and no prekeys: with
// no session it fails with whatsmeow.ErrNoSession before sending). Other
// messages are ignored here.
func (s *Server) routePeerMessage(c *conn, node *waBinary.Node) {
	if node.Tag != "message" {
		return
	}
	if cat, _ := node.Attrs["category"].(string); cat != "peer" {
		return
	}
	to, _ := node.Attrs["to"].(types.JID)
	dev := c.deviceJID()
	s.mu.Lock()
	comp := s.companions[dev]
	s.mu.Unlock()
	if comp == nil || to.Device != 0 || (to.User != comp.phone.jid.User && to.User != comp.phone.lid.User) {
		return
	}
	comp.phone.receivePeer(c.ctx, dev, node)
}

// receivePeer decrypts one peer message from companion and acts on it.
// Failures are recorded in PeerErrors.
func (p *Phone) receivePeer(ctx context.Context, companion types.JID, node *waBinary.Node) {
	id, _ := node.Attrs["id"].(string)
	msg, err := p.decryptPeer(ctx, companion, node)
	if err != nil {
		p.od.addError(fmt.Sprintf("peer message %s from %s: %v", id, companion, err))
		p.srv.logf("phone %s: %v", p.jid, err)
		return
	}
	pm := msg.GetProtocolMessage()
	peerReq := pm.GetPeerDataOperationRequestMessage()
	if pm.GetType() != waE2E.ProtocolMessage_PEER_DATA_OPERATION_REQUEST_MESSAGE ||
		peerReq.GetPeerDataOperationRequestType() != waE2E.PeerDataOperationRequestType_HISTORY_SYNC_ON_DEMAND {
		p.srv.logf("phone %s: ignoring peer message %s (%v)", p.jid, id, pm.GetType())
		return
	}
	hreq := peerReq.GetHistorySyncOnDemandRequest()
	chat, err := types.ParseJID(hreq.GetChatJID())
	if err == nil && chat.IsEmpty() {
		err = errors.New("no chat")
	}
	if err != nil {
		p.od.addError(fmt.Sprintf("on-demand request %s from %s: bad chat %q: %v", id, companion, hreq.GetChatJID(), err))
		return
	}
	req := OnDemandRequest{
		RequestID:          id,
		Companion:          companion,
		Chat:               chat,
		OldestMsgID:        hreq.GetOldestMsgID(),
		OldestMsgFromMe:    hreq.GetOldestMsgFromMe(),
		OldestMsgTimestamp: time.UnixMilli(hreq.GetOldestMsgTimestampMS()),
		Count:              int(hreq.GetOnDemandMsgCount()),
		ReceivedAt:         time.Now(),
	}
	mode, archive := p.od.record(req)
	if mode == OnDemandSilent {
		return
	}
	if !p.srv.goTracked(func() { p.answerOnDemand(req, mode, archive) }) {
		p.od.addReply(OnDemandReply{RequestID: id, Mode: mode, Err: errors.New("fakewa: server closed")})
	}
}

// decryptPeer decrypts the <enc> of a peer message from companion with the
// phone's own Signal state: the session the phone built when it first wrote
// to the companion (msg), or a new one from the phone's prekeys (pkmsg).
func (p *Phone) decryptPeer(ctx context.Context, companion types.JID, node *waBinary.Node) (*waE2E.Message, error) {
	enc, ok := node.GetOptionalChildByTag("enc")
	if !ok {
		return nil, errors.New("no <enc> child")
	}
	ct, _ := enc.Content.([]byte)
	typ, _ := enc.Attrs["type"].(string)
	st := p.storeFor(p.jid)
	addr := companion.SignalAddress()
	cipher := session.NewCipher(session.NewBuilderFromSignal(st, addr, signalSerializer), addr)
	var plain []byte
	var err error
	// The phone's sends hold sendMu while they touch the same sessions.
	p.out.sendMu.Lock()
	switch typ {
	case "msg":
		var m *protocol.SignalMessage
		if m, err = protocol.NewSignalMessageFromBytes(ct, signalSerializer.SignalMessage); err == nil {
			plain, err = cipher.Decrypt(ctx, m)
		}
	case "pkmsg":
		var m *protocol.PreKeySignalMessage
		m, err = protocol.NewPreKeySignalMessageFromBytes(ct, signalSerializer.PreKeySignalMessage, signalSerializer.SignalMessage)
		if err == nil {
			plain, err = cipher.DecryptMessage(ctx, m)
		}
	default:
		err = fmt.Errorf("unsupported enc type %q", typ)
	}
	p.out.sendMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("fakewa: decrypt %s: %w", typ, err)
	}
	if plain, err = unpadPlaintext(plain); err != nil {
		return nil, err
	}
	var msg waE2E.Message
	if err := proto.Unmarshal(plain, &msg); err != nil {
		return nil, fmt.Errorf("fakewa: unmarshal peer message: %w", err)
	}
	return &msg, nil
}

// unpadPlaintext strips whatsmeow's padding (see padPlaintext).
func unpadPlaintext(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, errors.New("fakewa: empty plaintext")
	}
	n := int(b[len(b)-1])
	if n == 0 || n > len(b) {
		return nil, fmt.Errorf("fakewa: bad plaintext padding %d", n)
	}
	for _, x := range b[len(b)-n:] {
		if int(x) != n {
			return nil, fmt.Errorf("fakewa: bad plaintext padding %d", n)
		}
	}
	return b[:len(b)-n], nil
}
