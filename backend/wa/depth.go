package wa

import (
	"sync"

	"go.mau.fi/whatsmeow/store"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// whatsmeow reads its package-level store.DeviceProps when it builds the
// registration payload of a fresh device; propsMu serialises the changes
// this package makes to it (there is one linking client per process).
var propsMu sync.Mutex

// Storage the companion offers the phone for the initial sync. WhatsApp
// Desktop registers the same 10 GiB quota; the size limit leaves the phone
// free to send everything that fits.
const (
	storageQuotaMB = 10240
	fullSyncSizeMB = 10240
)

// applyHistoryDepth sets what the next registration asks the phone for:
// recent is WhatsApp's default (no limits set); year asks for 365 days;
// everything asks for a full sync without a days limit. Every depth says
// the companion takes call logs.
func applyHistoryDepth(d domain.HistoryDepth) {
	propsMu.Lock()
	defer propsMu.Unlock()
	cfg := store.DeviceProps.HistorySyncConfig
	cfg.SupportCallLogHistory = proto.Bool(true)
	cfg.StorageQuotaMb = proto.Uint32(storageQuotaMB)
	cfg.FullSyncDaysLimit, cfg.FullSyncSizeMbLimit, cfg.RecentSyncDaysLimit = nil, nil, nil
	store.DeviceProps.RequireFullSync = proto.Bool(false)
	switch d {
	case domain.DepthYear:
		store.DeviceProps.RequireFullSync = proto.Bool(true)
		cfg.FullSyncDaysLimit = proto.Uint32(domain.YearDays)
		cfg.RecentSyncDaysLimit = proto.Uint32(domain.YearDays)
		cfg.FullSyncSizeMbLimit = proto.Uint32(fullSyncSizeMB)
	case domain.DepthEverything:
		store.DeviceProps.RequireFullSync = proto.Bool(true)
		cfg.FullSyncSizeMbLimit = proto.Uint32(fullSyncSizeMB)
	}
}

// SetHistoryDepth chooses how much history the next pairing asks for; a
// device already linked keeps what it registered with.
func (c *Client) SetHistoryDepth(d domain.HistoryDepth) {
	c.mu.Lock()
	c.depth = d
	c.mu.Unlock()
}

func (c *Client) historyDepth() domain.HistoryDepth {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.depth
}
