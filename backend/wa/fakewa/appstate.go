package fakewa

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/appstate/lthash"
	"go.mau.fi/whatsmeow/proto/waServerSync"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// MediaInfoAppState is the HKDF info of app-state snapshot blobs.
const MediaInfoAppState = "WhatsApp App State Keys"

// phoneAppState is a phone's app state (WhatsApp's "syncd"): one sync key,
// shared with companions, and per collection the patches the phone made,
// encoded with whatsmeow's own appstate.Processor from the phone's side. The
// zero value is ready; everything is built on first use, under mu.
type phoneAppState struct {
	mu      sync.Mutex
	keyID   []byte
	keyData []byte
	keyTS   int64
	proc    *appstate.Processor
	cols    map[appstate.WAPatchName]*syncdCollection
	// shared lists the companions the key was shared with; fetched is the
	// version each of them was last served per collection.
	shared  map[types.JID]bool
	fetched map[types.JID]map[appstate.WAPatchName]uint64
	changed chan struct{} // closed and replaced whenever fetched changes
}

// syncdCollection is one collection's state on the phone: what the server
// serves as patches and snapshots.
type syncdCollection struct {
	version uint64
	hash    [128]byte                            // LT-hash of the value MACs of the live records
	values  map[string][]byte                    // index MAC → value MAC of its latest SET
	records map[string]*waServerSync.SyncdRecord // index MAC → latest SET record
	patches []*waServerSync.SyncdPatch           // patches[i] has version i+1
}

// init builds the key, the processor and the collections once. WhatsApp never
// hands a linked device an empty collection, and whatsmeow emits no events
// for a collection's first (full) sync, so each starts with one setting, as
// a real account's do; the companion's first fetch is then a snapshot and
// every later change arrives as a patch.
func (st *phoneAppState) init() error {
	if st.proc != nil {
		return nil
	}
	st.keyID = make([]byte, 6)
	st.keyData = make([]byte, 32)
	if _, err := rand.Read(st.keyID[2:]); err != nil {
		return fmt.Errorf("fakewa: app state key id: %w", err)
	}
	if _, err := rand.Read(st.keyData); err != nil {
		return fmt.Errorf("fakewa: app state key: %w", err)
	}
	st.keyTS = time.Now().UnixMilli()
	st.proc = appstate.NewProcessor(&store.Device{
		AppStateKeys: phoneKeyStore{st}, AppState: phoneMACStore{st},
	}, waLog.Noop)
	st.cols = map[appstate.WAPatchName]*syncdCollection{}
	st.shared = map[types.JID]bool{}
	st.fetched = map[types.JID]map[appstate.WAPatchName]uint64{}
	st.changed = make(chan struct{})
	for _, name := range appstate.AllPatchNames {
		st.cols[name] = &syncdCollection{values: map[string][]byte{}, records: map[string]*waServerSync.SyncdRecord{}}
		if _, err := st.apply(context.Background(), initialSetting(name)); err != nil {
			return err
		}
	}
	return nil
}

// initialSetting is the one setting a collection starts with.
func initialSetting(name appstate.WAPatchName) appstate.PatchInfo {
	m := appstate.MutationInfo{Version: 1, Value: &waSyncAction.SyncActionValue{}}
	switch name {
	case appstate.WAPatchCriticalBlock:
		m.Index = []string{"setting_locale"}
		m.Value.LocaleSetting = &waSyncAction.LocaleSetting{Locale: proto.String("en_US")}
	case appstate.WAPatchCriticalUnblockLow:
		m.Index = []string{"nux", "contacts"}
		m.Value.NuxAction = &waSyncAction.NuxAction{Acknowledged: proto.Bool(true)}
	case appstate.WAPatchRegular:
		m.Index = []string{"primary_version", "current"}
		m.Value.PrimaryVersionAction = &waSyncAction.PrimaryVersionAction{Version: proto.String("2.25.1.1")}
	case appstate.WAPatchRegularHigh:
		m.Index = []string{"time_format"}
		m.Value.TimeFormatAction = &waSyncAction.TimeFormatAction{IsTwentyFourHourFormatEnabled: proto.Bool(true)}
	default:
		m.Index = []string{appstate.IndexSettingUnarchiveChats}
		m.Value.UnarchiveChatsSetting = &waSyncAction.UnarchiveChatsSetting{UnarchiveChats: proto.Bool(false)}
	}
	return appstate.PatchInfo{Type: name, Mutations: []appstate.MutationInfo{m}}
}

// apply encodes info as the collection's next patch and updates the
// collection's hash and records. The caller holds mu. Two mutations of one
// patch must not share an index (whatsmeow's encoder and decoder disagree
// on that case).
func (st *phoneAppState) apply(ctx context.Context, info appstate.PatchInfo) (uint64, error) {
	col := st.cols[info.Type]
	if col == nil {
		return 0, fmt.Errorf("fakewa: unknown app state collection %q", info.Type)
	}
	raw, err := st.proc.EncodePatch(ctx, st.keyID, appstate.HashState{Version: col.version, Hash: col.hash}, info)
	if err != nil {
		return 0, fmt.Errorf("fakewa: encode %s patch: %w", info.Type, err)
	}
	var patch waServerSync.SyncdPatch
	if err := proto.Unmarshal(raw, &patch); err != nil {
		return 0, fmt.Errorf("fakewa: decode own %s patch: %w", info.Type, err)
	}
	version := col.version + 1
	// The encoder MACs the patch for version+1 but leaves the field to the
	// server, which numbers patches.
	patch.Version = &waServerSync.SyncdVersion{Version: proto.Uint64(version)}
	var removed, added [][]byte
	for _, m := range patch.GetMutations() {
		index, value := string(m.GetRecord().GetIndex().GetBlob()), m.GetRecord().GetValue().GetBlob()
		valueMAC := value[len(value)-32:]
		if prev, ok := col.values[index]; ok {
			removed = append(removed, prev)
		}
		added = append(added, valueMAC)
		col.values[index] = valueMAC
		col.records[index] = m.GetRecord()
	}
	lthash.WAPatchIntegrity.SubtractThenAddInPlace(col.hash[:], removed, added)
	col.version = version
	col.patches = append(col.patches, &patch)
	return version, nil
}

// snapshot is the collection's current state as WhatsApp serves it to a
// device that has none: every live record, MACed with the LT-hash.
func (st *phoneAppState) snapshot(name appstate.WAPatchName) *waServerSync.SyncdSnapshot {
	col := st.cols[name]
	snap := &waServerSync.SyncdSnapshot{
		Version: &waServerSync.SyncdVersion{Version: proto.Uint64(col.version)},
		KeyID:   &waServerSync.KeyId{ID: st.keyID},
		Mac:     st.snapshotMAC(name, col),
	}
	for _, rec := range col.records {
		snap.Records = append(snap.Records, rec)
	}
	return snap
}

// snapshotMAC is HMAC-SHA256 under the key's snapshot MAC key (bytes 96:128
// of its "WhatsApp Mutation Keys" expansion) over hash, version and name.
func (st *phoneAppState) snapshotMAC(name appstate.WAPatchName, col *syncdCollection) []byte {
	expanded := hkdfutil.SHA256(st.keyData, nil, []byte("WhatsApp Mutation Keys"), 160)
	mac := hmac.New(sha256.New, expanded[96:128])
	mac.Write(col.hash[:])
	mac.Write(binary.BigEndian.AppendUint64(nil, col.version))
	mac.Write([]byte(name))
	return mac.Sum(nil)
}

// noteFetched records that companion was served name up to version.
func (st *phoneAppState) noteFetched(companion types.JID, name appstate.WAPatchName, version uint64) {
	if st.fetched[companion] == nil {
		st.fetched[companion] = map[appstate.WAPatchName]uint64{}
	}
	st.fetched[companion][name] = version
	close(st.changed)
	st.changed = make(chan struct{})
}

// phoneKeyStore gives the phone's processor its one sync key. Its methods
// run under phoneAppState.mu (from apply).
type phoneKeyStore struct{ st *phoneAppState }

var _ store.AppStateSyncKeyStore = phoneKeyStore{}

// PutAppStateSyncKey implements store.AppStateSyncKeyStore; the phone makes
// its own key.
func (phoneKeyStore) PutAppStateSyncKey(context.Context, []byte, store.AppStateSyncKey) error {
	return fmt.Errorf("fakewa: the phone does not receive app state keys")
}

// GetAppStateSyncKey implements store.AppStateSyncKeyStore.
func (k phoneKeyStore) GetAppStateSyncKey(_ context.Context, id []byte) (*store.AppStateSyncKey, error) {
	if !hmac.Equal(id, k.st.keyID) {
		return nil, nil
	}
	return &store.AppStateSyncKey{Data: k.st.keyData, Timestamp: k.st.keyTS}, nil
}

// GetLatestAppStateSyncKeyID implements store.AppStateSyncKeyStore.
func (k phoneKeyStore) GetLatestAppStateSyncKeyID(context.Context) ([]byte, error) {
	return k.st.keyID, nil
}

// phoneMACStore answers the encoder's one question: the value MAC an index
// had before. The phone keeps versions and MACs itself (apply), so the
// writes are no-ops. Its methods run under phoneAppState.mu.
type phoneMACStore struct{ st *phoneAppState }

var _ store.AppStateStore = phoneMACStore{}

// PutAppStateVersion implements store.AppStateStore.
func (phoneMACStore) PutAppStateVersion(context.Context, string, uint64, [128]byte) error { return nil }

// GetAppStateVersion implements store.AppStateStore.
func (m phoneMACStore) GetAppStateVersion(_ context.Context, name string) (uint64, [128]byte, error) {
	col := m.st.cols[appstate.WAPatchName(name)]
	if col == nil {
		return 0, [128]byte{}, nil
	}
	return col.version, col.hash, nil
}

// DeleteAppStateVersion implements store.AppStateStore.
func (phoneMACStore) DeleteAppStateVersion(context.Context, string) error { return nil }

// PutAppStateMutationMACs implements store.AppStateStore.
func (phoneMACStore) PutAppStateMutationMACs(context.Context, string, uint64, []store.AppStateMutationMAC) error {
	return nil
}

// DeleteAppStateMutationMACs implements store.AppStateStore.
func (phoneMACStore) DeleteAppStateMutationMACs(context.Context, string, [][]byte) error { return nil }

// GetAppStateMutationMAC implements store.AppStateStore.
func (m phoneMACStore) GetAppStateMutationMAC(_ context.Context, name string, indexMAC []byte) ([]byte, error) {
	if col := m.st.cols[appstate.WAPatchName(name)]; col != nil {
		return col.values[string(indexMAC)], nil
	}
	return nil, nil
}
