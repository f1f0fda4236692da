package fakewa

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.mau.fi/libsignal/groups"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/session"
	"google.golang.org/protobuf/proto"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// ErrNotDelivered means the companion answered a message with a retry
// receipt or a negative ack: it could not decrypt or handle it.
var ErrNotDelivered = errors.New("fakewa: companion did not accept the message")

// deliveryTimeout bounds the wait for a companion's receipt when the
// caller's context has no deadline.
const deliveryTimeout = 30 * time.Second

// outbox is a phone's sending state: the Signal state of every identity it
// sends as (itself, and contacts whose messages it delivers) and the
// deliveries waiting for the companion's receipt. The zero value is ready.
type outbox struct {
	// sendMu serializes encrypting and writing, so that Signal counters
	// reach the companion in order and session updates are not lost.
	sendMu sync.Mutex

	mu       sync.Mutex
	stores   map[string]*signalStore // by sender user JID (no device)
	waiters  map[string]chan error   // companion/message id → delivery result
	skdmSent map[string]bool         // group|sender|companion → key distributed
	sent     []SentMessage
}

// SentMessage records one message the phone sent to a companion.
type SentMessage struct {
	To       types.JID // the companion
	ID       string
	From     types.JID // the author's device JID
	Chat     types.JID // the group, or the DM chat of the owner's own messages
	EncTypes []string  // the <enc> types in order: pkmsg, msg, skmsg
}

// Sent lists the messages the phone has sent to companions, oldest first.
func (p *Phone) Sent() []SentMessage {
	p.out.mu.Lock()
	defer p.out.mu.Unlock()
	return slices.Clone(p.out.sent)
}

// envelope is the <message> stanza around one encrypted message.
type envelope struct {
	id        string
	sender    types.JID // author's device JID (phone device 0, or a contact)
	group     types.JID // the group, for group messages
	recipient types.JID // the DM chat, for the owner's own messages
	t         time.Time
	typ       string    // "text", "media" or "reaction"
	category  string    // "peer" for protocol messages to own devices
	notify    string    // sender's push name
	edit      string    // whatsmeow's edit attribute ("1" edit, "7" revoke)
	mediaType string    // <enc mediatype=...> for media messages
	senderAlt types.JID // the sender's other JID (sender_pn, participant_pn, ...)
	garble    bool      // send undecryptable bytes instead of the ciphertext
}

// storeFor returns the Signal state of sender, creating it on first use: the
// phone's own identity for the account, a fresh key pair for a contact.
func (p *Phone) storeFor(sender types.JID) *signalStore {
	key := sender.ToNonAD().String()
	p.out.mu.Lock()
	defer p.out.mu.Unlock()
	if p.out.stores == nil {
		p.out.stores = map[string]*signalStore{}
	}
	st := p.out.stores[key]
	if st == nil {
		if sender.User == p.jid.User || sender.User == p.lid.User {
			st = newSignalStore(p.identity)
		} else {
			st = newSignalStore(nil)
		}
		p.out.stores[key] = st
	}
	return st
}

// deliver encrypts msg as env describes, sends it to companion and waits for
// the companion's receipt (success), retry receipt or negative ack
// (ErrNotDelivered), or ctx's end.
func (p *Phone) deliver(ctx context.Context, companion types.JID, env envelope, msg *waE2E.Message) error {
	plaintext, err := proto.Marshal(msg)
	if err != nil {
		return fmt.Errorf("fakewa: marshal message %s: %w", env.id, err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, deliveryTimeout)
		defer cancel()
	}
	wkey := companion.String() + "/" + env.id
	result := p.out.await(wkey)
	defer p.out.forget(wkey)

	st := p.storeFor(env.sender)
	addr := companion.SignalAddress()
	skdmKey := env.group.String() + "|" + env.sender.String() + "|" + companion.String()
	c, err := p.srv.liveConn(companion)
	if err != nil {
		return err
	}
	p.out.sendMu.Lock()
	var encs []waBinary.Node
	var preKey, sentSKDM bool
	if env.garble {
		encs = []waBinary.Node{garbledEnc()}
	} else {
		encs, preKey, sentSKDM, err = p.encryptEnvelope(ctx, st, companion, env, plaintext, skdmKey)
	}
	if err == nil {
		// Held before sending: the answer may come before send returns.
		node := env.node(companion, encs)
		p.srv.holdUnanswered(companion, node)
		if err = c.send(node); err != nil {
			p.srv.answered(companion, env.id)
		}
	}
	if err == nil {
		p.out.record(companion, env, encs)
	}
	p.out.sendMu.Unlock()
	if err != nil {
		return err
	}
	select {
	case err = <-result:
	case <-c.ctx.Done():
		select {
		case err = <-result: // the receipt came just before the close
		default:
			return fmt.Errorf("fakewa: waiting for the receipt of %s: %w", env.id, errConnClosed)
		}
	case <-ctx.Done():
		return fmt.Errorf("fakewa: waiting for the receipt of %s: %w", env.id, ctx.Err())
	}
	if err != nil {
		return err
	}
	p.out.sendMu.Lock()
	defer p.out.sendMu.Unlock()
	if sentSKDM {
		p.out.mu.Lock()
		p.out.skdmSent[skdmKey] = true
		p.out.mu.Unlock()
	}
	if preKey {
		if err := st.ackPreKey(ctx, addr); err != nil {
			return fmt.Errorf("fakewa: mark session with %s established: %w", companion, err)
		}
	}
	return nil
}

// liveConn is companion's logged-in connection.
func (s *Server) liveConn(companion types.JID) (*conn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	comp := s.companions[companion]
	switch {
	case comp == nil:
		return nil, fmt.Errorf("%w: %s", ErrUnknownDevice, companion)
	case comp.conn == nil:
		return nil, fmt.Errorf("fakewa: companion %s is not connected", companion)
	}
	return comp.conn, nil
}

// encryptEnvelope builds the <enc> children: one pkmsg/msg for a direct
// message; for a group, a pkmsg/msg with the sender key distribution (the
// first time this sender writes to this group for this companion) and the
// skmsg.
func (p *Phone) encryptEnvelope(ctx context.Context, st *signalStore, companion types.JID, env envelope,
	plaintext []byte, skdmKey string) (encs []waBinary.Node, preKey, sentSKDM bool, err error) {
	if env.group.IsEmpty() {
		enc, preKey, err := p.encryptDirect(ctx, st, companion, plaintext)
		if err != nil {
			return nil, false, false, err
		}
		return []waBinary.Node{enc}, preKey, false, nil
	}
	name := protocol.NewSenderKeyName(env.group.String(), env.sender.SignalAddress())
	builder := groups.NewGroupSessionBuilder(st, signalSerializer)
	dist, err := builder.Create(ctx, name)
	if err != nil {
		return nil, false, false, fmt.Errorf("fakewa: create sender key for %s: %w", env.group, err)
	}
	p.out.mu.Lock()
	if p.out.skdmSent == nil {
		p.out.skdmSent = map[string]bool{}
	}
	needSKDM := !p.out.skdmSent[skdmKey]
	p.out.mu.Unlock()
	if needSKDM {
		skdm, err := proto.Marshal(&waE2E.Message{SenderKeyDistributionMessage: &waE2E.SenderKeyDistributionMessage{
			GroupID:                             proto.String(env.group.String()),
			AxolotlSenderKeyDistributionMessage: dist.Serialize(),
		}})
		if err != nil {
			return nil, false, false, fmt.Errorf("fakewa: marshal sender key distribution: %w", err)
		}
		enc, pk, err := p.encryptDirect(ctx, st, companion, skdm)
		if err != nil {
			return nil, false, false, err
		}
		encs, preKey = append(encs, enc), pk
	}
	ct, err := groups.NewGroupCipher(builder, name, st).Encrypt(ctx, padPlaintext(plaintext))
	if err != nil {
		return nil, false, false, fmt.Errorf("fakewa: group encrypt for %s: %w", env.group, err)
	}
	encs = append(encs, waBinary.Node{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "skmsg"}, Content: ct.SignedSerialize()})
	return encs, preKey, needSKDM, nil
}

// encryptDirect encrypts plaintext for companion on st's session with it,
// building the session from one of the companion's uploaded prekeys first
// if there is none. preKey reports a pkmsg.
func (p *Phone) encryptDirect(ctx context.Context, st *signalStore, companion types.JID, plaintext []byte) (enc waBinary.Node, preKey bool, err error) {
	addr := companion.SignalAddress()
	builder := session.NewBuilderFromSignal(st, addr, signalSerializer)
	has, err := st.ContainsSession(ctx, addr)
	if err != nil {
		return enc, false, err
	}
	if !has {
		bundle, err := p.srv.PopPreKeyBundle(companion)
		if err != nil {
			return enc, false, err
		}
		if err := builder.ProcessBundle(ctx, bundle); err != nil {
			return enc, false, fmt.Errorf("fakewa: build session with %s: %w", companion, err)
		}
	}
	ct, err := session.NewCipher(builder, addr).Encrypt(ctx, padPlaintext(plaintext))
	if err != nil {
		return enc, false, fmt.Errorf("fakewa: encrypt for %s: %w", companion, err)
	}
	typ := "msg"
	if ct.Type() == protocol.PREKEY_TYPE {
		typ = "pkmsg"
	}
	return waBinary.Node{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": typ}, Content: ct.Serialize()}, typ == "pkmsg", nil
}

// node is the <message> stanza for companion holding encs.
func (env envelope) node(companion types.JID, encs []waBinary.Node) waBinary.Node {
	attrs := waBinary.Attrs{
		"id": env.id, "to": companion, "t": strconv.FormatInt(env.t.Unix(), 10), "type": env.typ,
	}
	if env.group.IsEmpty() {
		attrs["from"] = env.sender
	} else {
		attrs["from"] = env.group
		attrs["participant"] = env.sender
	}
	if !env.recipient.IsEmpty() {
		attrs["recipient"] = env.recipient
	}
	env.addAltAttrs(attrs)
	for k, v := range map[string]string{"category": env.category, "notify": env.notify, "edit": env.edit} {
		if v != "" {
			attrs[k] = v
		}
	}
	if env.mediaType != "" {
		for i := range encs {
			encs[i].Attrs["mediatype"] = env.mediaType
		}
	}
	return waBinary.Node{Tag: "message", Attrs: attrs, Content: encs}
}

// padPlaintext appends whatsmeow's padding: 1 to 15 bytes, each equal to
// the padding length.
func padPlaintext(b []byte) []byte {
	var r [1]byte
	_, _ = rand.Read(r[:])
	n := r[0] & 0x0f
	if n == 0 {
		n = 0x0f
	}
	return slices.Concat(b, bytes.Repeat([]byte{n}, int(n)))
}

func (o *outbox) record(companion types.JID, env envelope, encs []waBinary.Node) {
	rec := SentMessage{To: companion, ID: env.id, From: env.sender, Chat: env.group}
	if rec.Chat.IsEmpty() {
		rec.Chat = env.recipient
	}
	for _, enc := range encs {
		typ, _ := enc.Attrs["type"].(string)
		rec.EncTypes = append(rec.EncTypes, typ)
	}
	o.mu.Lock()
	o.sent = append(o.sent, rec)
	o.mu.Unlock()
}

func (o *outbox) await(key string) <-chan error {
	ch := make(chan error, 1)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.waiters == nil {
		o.waiters = map[string]chan error{}
	}
	o.waiters[key] = ch
	return ch
}

func (o *outbox) forget(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.waiters, key)
}

func (o *outbox) resolve(key string, result error) {
	o.mu.Lock()
	ch := o.waiters[key]
	delete(o.waiters, key)
	o.mu.Unlock()
	if ch != nil {
		ch <- result
	}
}

// noteDelivery resolves a phone message's delivery from the companion's
// answer to it: its message receipt (type "", "sender" or "inactive",
// sent after the client has handled and dispatched the message), a retry
// receipt or a negative ack (ErrNotDelivered). Protocol receipts
// (hist_sync, peer_msg) come earlier, from a goroutine, and are ignored.
func (s *Server) noteDelivery(c *conn, node *waBinary.Node) {
	id, _ := node.Attrs["id"].(string)
	var result error
	switch node.Tag {
	case "receipt":
		switch typ, _ := node.Attrs["type"].(string); typ {
		case "", "sender", "inactive":
		case "retry":
			result = fmt.Errorf("%w: retry receipt for %s", ErrNotDelivered, id)
		default:
			return
		}
	case "ack":
		// A plain ack follows the receipt (or the retry receipt) of every
		// message and settles nothing: only an ack with an error refuses.
		errAttr, hasErr := node.Attrs["error"]
		if class, _ := node.Attrs["class"].(string); class != "message" || !hasErr {
			return
		}
		result = fmt.Errorf("%w: ack for %s with error %v", ErrNotDelivered, id, errAttr)
	default:
		return
	}
	dev := c.deviceJID()
	s.answered(dev, id)
	s.mu.Lock()
	comp := s.companions[dev]
	s.mu.Unlock()
	if comp != nil {
		comp.phone.out.resolve(dev.String()+"/"+id, result)
	}
}
