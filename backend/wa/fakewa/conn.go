package fakewa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/proto"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/socket"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// errConnClosed is returned when waiting on a connection that went away.
var errConnClosed = errors.New("fakewa: client connection closed")

// errFault ends a connection that a HandshakeFault told us to break.
var errFault = errors.New("fakewa: handshake fault injected")

// conn is one client websocket after the Noise handshake.
type conn struct {
	srv    *Server
	ws     *websocket.Conn
	fio    *frameIO
	ctx    context.Context
	cancel context.CancelFunc

	// set by the handshake, then read-only
	read         *transportCipher // used by the read goroutine only
	write        *transportCipher // used under fio.writeMu
	payload      *waWa6.ClientPayload
	clientStatic [32]byte

	mu        sync.Mutex
	device    types.JID // logged-in companion, empty before login
	paired    bool      // a pairing finished on this pre-login connection
	waiters   map[string]chan *waBinary.Node
	refs      []string // guarded by srv.mu
	pairTimer *time.Timer
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	if HandshakeFault(s.fault.Load()) == HandshakeRejectUpgrade {
		http.Error(w, "fakewa: websocket upgrade refused", http.StatusServiceUnavailable)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		s.logf("websocket accept: %v", err)
		return
	}
	// The first prekey upload is ~40 KiB, above the 32 KiB default.
	ws.SetReadLimit(socket.FrameMaxSize + 1024)
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{srv: s, ws: ws, fio: newFrameIO(ws), ctx: ctx, cancel: cancel, waiters: map[string]chan *waBinary.Node{}}
	if !s.addConn(c) {
		c.abort()
		return
	}
	defer s.removeConn(c)
	defer c.abort()
	if err := c.handshake(); err != nil {
		s.logf("handshake: %v", err)
		return
	}
	s.onHandshake(c)
	c.readLoop()
}

// abort closes the connection at once, without a websocket close handshake.
func (c *conn) abort() {
	c.cancel()
	_ = c.ws.CloseNow()
	c.mu.Lock()
	if c.pairTimer != nil {
		c.pairTimer.Stop()
	}
	c.mu.Unlock()
}

// handshake is the responder side of whatsmeow's doHandshake.
func (c *conn) handshake() error {
	fault := HandshakeFault(c.srv.fault.Load())
	frame, err := c.fio.readFrame(c.ctx)
	if err != nil {
		return fmt.Errorf("read client hello: %w", err)
	}
	var hello waWa6.HandshakeMessage
	if err := proto.Unmarshal(frame, &hello); err != nil {
		return fmt.Errorf("unmarshal client hello: %w", err)
	}
	clientEph := hello.GetClientHello().GetEphemeral()
	if len(clientEph) != 32 {
		return fmt.Errorf("client hello ephemeral is %d bytes", len(clientEph))
	}
	switch fault {
	case HandshakeSilentClose:
		return errFault
	case HandshakeEmptyHello:
		empty, _ := proto.Marshal(&waWa6.HandshakeMessage{ServerHello: &waWa6.HandshakeMessage_ServerHello{}})
		if err := c.fio.writeFrame(c.ctx, empty, nil); err == nil {
			c.awaitClientClose()
		}
		return errFault
	}
	ns, err := newNoiseState(socket.WAConnHeader)
	if err != nil {
		return err
	}
	ns.authenticate(clientEph)
	eph := keys.NewKeyPair()
	ns.authenticate(eph.Pub[:])
	if err := ns.mixDH(eph.Priv, (*[32]byte)(clientEph)); err != nil {
		return err
	}
	staticCT := ns.encrypt(c.srv.static.Pub[:])
	if err := ns.mixDH(c.srv.static.Priv, (*[32]byte)(clientEph)); err != nil {
		return err
	}
	chain := c.srv.chain
	if fault == HandshakeBadCert {
		chain = c.srv.badChain
	}
	certCT := ns.encrypt(chain)
	out, err := proto.Marshal(&waWa6.HandshakeMessage{ServerHello: &waWa6.HandshakeMessage_ServerHello{
		Ephemeral: eph.Pub[:], Static: staticCT, Payload: certCT,
	}})
	if err != nil {
		return fmt.Errorf("marshal server hello: %w", err)
	}
	if err := c.fio.writeFrame(c.ctx, out, nil); err != nil {
		return fmt.Errorf("send server hello: %w", err)
	}
	if fault == HandshakeBadCert {
		c.awaitClientClose()
		return errFault
	}
	if frame, err = c.fio.readFrame(c.ctx); err != nil {
		return fmt.Errorf("read client finish: %w", err)
	}
	var finish waWa6.HandshakeMessage
	if err := proto.Unmarshal(frame, &finish); err != nil {
		return fmt.Errorf("unmarshal client finish: %w", err)
	}
	clientStatic, err := ns.decrypt(finish.GetClientFinish().GetStatic())
	if err != nil {
		return fmt.Errorf("client static: %w", err)
	} else if len(clientStatic) != 32 {
		return fmt.Errorf("client static is %d bytes", len(clientStatic))
	}
	if err := ns.mixDH(eph.Priv, (*[32]byte)(clientStatic)); err != nil {
		return err
	}
	payloadBytes, err := ns.decrypt(finish.GetClientFinish().GetPayload())
	if err != nil {
		return fmt.Errorf("client payload: %w", err)
	}
	var payload waWa6.ClientPayload
	if err := proto.Unmarshal(payloadBytes, &payload); err != nil {
		return fmt.Errorf("unmarshal client payload: %w", err)
	}
	if c.read, c.write, err = ns.split(); err != nil {
		return err
	}
	c.payload = &payload
	c.clientStatic = [32]byte(clientStatic)
	return nil
}

// awaitClientClose reads until the client closes the connection. After a
// broken server hello the client gives up and closes; closing from our side
// at the same moment races inside whatsmeow's FrameSocket (Close writes
// fs.closed while readPump reads it), so the server lets the client go first.
func (c *conn) awaitClientClose() {
	for {
		if _, _, err := c.ws.Read(c.ctx); err != nil {
			return
		}
	}
}

// readLoop decrypts and decodes nodes until the connection ends.
func (c *conn) readLoop() {
	for {
		frame, err := c.fio.readFrame(c.ctx)
		if err != nil {
			c.srv.logf("connection ended: %v", err)
			return
		}
		plain, err := c.read.open(frame)
		if err != nil {
			c.srv.logf("%v", err)
			return
		}
		unpacked, err := waBinary.Unpack(plain)
		if err != nil {
			c.srv.logf("unpack frame: %v", err)
			return
		}
		node, err := waBinary.Unmarshal(unpacked)
		if err != nil {
			c.srv.logf("decode node: %v", err)
			return
		}
		c.srv.logf("recv %s", node.XMLString())
		c.srv.journal.add(Received{Device: c.deviceJID(), Node: node})
		c.srv.handleNode(c, node)
	}
}

func (c *conn) deviceJID() types.JID {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.device
}

// send encrypts and writes one node.
func (c *conn) send(node waBinary.Node) error {
	data, err := waBinary.Marshal(node)
	if err != nil {
		return fmt.Errorf("fakewa: marshal %s: %w", node.Tag, err)
	}
	c.srv.logf("send %s", node.XMLString())
	if err := c.fio.writeFrame(c.ctx, data, c.write.seal); err != nil {
		return fmt.Errorf("fakewa: send %s: %w", node.Tag, err)
	}
	return nil
}

// sendIQ sends a server-originated stanza (an IQ, or a notification whose
// ack is awaited) with a fresh id and waits for the client's answer with that
// id. Never call it from the read goroutine.
func (c *conn) sendIQ(ctx context.Context, node waBinary.Node) (*waBinary.Node, error) {
	id := c.srv.nextID()
	if node.Attrs == nil {
		node.Attrs = waBinary.Attrs{}
	}
	node.Attrs["id"] = id
	ch := make(chan *waBinary.Node, 1)
	c.mu.Lock()
	c.waiters[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.waiters, id)
		c.mu.Unlock()
	}()
	if err := c.send(node); err != nil {
		return nil, err
	}
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("fakewa: waiting for answer to %s: %w", id, ctx.Err())
	case <-c.ctx.Done():
		return nil, errConnClosed
	}
}

// deliverResponse hands a client's IQ result/error or ack to a waiting
// sendIQ.
func (c *conn) deliverResponse(node *waBinary.Node) bool {
	id, _ := node.Attrs["id"].(string)
	c.mu.Lock()
	ch, ok := c.waiters[id]
	delete(c.waiters, id)
	c.mu.Unlock()
	if ok {
		ch <- node
	}
	return ok
}

// streamErrorNode is <stream:error code=...> with an optional
// <conflict type=...>.
func streamErrorNode(code, conflict string) waBinary.Node {
	node := waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{}}
	if code != "" {
		node.Attrs["code"] = code
	}
	if conflict != "" {
		node.Content = []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": conflict}}}
	}
	return node
}

// barrierTimeout bounds how long sendFinal waits for the client to handle
// its node; closeGrace is how long the server then leaves the connection for
// the client to close before closing it itself.
const (
	barrierTimeout = 5 * time.Second
	closeGrace     = 2 * time.Second
)

// sendFinal sends node (a stream error or login failure after which the
// session is over), waits until the client has handled it, then gives the
// client closeGrace to close the connection before closing it itself, as
// WhatsApp does. The returned channel is closed once the client has handled
// node (or the wait failed). It does not block, so the read goroutine may
// call it.
//
// Both waits work around races inside whatsmeow. It handles nodes in order
// on a queue; if the socket closes before it has handled device_removed or
// failure 401, it takes the close for a network drop, reconnects and deletes
// its store twice at once. And its FrameSocket reads its closed flag without
// the lock, so the server closing while the app calls Disconnect (as it does
// on LoggedOut) is a data race under -race. Hence: after node, a notification
// whatsmeow only acks (the ack proves node was handled), then a grace period.
func (c *conn) sendFinal(node waBinary.Node) <-chan struct{} {
	handled := make(chan struct{})
	if !c.srv.goTracked(func() {
		defer c.abort()
		err := c.send(node)
		if err == nil {
			ctx, cancel := context.WithTimeout(c.ctx, barrierTimeout)
			err = c.barrier(ctx)
			cancel()
		}
		close(handled)
		if err != nil {
			c.srv.logf("final %s: %v", node.Tag, err)
			return
		}
		grace := time.NewTimer(closeGrace)
		defer grace.Stop()
		select {
		case <-c.ctx.Done():
		case <-grace.C:
		}
	}) {
		c.abort()
		close(handled)
	}
	return handled
}

// barrier sends a notification of a type whatsmeow does not handle (it only
// acks it) and waits for the ack. whatsmeow acks after every earlier node has
// been handled.
func (c *conn) barrier(ctx context.Context) error {
	_, err := c.sendIQ(ctx, waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": types.ServerJID, "type": "server", "t": strconv.FormatInt(time.Now().Unix(), 10),
	}})
	return err
}
