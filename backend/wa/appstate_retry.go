package wa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"

	"github.com/wasync/wasync/backend/domain"
)

// contactBatch is how many stored contacts go into one chunk.
const contactBatch = 500

// appStateQueue keeps the app-state chunks the sink failed to store, oldest
// first, since whatsmeow will not deliver those changes again (see
// appstate.go). While any is pending, later chunks queue behind it so that
// an older state never lands after a newer one.
type appStateQueue struct {
	mu          sync.Mutex
	pending     []domain.HistoryChunk
	retrying    bool
	contactsFed bool // Store.Contacts passed on since the client started
}

// storeAppState hands chunk to the sink, or queues it for retry. It reports
// whether the chunk is stored.
func (c *Client) storeAppState(chunk domain.HistoryChunk) bool {
	q := &c.appState
	q.mu.Lock()
	if len(q.pending) == 0 {
		q.mu.Unlock()
		err := c.sink.LiveMessage(c.ctx, chunk)
		if err == nil {
			return true
		}
		c.log.Warn("app state change not stored; retrying", "err", err)
		q.mu.Lock()
	}
	q.pending = append(q.pending, chunk)
	start := !q.retrying
	q.retrying = true
	q.mu.Unlock()
	if start {
		c.goRetryAppState()
	}
	return false
}

// goRetryAppState stores the queued chunks in order, with capped backoff,
// until none is left or the client closes.
func (c *Client) goRetryAppState() {
	q := &c.appState
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		delay := time.Second
		for {
			select {
			case <-c.ctx.Done():
				return
			case <-c.clock.After(delay):
			}
			for {
				q.mu.Lock()
				if len(q.pending) == 0 {
					q.retrying = false
					q.mu.Unlock()
					return
				}
				next, n := q.pending[0], len(q.pending)
				q.mu.Unlock()
				if err := c.sink.LiveMessage(c.ctx, next); err != nil {
					c.log.Warn("app state change still not stored", "err", err, "pending", n)
					break
				}
				q.mu.Lock()
				q.pending = q.pending[1:]
				q.mu.Unlock()
			}
			delay = min(delay*2, time.Minute)
		}
	}()
}

// feedContactsOnce passes the names whatsmeow already keeps on to the sink,
// the first time the client connects after starting.
func (c *Client) feedContactsOnce(cli *whatsmeow.Client) {
	c.appState.mu.Lock()
	fed := c.appState.contactsFed
	c.appState.contactsFed = true
	c.appState.mu.Unlock()
	if !fed {
		c.goFeedStoredContacts(cli)
	}
}

// goFeedStoredContacts passes Store.Contacts on in the background.
func (c *Client) goFeedStoredContacts(cli *whatsmeow.Client) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		if err := c.feedStoredContacts(c.ctx, cli); err != nil {
			c.log.Warn("stored contact names not passed on", "err", err)
		}
	}()
}

// feedStoredContacts sends every named contact in whatsmeow's store (the
// address book from the app-state snapshot, push and business names) as
// APP_STATE chunks. Push names carry no time, so they only fill empty ones.
func (c *Client) feedStoredContacts(ctx context.Context, cli *whatsmeow.Client) error {
	all, err := cli.Store.Contacts.GetAllContacts(ctx)
	if err != nil {
		return fmt.Errorf("read stored contacts: %w", err)
	}
	var contacts []domain.Contact
	for jid, info := range all {
		if info.FullName == "" && info.FirstName == "" && info.PushName == "" && info.BusinessName == "" {
			continue
		}
		alt, _ := cli.Store.GetAltJID(ctx, jid)
		contacts = append(contacts, domain.Contact{
			JID: chatJID(jid), AltJID: chatJID(alt), FullName: info.FullName, FirstName: info.FirstName,
			BusinessName: info.BusinessName, PushName: info.PushName,
		})
	}
	slices.SortFunc(contacts, func(a, b domain.Contact) int { return strings.Compare(a.JID, b.JID) })
	for batch := range slices.Chunk(contacts, contactBatch) {
		c.storeAppState(domain.HistoryChunk{SyncType: domain.SyncAppState, Contacts: batch})
	}
	return nil
}
