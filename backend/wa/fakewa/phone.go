package fakewa

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"go.mau.fi/libsignal/ecc"
	"google.golang.org/protobuf/proto"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// ADV signature prefixes, as whatsmeow's pair.go verifies them.
var (
	advAccountSigPrefix = []byte{6, 0}
	advDeviceSigPrefix  = []byte{6, 1}
)

// ErrUnknownRef means a scanned QR code's ref was never issued or its
// connection is gone (the QR expired).
var ErrUnknownRef = errors.New("fakewa: QR ref unknown or expired")

// PhoneConfig describes a primary phone. The zero value gets a random number,
// LID and identity key.
type PhoneConfig struct {
	// Number is the phone number (JID user part), digits only.
	Number string
	// LIDUser is the account's LID user part, digits only.
	LIDUser string
	// Identity is the phone's Signal identity key, which is also its ADV
	// account signature key. To let the phone encrypt messages later, pass
	// the IdentityKey of a whatsmeow store.Device that holds its Signal state.
	Identity *keys.KeyPair
	// Platform is the pair-success platform name (default "android").
	Platform string
}

// Phone is an account's primary device: it links companions by QR code or
// pairing code and can unlink them.
type Phone struct {
	srv      *Server
	jid, lid types.JID
	identity *keys.KeyPair
	platform string
	devices  uint16        // last device number handed out; guarded by srv.mu
	out      outbox        // Signal state and pending deliveries (deliver.go)
	od       onDemand      // on-demand history requests and answers (ondemand.go)
	appState phoneAppState // app-state sync key and patches (appstate.go)
	groups   phoneGroups   // groups it is in (groups.go)
}

// NewPhone registers an account on the server.
func (s *Server) NewPhone(cfg PhoneConfig) (*Phone, error) {
	if cfg.Number == "" {
		cfg.Number = "1555" + randomDigits(7)
	}
	if cfg.LIDUser == "" {
		cfg.LIDUser = "1" + randomDigits(14)
	}
	if cfg.Identity == nil {
		cfg.Identity = keys.NewKeyPair()
	}
	if cfg.Platform == "" {
		cfg.Platform = "android"
	}
	if strings.Trim(cfg.Number, "0123456789") != "" || strings.Trim(cfg.LIDUser, "0123456789") != "" {
		return nil, fmt.Errorf("fakewa: phone number %q and LID %q must be digits", cfg.Number, cfg.LIDUser)
	}
	p := &Phone{
		srv:      s,
		jid:      types.NewJID(cfg.Number, types.DefaultUserServer),
		lid:      types.NewJID(cfg.LIDUser, types.HiddenUserServer),
		identity: cfg.Identity,
		platform: cfg.Platform,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.phones[cfg.Number] != nil {
		return nil, fmt.Errorf("fakewa: phone %s already exists", cfg.Number)
	}
	s.phones[cfg.Number] = p
	return p, nil
}

// JID is the phone's own JID (device 0).
func (p *Phone) JID() types.JID { return p.jid }

// LID is the account's LID (device 0).
func (p *Phone) LID() types.JID { return p.lid }

// Number is the phone number, the form PairPhone takes.
func (p *Phone) Number() string { return p.jid.User }

// IdentityKey is the phone's Signal identity / ADV account key pair.
func (p *Phone) IdentityKey() *keys.KeyPair { return p.identity }

// Companions lists the phone's linked (not removed) companion devices.
func (p *Phone) Companions() []types.JID {
	p.srv.mu.Lock()
	defer p.srv.mu.Unlock()
	var out []types.JID
	for jid, comp := range p.srv.companions {
		if comp.phone == p && !comp.removed {
			out = append(out, jid)
		}
	}
	slices.SortFunc(out, func(a, b types.JID) int { return int(a.Device) - int(b.Device) })
	return out
}

// ScanQR links the companion showing code, a QR string from events.QR
// ("ref,noisePub,identityPub,advSecret"). It returns once the client has
// accepted the pair-success and the server has sent stream error 515; the
// client then reconnects and logs in by itself (events.PairSuccess, then
// events.Connected).
func (p *Phone) ScanQR(ctx context.Context, code string) error {
	parts := strings.Split(code, ",")
	if len(parts) != 4 {
		return fmt.Errorf("fakewa: QR code has %d comma-separated parts, want 4", len(parts))
	}
	var keyParts [3][]byte
	for i, part := range parts[1:] {
		b, err := base64.StdEncoding.DecodeString(part)
		if err != nil || len(b) != 32 {
			return fmt.Errorf("fakewa: QR code part %d is not a base64 32-byte key", i+2)
		}
		keyParts[i] = b
	}
	noisePub, identityPub, advSecret := keyParts[0], keyParts[1], keyParts[2]
	p.srv.mu.Lock()
	c := p.srv.refs[parts[0]]
	p.srv.mu.Unlock()
	if c == nil {
		return ErrUnknownRef
	}
	if !bytes.Equal(noisePub, c.clientStatic[:]) {
		return errors.New("fakewa: QR noise key differs from the connection's Noise static key")
	}
	if !bytes.Equal(identityPub, c.payload.GetDevicePairingData().GetEIdent()) {
		return errors.New("fakewa: QR identity key differs from the registration payload")
	}
	return p.completePairing(ctx, c, advSecret, [32]byte(identityPub))
}

// completePairing sends pair-success with an ADV identity signed by the
// phone, checks the client's pair-device-sign, registers the companion and
// sends stream error 515.
func (p *Phone) completePairing(ctx context.Context, c *conn, advSecret []byte, companionIdentity [32]byte) error {
	c.mu.Lock()
	already := c.paired
	c.mu.Unlock()
	if already {
		return errors.New("fakewa: this connection already paired")
	}
	p.srv.mu.Lock()
	p.devices++
	dev := p.devices
	p.srv.mu.Unlock()
	jid := types.JID{User: p.jid.User, Device: dev, Server: types.DefaultUserServer}
	lid := types.JID{User: p.lid.User, Device: dev, Server: types.HiddenUserServer}

	container, details, err := p.signDeviceIdentity(advSecret, companionIdentity, uint32(dev))
	if err != nil {
		return err
	}
	resp, err := c.sendIQ(ctx, waBinary.Node{
		Tag:   "iq",
		Attrs: waBinary.Attrs{"type": "set", "xmlns": "md", "from": types.ServerJID},
		Content: []waBinary.Node{{Tag: "pair-success", Content: []waBinary.Node{
			{Tag: "device-identity", Attrs: waBinary.Attrs{"key-index": int(dev)}, Content: container},
			{Tag: "platform", Attrs: waBinary.Attrs{"name": p.platform}},
			{Tag: "device", Attrs: waBinary.Attrs{"jid": jid, "lid": lid}},
		}}},
	})
	if err != nil {
		return fmt.Errorf("fakewa: pair-success: %w", err)
	}
	if typ, _ := resp.Attrs["type"].(string); typ != "result" {
		return fmt.Errorf("fakewa: companion refused pairing: %s", resp.XMLString())
	}
	signed, _ := resp.GetChildByTag("pair-device-sign", "device-identity").Content.([]byte)
	if err := p.checkDeviceSignature(signed, details, companionIdentity); err != nil {
		return err
	}
	reg := c.payload.GetDevicePairingData()
	spk, err := registrationSignedPreKey(reg.GetESkeyID(), reg.GetESkeyVal(), reg.GetESkeySig())
	if err != nil {
		return err
	}
	if len(reg.GetERegid()) != 4 {
		return errors.New("fakewa: registration payload has a malformed registration id")
	}
	p.srv.mu.Lock()
	p.srv.companions[jid] = &companion{
		jid: jid, lid: lid, phone: p, noisePub: c.clientStatic, identityPub: companionIdentity,
		registrationID: binary.BigEndian.Uint32(reg.GetERegid()),
		signedPreKey:   spk,
		deviceName:     deviceName(reg.GetDeviceProps()),
		props:          reg.GetDeviceProps(),
	}
	for _, ref := range c.refs {
		delete(p.srv.refs, ref)
	}
	c.refs = nil
	p.srv.mu.Unlock()
	c.mu.Lock()
	c.paired = true
	if c.pairTimer != nil {
		c.pairTimer.Stop()
	}
	c.mu.Unlock()
	// whatsmeow answers 515 by disconnecting and logging in with the new ID.
	if err := c.send(streamErrorNode("515", "")); err != nil {
		return fmt.Errorf("fakewa: send 515 after pairing: %w", err)
	}
	return nil
}

// signDeviceIdentity builds the ADVSignedDeviceIdentityHMAC for a new
// companion and returns it with the raw ADVDeviceIdentity details.
func (p *Phone) signDeviceIdentity(advSecret []byte, companionIdentity [32]byte, keyIndex uint32) (container, details []byte, err error) {
	rawID, _ := rand.Int(rand.Reader, big.NewInt(1<<31))
	details, err = proto.Marshal(&waAdv.ADVDeviceIdentity{
		RawID:       proto.Uint32(uint32(rawID.Int64())),
		Timestamp:   proto.Uint64(uint64(time.Now().Unix())),
		KeyIndex:    proto.Uint32(keyIndex),
		AccountType: waAdv.ADVEncryptionType_E2EE.Enum(),
		DeviceType:  waAdv.ADVEncryptionType_E2EE.Enum(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: marshal device identity: %w", err)
	}
	msg := slices.Concat(advAccountSigPrefix, details, companionIdentity[:])
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*p.identity.Priv), msg)
	signed, err := proto.Marshal(&waAdv.ADVSignedDeviceIdentity{
		Details:             details,
		AccountSignatureKey: p.identity.Pub[:],
		AccountSignature:    sig[:],
	})
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: marshal signed identity: %w", err)
	}
	mac := hmac.New(sha256.New, advSecret)
	mac.Write(signed)
	container, err = proto.Marshal(&waAdv.ADVSignedDeviceIdentityHMAC{
		Details:     signed,
		HMAC:        mac.Sum(nil),
		AccountType: waAdv.ADVEncryptionType_E2EE.Enum(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: marshal identity container: %w", err)
	}
	return container, details, nil
}

// checkDeviceSignature verifies the companion's pair-device-sign: the same
// details, signed by the companion over details, its key and the phone's key.
func (p *Phone) checkDeviceSignature(signed, details []byte, companionIdentity [32]byte) error {
	var ident waAdv.ADVSignedDeviceIdentity
	if err := proto.Unmarshal(signed, &ident); err != nil {
		return fmt.Errorf("fakewa: pair-device-sign identity: %w", err)
	}
	if !bytes.Equal(ident.GetDetails(), details) || len(ident.GetDeviceSignature()) != 64 {
		return errors.New("fakewa: pair-device-sign identity does not match pair-success")
	}
	msg := slices.Concat(advDeviceSigPrefix, details, companionIdentity[:], p.identity.Pub[:])
	if !ecc.VerifySignature(ecc.NewDjbECPublicKey(companionIdentity), msg, [64]byte(ident.GetDeviceSignature())) {
		return errors.New("fakewa: pair-device-sign device signature is invalid")
	}
	return nil
}

// RemoveCompanion unlinks companion jid from the phone: a connected client
// gets <stream:error code=401><conflict type=device_removed/> and is
// disconnected (whatsmeow: events.LoggedOut, then it deletes its store); a
// later login gets <failure reason=401>. It returns once the client has
// handled the removal (whatsmeow has deleted its device by then); the server
// closes the connection when the client does, or 2 s later.
func (p *Phone) RemoveCompanion(ctx context.Context, jid types.JID) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fakewa: remove companion: %w", err)
	}
	p.srv.mu.Lock()
	comp := p.srv.companions[jid]
	if comp == nil || comp.phone != p {
		p.srv.mu.Unlock()
		return fmt.Errorf("%w: %s is not a companion of %s", ErrUnknownDevice, jid, p.jid)
	}
	comp.removed = true
	c := comp.conn
	comp.conn = nil
	p.srv.mu.Unlock()
	if c != nil {
		select {
		case <-c.sendFinal(streamErrorNode("401", "device_removed")):
		case <-ctx.Done():
			return fmt.Errorf("fakewa: remove companion: %w", ctx.Err())
		}
	}
	return nil
}

func registrationSignedPreKey(id, val, sig []byte) (keys.PreKey, error) {
	if len(id) != 3 || len(val) != 32 || len(sig) != 64 {
		return keys.PreKey{}, errors.New("fakewa: registration payload has a malformed signed prekey")
	}
	return keys.PreKey{
		KeyPair:   keys.KeyPair{Pub: (*[32]byte)(bytes.Clone(val))},
		KeyID:     binary.BigEndian.Uint32(append([]byte{0}, id...)),
		Signature: (*[64]byte)(bytes.Clone(sig)),
	}, nil
}

func randomDigits(n int) string {
	var b strings.Builder
	for range n {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}
