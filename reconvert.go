package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
)

// rawConverter is the WhatsApp side as the re-conversion pass needs it: the
// link's state, and the converter that derives a row from a kept raw
// message (a marshalled WebMessageInfo).
type rawConverter interface {
	Session() domain.Session
	ConvertRaw(raw []byte) (domain.StoredMessage, bool, error)
}

// reconverter derives stored rows again from their raw messages when they
// were converted by an older converter than domain.ConverterVersion. It runs
// in the background, so the window and the API never wait for it; it waits
// for a linked device (the converter resolves the account's own JID), and
// is resumable: rows are marked done batch by batch, so a pass cut short by
// a shutdown goes on where it stopped at the next start. A startup with
// nothing to do costs one settings read.
type reconverter struct {
	st   *store.Store
	link rawConverter
	emit func(eventType string, data any)
	log  *slog.Logger
	poll time.Duration // how often to look whether a device is linked yet
}

// Run waits for a linked device, then runs one pass and reports it in the
// log and as an archive.reconverted event.
func (r reconverter) Run(ctx context.Context) {
	for r.link.Session().JID == "" {
		select {
		case <-ctx.Done():
			return
		case <-time.After(r.poll):
		}
	}
	start := time.Now()
	res, err := r.st.ReconvertIfOlder(ctx, r.link.ConvertRaw)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Error("convert stored messages again", "err", err, "converted", res.Converted)
		}
		return
	}
	if res == (store.ReconvertResult{}) {
		return
	}
	r.log.Info("stored messages converted again", "version", domain.ConverterVersion, "converted", res.Converted,
		"skipped", res.Skipped, "failed", res.Failed, "took", time.Since(start).Round(time.Millisecond))
	r.emit(domain.EventArchiveReconverted, map[string]any{
		"version": domain.ConverterVersion, "converted": res.Converted, "skipped": res.Skipped, "failed": res.Failed,
	})
}
