package wa_test

import (
	"context"
	"testing"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// TestDepthChosenAtLinkingIsWhatThePhoneSees links with each depth, by QR
// and by pair code, and reads what the companion registered with from the
// fake phone: "year" registers a 365-day limit, "everything" a full sync,
// "recent" neither; the device name is the same either way.
func TestDepthChosenAtLinkingIsWhatThePhoneSees(t *testing.T) {
	for _, tc := range []struct {
		depth     domain.HistoryDepth
		byCode    bool
		full      bool
		daysLimit uint32
	}{
		{domain.DepthYear, false, true, 365},
		{domain.DepthEverything, true, true, 0},
		{domain.DepthRecent, true, false, 0},
		{domain.DepthEverything, false, true, 0},
	} {
		name := string(tc.depth) + map[bool]string{true: " by code", false: " by QR"}[tc.byCode]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, fakewa.Config{})
			h.cli.SetHistoryDepth(tc.depth)
			if tc.byCode {
				rctx, cancel := context.WithCancel(context.Background())
				code, err := h.cli.PairPhone(rctx, h.phone.Number())
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				if err := h.phone.EnterPairCode(ctx(t), code); err != nil {
					t.Fatal(err)
				}
				h.wait(t, "connected", state(domain.StateConnected))
			} else {
				h.linkByQR(t)
			}
			info, err := h.srv.Companion(h.phone.Companions()[0])
			if err != nil || info.DeviceProps == nil {
				t.Fatalf("companion: %+v %v", info, err)
			}
			p := info.DeviceProps
			cfg := p.GetHistorySyncConfig()
			if p.GetRequireFullSync() != tc.full || cfg.GetFullSyncDaysLimit() != tc.daysLimit {
				t.Fatalf("registered full sync %v, days limit %d; want %v, %d", p.GetRequireFullSync(), cfg.GetFullSyncDaysLimit(), tc.full, tc.daysLimit)
			}
			if !cfg.GetSupportCallLogHistory() || cfg.GetStorageQuotaMb() == 0 {
				t.Fatalf("history sync config: %v", cfg)
			}
			if info.DeviceName != "wasync" {
				t.Fatalf("the phone lists the device as %q", info.DeviceName)
			}
		})
	}
}
