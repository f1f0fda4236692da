package fakewa

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"go.mau.fi/libsignal/ecc"
	groupRecord "go.mau.fi/libsignal/groups/state/record"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/logger"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/serialize"
	"go.mau.fi/libsignal/state/record"

	"go.mau.fi/whatsmeow/util/keys"
)

// signalSerializer is the protobuf serializer whatsmeow uses for Signal
// records and messages.
var signalSerializer = serialize.NewProtoBufSerializer()

func init() {
	// libsignal installs its default logger lazily, without a lock, on first
	// use; fakewa encrypts while whatsmeow clients decrypt in the same
	// process, so install it before any goroutine can race on it.
	logger.Debug()
}

// errNoRecord is returned when a prekey or signed prekey is not stored.
var errNoRecord = errors.New("fakewa: signal record not found")

// signalStore is an in-memory libsignal SignalProtocol store: the Signal
// state of one sender identity (the phone itself, or a contact whose
// messages the fake delivers). Records are kept serialized, as whatsmeow's
// sqlstore keeps them, so libsignal never shares mutable state between calls.
type signalStore struct {
	identity *identity.KeyPair
	regID    uint32

	mu            sync.Mutex
	identities    map[string][32]byte
	sessions      map[string][]byte
	preKeys       map[uint32][]byte
	signedPreKeys map[uint32][]byte
	senderKeys    map[string][]byte
}

// newSignalStore makes the state of a sender with key pair kp (a fresh one
// if nil) and a random registration id.
func newSignalStore(kp *keys.KeyPair) *signalStore {
	if kp == nil {
		kp = keys.NewKeyPair()
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &signalStore{
		identity: identity.NewKeyPair(
			identity.NewKey(ecc.NewDjbECPublicKey(*kp.Pub)), ecc.NewDjbECPrivateKey(*kp.Priv)),
		regID:         binary.BigEndian.Uint32(b[:])%16380 + 1,
		identities:    map[string][32]byte{},
		sessions:      map[string][]byte{},
		preKeys:       map[uint32][]byte{},
		signedPreKeys: map[uint32][]byte{},
		senderKeys:    map[string][]byte{},
	}
}

// GetIdentityKeyPair implements store.IdentityKey.
func (s *signalStore) GetIdentityKeyPair() *identity.KeyPair { return s.identity }

// GetLocalRegistrationID implements store.IdentityKey.
func (s *signalStore) GetLocalRegistrationID() uint32 { return s.regID }

// SaveIdentity implements store.IdentityKey.
func (s *signalStore) SaveIdentity(_ context.Context, addr *protocol.SignalAddress, key *identity.Key) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.identities[addr.String()] = key.PublicKey().PublicKey()
	return nil
}

// IsTrustedIdentity implements store.IdentityKey: trust on first use.
func (s *signalStore) IsTrustedIdentity(_ context.Context, addr *protocol.SignalAddress, key *identity.Key) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	known, ok := s.identities[addr.String()]
	return !ok || known == key.PublicKey().PublicKey(), nil
}

// LoadPreKey implements store.PreKey.
func (s *signalStore) LoadPreKey(_ context.Context, id uint32) (*record.PreKey, error) {
	s.mu.Lock()
	raw, ok := s.preKeys[id]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: prekey %d", errNoRecord, id)
	}
	pk, err := record.NewPreKeyFromBytes(raw, signalSerializer.PreKeyRecord)
	if err != nil {
		return nil, fmt.Errorf("fakewa: decode prekey %d: %w", id, err)
	}
	return pk, nil
}

// StorePreKey implements store.PreKey.
func (s *signalStore) StorePreKey(_ context.Context, id uint32, pk *record.PreKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.preKeys[id] = pk.Serialize()
	return nil
}

// ContainsPreKey implements store.PreKey.
func (s *signalStore) ContainsPreKey(_ context.Context, id uint32) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.preKeys[id]
	return ok, nil
}

// RemovePreKey implements store.PreKey.
func (s *signalStore) RemovePreKey(_ context.Context, id uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.preKeys, id)
	return nil
}

// LoadSignedPreKey implements store.SignedPreKey.
func (s *signalStore) LoadSignedPreKey(_ context.Context, id uint32) (*record.SignedPreKey, error) {
	s.mu.Lock()
	raw, ok := s.signedPreKeys[id]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: signed prekey %d", errNoRecord, id)
	}
	spk, err := record.NewSignedPreKeyFromBytes(raw, signalSerializer.SignedPreKeyRecord)
	if err != nil {
		return nil, fmt.Errorf("fakewa: decode signed prekey %d: %w", id, err)
	}
	return spk, nil
}

// LoadSignedPreKeys implements store.SignedPreKey.
func (s *signalStore) LoadSignedPreKeys(ctx context.Context) ([]*record.SignedPreKey, error) {
	s.mu.Lock()
	ids := make([]uint32, 0, len(s.signedPreKeys))
	for id := range s.signedPreKeys {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	out := make([]*record.SignedPreKey, 0, len(ids))
	for _, id := range ids {
		spk, err := s.LoadSignedPreKey(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, spk)
	}
	return out, nil
}

// StoreSignedPreKey implements store.SignedPreKey.
func (s *signalStore) StoreSignedPreKey(_ context.Context, id uint32, spk *record.SignedPreKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedPreKeys[id] = spk.Serialize()
	return nil
}

// ContainsSignedPreKey implements store.SignedPreKey.
func (s *signalStore) ContainsSignedPreKey(_ context.Context, id uint32) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.signedPreKeys[id]
	return ok, nil
}

// RemoveSignedPreKey implements store.SignedPreKey.
func (s *signalStore) RemoveSignedPreKey(_ context.Context, id uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.signedPreKeys, id)
	return nil
}

// LoadSession implements store.Session; an unknown address gets a fresh
// record.
func (s *signalStore) LoadSession(_ context.Context, addr *protocol.SignalAddress) (*record.Session, error) {
	s.mu.Lock()
	raw, ok := s.sessions[addr.String()]
	s.mu.Unlock()
	if !ok {
		return record.NewSession(signalSerializer.Session, signalSerializer.State), nil
	}
	sess, err := record.NewSessionFromBytes(raw, signalSerializer.Session, signalSerializer.State)
	if err != nil {
		return nil, fmt.Errorf("fakewa: decode session with %s: %w", addr, err)
	}
	return sess, nil
}

// GetSubDeviceSessions implements store.Session (not needed by the fake).
func (s *signalStore) GetSubDeviceSessions(context.Context, string) ([]uint32, error) {
	return nil, nil
}

// StoreSession implements store.Session.
func (s *signalStore) StoreSession(_ context.Context, addr *protocol.SignalAddress, sess *record.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[addr.String()] = sess.Serialize()
	return nil
}

// ContainsSession implements store.Session.
func (s *signalStore) ContainsSession(_ context.Context, addr *protocol.SignalAddress) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.sessions[addr.String()]
	return ok, nil
}

// DeleteSession implements store.Session.
func (s *signalStore) DeleteSession(_ context.Context, addr *protocol.SignalAddress) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, addr.String())
	return nil
}

// DeleteAllSessions implements store.Session.
func (s *signalStore) DeleteAllSessions(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.sessions)
	return nil
}

// StoreSenderKey implements groups store.SenderKey.
func (s *signalStore) StoreSenderKey(_ context.Context, name *protocol.SenderKeyName, rec *groupRecord.SenderKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.senderKeys[senderKeyID(name)] = rec.Serialize()
	return nil
}

// LoadSenderKey implements groups store.SenderKey; an unknown name gets an
// empty record.
func (s *signalStore) LoadSenderKey(_ context.Context, name *protocol.SenderKeyName) (*groupRecord.SenderKey, error) {
	s.mu.Lock()
	raw, ok := s.senderKeys[senderKeyID(name)]
	s.mu.Unlock()
	if !ok {
		return groupRecord.NewSenderKey(signalSerializer.SenderKeyRecord, signalSerializer.SenderKeyState), nil
	}
	rec, err := groupRecord.NewSenderKeyFromBytes(raw, signalSerializer.SenderKeyRecord, signalSerializer.SenderKeyState)
	if err != nil {
		return nil, fmt.Errorf("fakewa: decode sender key %s: %w", senderKeyID(name), err)
	}
	return rec, nil
}

func senderKeyID(name *protocol.SenderKeyName) string {
	return name.GroupID() + "|" + name.Sender().String()
}

// ackPreKey marks the session with addr as established on the other side,
// so later messages are plain `msg`. A real sender does this when it first
// receives a message on the session; the fake does it once the companion
// has acknowledged decrypting a pkmsg, which proves the same.
func (s *signalStore) ackPreKey(ctx context.Context, addr *protocol.SignalAddress) error {
	sess, err := s.LoadSession(ctx, addr)
	if err != nil {
		return err
	}
	if sess.IsFresh() {
		return nil
	}
	sess.SessionState().ClearUnackPreKeyMessage()
	return s.StoreSession(ctx, addr, sess)
}
