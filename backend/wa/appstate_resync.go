package wa

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"

	"github.com/wasync/wasync/backend/domain"
)

// contactBatch is how many stored contacts go into one chunk.
const contactBatch = 500

// appStateSync tracks the full re-fetch of app state that follows a change
// the sink could not store (see appstate.go).
type appStateSync struct {
	mu          sync.Mutex
	dirty       bool // a change was not stored since the running re-fetch began
	resyncing   bool // a re-fetch loop is running
	contactsFed bool // Store.Contacts passed on since the client started
}

// storeAppState hands chunk to the sink. When the sink fails, the app state
// is marked for a full re-fetch (durably, so that a crash does not lose the
// change) and re-fetched in the background. It reports whether the chunk is
// stored.
func (c *Client) storeAppState(cli *whatsmeow.Client, chunk domain.HistoryChunk) bool {
	ctx, cancel := c.storeCtx()
	defer cancel()
	err := c.sink.LiveMessage(ctx, chunk)
	if err == nil {
		return true
	}
	c.log.Warn("app state change not stored; fetching the app state again in full", "err", err)
	c.markAppStateResync(ctx, cli)
	return false
}

// markAppStateResync forgets the version of every app-state collection in
// whatsmeow's store, the marker that survives a restart: the next fetch of
// a collection whose version is unknown is a full one, and with
// EmitAppStateEventsOnFullSync it hands the current state over again. It
// then starts the background re-fetch.
func (c *Client) markAppStateResync(ctx context.Context, cli *whatsmeow.Client) {
	for _, name := range appstate.AllPatchNames {
		if err := cli.Store.AppState.DeleteAppStateVersion(ctx, string(name)); err != nil {
			c.log.Error("mark app state for a full fetch", "collection", name, "err", err)
		}
	}
	q := &c.appState
	q.mu.Lock()
	q.dirty = true
	start := !q.resyncing && c.ctx.Err() == nil
	q.resyncing = q.resyncing || start
	q.mu.Unlock()
	if start {
		c.goResyncAppState(cli)
	}
}

// goResyncAppState fetches the marked collections in full, with capped
// backoff, until one round stores everything or the client closes.
func (c *Client) goResyncAppState(cli *whatsmeow.Client) {
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
			q.mu.Lock()
			q.dirty = false
			q.mu.Unlock()
			err := c.fetchUnsyncedAppState(c.ctx, cli)
			q.mu.Lock()
			done := err == nil && !q.dirty
			if done {
				q.resyncing = false
			}
			q.mu.Unlock()
			if done {
				return
			}
			if err != nil {
				c.log.Warn("app state not fetched again yet", "err", err, "retry_in", delay)
			}
			delay = min(delay*2, time.Minute)
		}
	}()
}

// goResyncMarkedAppState fetches, in the background, any collection left
// marked by an earlier run (one that stopped before its re-fetch stored
// everything). Before the phone has shared app-state keys there is nothing
// to fetch: whatsmeow fetches everything itself when the keys arrive.
func (c *Client) goResyncMarkedAppState(cli *whatsmeow.Client) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		key, err := cli.Store.AppStateKeys.GetLatestAppStateSyncKeyID(c.ctx)
		if err != nil || key == nil {
			return
		}
		if err := c.fetchUnsyncedAppState(c.ctx, cli); err != nil {
			c.log.Warn("app state marked for a full fetch not fetched yet", "err", err)
		}
	}()
}

// fetchUnsyncedAppState fetches in full each collection whose version is
// unknown; the others are left alone.
func (c *Client) fetchUnsyncedAppState(ctx context.Context, cli *whatsmeow.Client) error {
	var errs []error
	for _, name := range appstate.AllPatchNames {
		if err := cli.FetchAppState(ctx, name, false, true); err != nil {
			errs = append(errs, fmt.Errorf("fetch app state %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
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
		c.storeAppState(cli, domain.HistoryChunk{SyncType: domain.SyncAppState, Contacts: batch})
	}
	return nil
}
