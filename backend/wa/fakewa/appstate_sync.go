package fakewa

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/appstate"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waServerSync"
	"go.mau.fi/whatsmeow/types"
)

// iqAppStateSync answers `w:sync:app:state set <sync><collection name
// version return_snapshot/>...</sync>`, whatsmeow's fetch of app-state
// patches: a snapshot (an external blob on the media host) when asked for
// one, else every patch after version. A collection holding patches (a
// companion's own change) is refused: the fake only syncs the phone's.
func (s *Server) iqAppStateSync(c *conn, iq *waBinary.Node) ([]waBinary.Node, error) {
	comp, err := s.loggedIn(c)
	if err != nil {
		return nil, err
	}
	st := &comp.phone.appState
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.init(); err != nil {
		return nil, err
	}
	var out []waBinary.Node
	sync := iq.GetChildByTag("sync")
	for _, req := range sync.GetChildrenByTag("collection") {
		ag := req.AttrGetter()
		name := appstate.WAPatchName(ag.String("name"))
		wantSnapshot := ag.OptionalBool("return_snapshot")
		from, _ := ag.GetUint64("version", false)
		col := st.cols[name]
		switch {
		case !ag.OK() || col == nil:
			return nil, &iqError{Code: 400, Text: "bad-request"}
		case len(req.GetChildren()) > 0:
			return nil, &iqError{Code: 405, Text: "not-allowed"}
		}
		node := waBinary.Node{Tag: "collection", Attrs: waBinary.Attrs{"name": string(name), "version": col.version}}
		if wantSnapshot {
			ref, err := s.uploadSnapshot(st.snapshot(name))
			if err != nil {
				return nil, err
			}
			node.Content = []waBinary.Node{{Tag: "snapshot", Content: ref}}
		} else if from < col.version {
			var patches []waBinary.Node
			for _, patch := range col.patches[from:] {
				raw, err := proto.Marshal(patch)
				if err != nil {
					return nil, fmt.Errorf("fakewa: marshal %s patch: %w", name, err)
				}
				patches = append(patches, waBinary.Node{Tag: "patch", Content: raw})
			}
			node.Content = []waBinary.Node{{Tag: "patches", Content: patches}}
		}
		out = append(out, node)
		st.noteFetched(comp.jid, name, col.version)
	}
	return []waBinary.Node{{Tag: "sync", Content: out}}, nil
}

// uploadSnapshot puts snap on the media host and returns the marshalled
// ExternalBlobReference the <snapshot> node carries.
func (s *Server) uploadSnapshot(snap *waServerSync.SyncdSnapshot) ([]byte, error) {
	raw, err := proto.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("fakewa: marshal snapshot: %w", err)
	}
	media, err := s.UploadMedia(raw, MediaInfoAppState)
	if err != nil {
		return nil, err
	}
	ref, err := proto.Marshal(&waServerSync.ExternalBlobReference{
		MediaKey: media.MediaKey, DirectPath: proto.String(media.DirectPath),
		FileSizeBytes: proto.Uint64(media.FileLength), FileSHA256: media.FileSHA256, FileEncSHA256: media.FileEncSHA256,
	})
	if err != nil {
		return nil, fmt.Errorf("fakewa: marshal snapshot reference: %w", err)
	}
	return ref, nil
}

// ShareAppStateKeys sends companion the phone's app-state sync key, as the
// phone does after linking: a Signal-encrypted peer ProtocolMessage
// APP_STATE_SYNC_KEY_SHARE. whatsmeow stores the key and fetches every
// collection (a snapshot each, the first time). It returns once companion
// has been served every collection, so later changes reach it as patches.
func (p *Phone) ShareAppStateKeys(ctx context.Context, companion types.JID) error {
	st := &p.appState
	st.mu.Lock()
	if err := st.init(); err != nil {
		st.mu.Unlock()
		return err
	}
	st.shared[companion] = true
	key := &waE2E.AppStateSyncKey{
		KeyID: &waE2E.AppStateSyncKeyId{KeyID: st.keyID},
		KeyData: &waE2E.AppStateSyncKeyData{
			KeyData:     st.keyData,
			Fingerprint: &waE2E.AppStateSyncKeyFingerprint{RawID: proto.Uint32(randomUint32()), CurrentIndex: proto.Uint32(0), DeviceIndexes: []uint32{0, uint32(companion.Device)}},
			Timestamp:   proto.Int64(st.keyTS),
		},
	}
	st.mu.Unlock()
	msg := &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type:                 waE2E.ProtocolMessage_APP_STATE_SYNC_KEY_SHARE.Enum(),
		AppStateSyncKeyShare: &waE2E.AppStateSyncKeyShare{Keys: []*waE2E.AppStateSyncKey{key}},
	}}
	env := envelope{id: NewMessageID(), sender: p.jid.ToNonAD(), t: time.Now(), typ: "text", category: "peer"}
	if err := p.deliver(ctx, companion, env, msg); err != nil {
		return fmt.Errorf("fakewa: app state key share to %s: %w", companion, err)
	}
	return p.waitFetched(ctx, companion, appstate.AllPatchNames[:]...)
}

// ApplyAppState makes a change on the phone: info becomes the next patch of
// its collection, and every connected companion the key was shared with gets
// <notification type="server_sync"> naming the collection, as WhatsApp
// sends. It returns once each of them has fetched the patch (not yet
// necessarily handled it). Companions offline now are not told.
func (p *Phone) ApplyAppState(ctx context.Context, info appstate.PatchInfo) error {
	st := &p.appState
	st.mu.Lock()
	if err := st.init(); err != nil {
		st.mu.Unlock()
		return err
	}
	version, err := st.apply(ctx, info)
	var companions []types.JID
	for jid := range st.shared {
		companions = append(companions, jid)
	}
	st.mu.Unlock()
	if err != nil {
		return err
	}
	for _, companion := range companions {
		c, err := p.srv.liveConn(companion)
		if err != nil {
			continue
		}
		_, err = c.sendIQ(ctx, waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
			"from": types.ServerJID, "type": "server_sync", "t": strconv.FormatInt(time.Now().Unix(), 10),
		}, Content: []waBinary.Node{{Tag: "collection", Attrs: waBinary.Attrs{"name": string(info.Type), "version": version}}}})
		if err != nil {
			return fmt.Errorf("fakewa: server_sync to %s: %w", companion, err)
		}
		if err := p.waitFetched(ctx, companion, info.Type); err != nil {
			return err
		}
	}
	return nil
}

// waitFetched waits until companion has been served the current version of
// every named collection.
func (p *Phone) waitFetched(ctx context.Context, companion types.JID, names ...appstate.WAPatchName) error {
	st := &p.appState
	for {
		st.mu.Lock()
		done := true
		for _, name := range names {
			done = done && st.fetched[companion][name] >= st.cols[name].version
		}
		changed := st.changed
		st.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("fakewa: waiting for %s to fetch app state %v: %w", companion, names, ctx.Err())
		}
	}
}

func randomUint32() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return binary.BigEndian.Uint32(b[:])
}
