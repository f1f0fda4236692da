package wa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/store"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// Sink receives what the connection does; core implements it.
type Sink interface {
	// SessionChanged is called with every new state of the link.
	SessionChanged(s domain.Session)
	// Emit reports a connection.* event with its data.
	Emit(eventType string, data any)
	// HistoryNotified must store a history sync notification durably before
	// it returns; only then is the notification acknowledged.
	HistoryNotified(ctx context.Context, n domain.HistoryNotification) error
	// LiveMessage stores a message (or a change to one) as it arrives.
	LiveMessage(ctx context.Context, chunk domain.HistoryChunk) error
}

// Clock is the time the client runs on; tests make QR expiry instant.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options tune a Client; the zero value is right for normal use.
type Options struct {
	// Clock drives QR code rotation and reconnect backoff.
	Clock Clock
	// DeviceName is what the phone's Linked devices list shows.
	DeviceName string
}

// deviceProps sets what the phone shows for this companion. whatsmeow keeps
// it in package globals, so it is set once per process.
var deviceProps sync.Once

// Client links the account as a companion device and keeps it connected. It
// owns the whatsmeow client, the connection state machine and the one event
// switch every whatsmeow event passes through.
type Client struct {
	devices  *Devices
	endpoint Endpoint
	log      *slog.Logger // module=wa
	root     *slog.Logger // without a module: whatsmeow's loggers add their own
	sink     Sink
	clock    Clock

	// ctx lives as long as the Client; background work stops with it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// inflight tracks event handlers that are running, so Close returns only
	// after each has stored (or refused) its event; see handlers.go.
	inflight handlers

	mu        sync.Mutex
	cli       *whatsmeow.Client
	session   domain.Session
	qrEpoch   int                 // bumps whenever a QR rotation must stop
	firstQR   chan struct{}       // closed when the current pairing shows its first code
	connectMu sync.Mutex          // one connect attempt at a time
	appState  appStateSync        // app-state re-fetch and contact feed (appstate_resync.go)
	depth     domain.HistoryDepth // what the next pairing asks the phone for (depth.go)
}

// New returns a client on the device store. Start connects it.
func New(devices *Devices, endpoint Endpoint, log *slog.Logger, sink Sink, opts Options) *Client {
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	if opts.DeviceName == "" {
		opts.DeviceName = "wasync"
	}
	deviceProps.Do(func() {
		store.SetOSInfo(opts.DeviceName, [3]uint32{1, 0, 0})
		store.DeviceProps.PlatformType = waCompanionReg.DeviceProps_DESKTOP.Enum()
		// Call logs come in history syncs only when the companion says it
		// can take them (callLogMesssage, convert_call.go).
		store.DeviceProps.HistorySyncConfig.SupportCallLogHistory = proto.Bool(true)
	})
	ctx, cancel := context.WithCancel(context.Background())
	return &Client{
		devices: devices, endpoint: endpoint, log: log.With("module", "wa"), root: log, sink: sink,
		clock: opts.Clock, ctx: ctx, cancel: cancel,
		session: domain.Session{State: domain.StateLoggedOut},
	}
}

// Start loads the stored session. A linked device connects straight away
// (retrying with backoff while the network is down); an unlinked one waits
// for StartPairing.
func (c *Client) Start(ctx context.Context) error {
	cli, err := c.newWhatsmeow(ctx)
	if err != nil {
		return err
	}
	if cli.Store.ID == nil {
		c.setSession(domain.Session{State: domain.StateLoggedOut})
		return nil
	}
	c.setSession(domain.Session{State: domain.StateConnecting, JID: cli.Store.ID.ToNonAD().String(), PushName: cli.Store.PushName})
	c.goConnect(cli)
	return nil
}

// newWhatsmeow makes the whatsmeow client for the stored device (or a fresh
// one after a logout) and installs it.
func (c *Client) newWhatsmeow(ctx context.Context) (*whatsmeow.Client, error) {
	dev, err := c.devices.container.GetFirstDevice(ctx)
	if err != nil {
		return nil, fmt.Errorf("load device: %w", err)
	}
	cli := whatsmeow.NewClient(dev, NewLogger(c.root, "whatsmeow"))
	if c.endpoint.IsSet() {
		if err := c.endpoint.Apply(cli); err != nil {
			return nil, err
		}
	}
	// Persist-then-ack: acks go out only after the handlers returned true.
	// A refused message is redelivered by the server; the decrypted-event
	// buffer keeps its plaintext, since the Signal ratchet has moved on and
	// the stanza can no longer be decrypted a second time. Messages that
	// cannot be decrypted at all are asked from the phone again.
	cli.ManualHistorySyncDownload = true
	cli.SynchronousAck = true
	cli.EnableDecryptedEventBuffer = true
	cli.AutomaticMessageRerequestFromPhone = true
	// App state is stored idempotently, so a full sync hands over the whole
	// current state as events (see appstate.go).
	cli.EmitAppStateEventsOnFullSync = true
	cli.AddEventHandlerWithSuccessStatus(func(evt any) bool { return c.dispatch(cli, evt) })
	c.mu.Lock()
	old := c.cli
	c.cli = cli
	c.mu.Unlock()
	if old != nil {
		old.RemoveEventHandlers()
		old.Disconnect()
	}
	return cli, nil
}

// current returns the installed whatsmeow client.
func (c *Client) current() *whatsmeow.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cli
}

// Session returns the current state of the link.
func (c *Client) Session() domain.Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.session
	if s.QR != nil {
		qr := *s.QR
		s.QR = &qr
	}
	return s
}

func (c *Client) setSession(s domain.Session) {
	c.mu.Lock()
	c.session = s
	c.mu.Unlock()
	c.sink.SessionChanged(s)
}

// update changes the session under the lock and publishes the result.
func (c *Client) update(fn func(s *domain.Session)) {
	c.mu.Lock()
	fn(&c.session)
	s := c.session
	c.mu.Unlock()
	c.sink.SessionChanged(s)
}

// Close disconnects and stops background work. It returns once every event
// handler that was running has finished storing its event (each is bounded
// by handlerTimeout), so the database may be closed after it; messages that
// arrive meanwhile are refused and redelivered on the next connection, and
// app-state changes are still stored until the connection is down.
func (c *Client) Close() {
	c.cancel()
	c.inflight.close()
	if cli := c.current(); cli != nil {
		cli.Disconnect()
	}
	c.inflight.finish()
	c.wg.Wait()
}

// goConnect connects in the background, retrying with capped exponential
// backoff until it succeeds, the device is replaced, or the client closes.
// whatsmeow reconnects by itself after a drop; this covers the first
// connect (say, wasync started while offline) and forced reconnects.
func (c *Client) goConnect(cli *whatsmeow.Client) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.connectMu.Lock()
		defer c.connectMu.Unlock()
		delay := time.Second
		for {
			if c.current() != cli || c.ctx.Err() != nil {
				return
			}
			err := cli.ConnectContext(c.ctx)
			if err == nil || errors.Is(err, whatsmeow.ErrAlreadyConnected) {
				return
			}
			c.log.Warn("connect failed; retrying", "err", err, "in", delay)
			c.update(func(s *domain.Session) {
				if s.State == domain.StateConnecting || s.State == domain.StateConnected {
					s.State = domain.StateDisconnected
				}
				s.Reason = "Cannot reach WhatsApp: " + err.Error()
			})
			select {
			case <-c.ctx.Done():
				return
			case <-c.clock.After(delay):
			}
			delay = min(delay*2, time.Minute)
		}
	}()
}
