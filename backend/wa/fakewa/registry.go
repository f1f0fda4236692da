package fakewa

import (
	"encoding/binary"
	"errors"
	"fmt"

	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/util/optional"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// companion is a linked device as the server knows it. Guarded by Server.mu.
type companion struct {
	jid, lid       types.JID
	phone          *Phone
	noisePub       [32]byte // the Noise static key it must log in with
	identityPub    [32]byte // its Signal identity key
	registrationID uint32
	signedPreKey   keys.PreKey // public half and signature only
	preKeys        []keys.PreKey
	removed        bool
	conn           *conn // live logged-in connection, if any
	deviceName     string
	props          []byte // the DeviceProps it registered with, as sent
}

// ErrUnknownDevice is returned for a JID that is not a registered companion.
var ErrUnknownDevice = errors.New("fakewa: unknown companion device")

// ErrNoPreKeys is returned when a companion has no one-time prekey left.
var ErrNoPreKeys = errors.New("fakewa: companion has no uploaded prekeys left")

// CompanionInfo describes a registered companion device.
type CompanionInfo struct {
	JID, LID       types.JID
	IdentityKey    [32]byte
	RegistrationID uint32
	PreKeys        int  // one-time prekeys uploaded and not yet used
	Removed        bool // unlinked by the phone or by its own logout
	Connected      bool // logged in right now
	// DeviceName is what the phone's Linked devices list shows: the OS name
	// in the DeviceProps the companion registered with.
	DeviceName string
	// DeviceProps is what the companion registered with at pairing (the
	// history sync config among them), decoded from its registration
	// payload; nil if it sent none that decodes.
	DeviceProps *waCompanionReg.DeviceProps
}

// Companion describes the companion device jid (its phone-number JID with
// device number).
func (s *Server) Companion(jid types.JID) (CompanionInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	comp := s.companions[jid]
	if comp == nil {
		return CompanionInfo{}, fmt.Errorf("%w: %s", ErrUnknownDevice, jid)
	}
	return CompanionInfo{
		JID: comp.jid, LID: comp.lid, IdentityKey: comp.identityPub, RegistrationID: comp.registrationID,
		PreKeys: len(comp.preKeys), Removed: comp.removed, Connected: comp.conn != nil, DeviceName: comp.deviceName,
		DeviceProps: decodeDeviceProps(comp.props),
	}, nil
}

// PopPreKeyBundle takes one uploaded one-time prekey of companion jid, as
// WhatsApp does for "encrypt get key", and returns the Signal bundle to start
// a session with it (e.g. for the phone's history-sync pkmsg).
func (s *Server) PopPreKeyBundle(jid types.JID) (*prekey.Bundle, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	comp := s.companions[jid]
	if comp == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownDevice, jid)
	}
	if len(comp.preKeys) == 0 || comp.signedPreKey.Pub == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoPreKeys, jid)
	}
	pk := comp.preKeys[0]
	comp.preKeys = comp.preKeys[1:]
	return prekey.NewBundle(comp.registrationID, uint32(comp.jid.Device),
		optional.NewOptionalUint32(pk.KeyID), comp.signedPreKey.KeyID,
		ecc.NewDjbECPublicKey(*pk.Pub), ecc.NewDjbECPublicKey(*comp.signedPreKey.Pub), *comp.signedPreKey.Signature,
		identity.NewKey(ecc.NewDjbECPublicKey(comp.identityPub))), nil
}

// SendNode sends node to companion jid over its live connection, e.g. a
// <message> or <notification> from the phone.
func (s *Server) SendNode(jid types.JID, node waBinary.Node) error {
	s.mu.Lock()
	comp := s.companions[jid]
	var c *conn
	if comp != nil {
		c = comp.conn
	}
	s.mu.Unlock()
	if comp == nil {
		return fmt.Errorf("%w: %s", ErrUnknownDevice, jid)
	}
	if c == nil {
		return fmt.Errorf("fakewa: companion %s is not connected", jid)
	}
	return c.send(node)
}

// NextID returns a fresh stanza id for nodes given to SendNode.
func (s *Server) NextID() string { return s.nextID() }

// parsePreKeyNode reads <key>/<skey> {id: 3 bytes, value: 32 bytes,
// signature: 64 bytes for skey}.
func parsePreKeyNode(node waBinary.Node) (keys.PreKey, error) {
	var pk keys.PreKey
	id, _ := node.GetChildByTag("id").Content.([]byte)
	val, _ := node.GetChildByTag("value").Content.([]byte)
	if len(id) != 3 || len(val) != 32 {
		return pk, fmt.Errorf("prekey node with %d-byte id and %d-byte value", len(id), len(val))
	}
	pk.KeyID = binary.BigEndian.Uint32(append([]byte{0}, id...))
	pk.Pub = (*[32]byte)(val)
	if node.Tag == "skey" {
		sig, _ := node.GetChildByTag("signature").Content.([]byte)
		if len(sig) != 64 {
			return pk, fmt.Errorf("signed prekey with %d-byte signature", len(sig))
		}
		pk.Signature = (*[64]byte)(sig)
	}
	return pk, nil
}

// decodeDeviceProps decodes a registration's DeviceProps; nil if it cannot.
func decodeDeviceProps(raw []byte) *waCompanionReg.DeviceProps {
	if len(raw) == 0 {
		return nil
	}
	var props waCompanionReg.DeviceProps
	if proto.Unmarshal(raw, &props) != nil {
		return nil
	}
	return &props
}
