package fakewa

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/curve25519"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// Pair-code pairing (whatsmeow's PairPhone), phone and server side:
//  1. client: md set link_code_companion_reg stage=companion_hello with its
//     ephemeral key wrapped by the 8-character code; server answers a ref.
//  2. phone (EnterPairCode): unwraps it with the code the user typed, sends a
//     link_code_companion_reg notification with its own wrapped ephemeral key
//     and identity key.
//  3. client: stage=companion_finish with a key bundle encrypted under the
//     ephemeral DH secret; the phone decrypts it (a wrong code fails here),
//     derives the ADV secret and sends pair-success as for a QR scan.

// linkCodeIterations is whatsmeow's PBKDF2 round count (2<<16).
const linkCodeIterations = 2 << 16

// ErrWrongPairCode means the code entered on the phone is not the one the
// companion displayed.
var ErrWrongPairCode = errors.New("fakewa: wrong pairing code")

// ErrNoPairCodeRequest means no client asked to pair with this phone number.
var ErrNoPairCodeRequest = errors.New("fakewa: no pending pair-code request for this phone")

// codePairing is a companion_hello waiting for the phone. Guarded by Server.mu
// except finish, which is a channel.
type codePairing struct {
	c          *conn
	ref        string
	wrappedEph []byte // salt(32) | iv(16) | AES-CTR(companion ephemeral pub)(32)
	finish     chan codeFinish
}

// codeFinish is what the client sent with stage=companion_finish.
type codeFinish struct {
	wrappedBundle []byte // salt(32) | nonce(12) | AES-GCM(key bundle)
	identityPub   []byte
}

// iqLinkCode answers md set <link_code_companion_reg stage=...>.
func (s *Server) iqLinkCode(c *conn, iq *waBinary.Node) ([]waBinary.Node, error) {
	reg := iq.GetChildByTag("link_code_companion_reg")
	jid, _ := reg.Attrs["jid"].(types.JID)
	stage, _ := reg.Attrs["stage"].(string)
	bytesOf := func(tag string) []byte { b, _ := reg.GetChildByTag(tag).Content.([]byte); return b }
	bad := &iqError{Code: 400, Text: "bad-request"}
	switch stage {
	case "companion_hello":
		wrapped := bytesOf("link_code_pairing_wrapped_companion_ephemeral_pub")
		if len(wrapped) != 80 || !bytes.Equal(bytesOf("companion_server_auth_key_pub"), c.clientStatic[:]) {
			return nil, bad
		}
		ref := newRef()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.phones[jid.User] == nil {
			return nil, &iqError{Code: 404, Text: "not-found"}
		}
		s.codePairings[jid.User] = &codePairing{c: c, ref: ref, wrappedEph: wrapped, finish: make(chan codeFinish, 1)}
		return []waBinary.Node{{Tag: "link_code_companion_reg", Content: []waBinary.Node{
			{Tag: "link_code_pairing_ref", Content: []byte(ref)},
		}}}, nil
	case "companion_finish":
		s.mu.Lock()
		cp := s.codePairings[jid.User]
		s.mu.Unlock()
		if cp == nil || cp.c != c {
			return nil, &iqError{Code: 404, Text: "not-found"}
		}
		fin := codeFinish{wrappedBundle: bytesOf("link_code_pairing_wrapped_key_bundle"), identityPub: bytesOf("companion_identity_public")}
		if string(bytesOf("link_code_pairing_ref")) != cp.ref || len(fin.identityPub) != 32 || len(fin.wrappedBundle) < 44 {
			return nil, bad
		}
		select {
		case cp.finish <- fin:
		default:
			return nil, &iqError{Code: 409, Text: "conflict"}
		}
		return nil, nil
	default:
		s.journal.addUnhandled("md set link_code_companion_reg stage=" + stage + ": " + truncate(iq.XMLString(), 400))
		return nil, &iqError{Code: 501, Text: "feature-not-implemented"}
	}
}

// EnterPairCode types code (as PairPhone returned it, "ABCD-EFGH") on the
// phone and completes the pairing; like ScanQR it returns once the server has
// sent stream error 515. A code that differs from the companion's gives
// ErrWrongPairCode, and the companion can still be paired with the right one.
func (p *Phone) EnterPairCode(ctx context.Context, code string) error {
	code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
	if len(code) != 8 {
		return fmt.Errorf("fakewa: pairing code must be 8 characters, got %d", len(code))
	}
	p.srv.mu.Lock()
	cp := p.srv.codePairings[p.jid.User]
	p.srv.mu.Unlock()
	if cp == nil {
		return fmt.Errorf("%w %s", ErrNoPairCodeRequest, p.jid.User)
	}
	select { // drop a finish left over from an earlier wrong attempt
	case <-cp.finish:
	default:
	}
	companionEph, err := linkCodeCrypt(code, cp.wrappedEph[:32], cp.wrappedEph[32:48], cp.wrappedEph[48:80])
	if err != nil {
		return err
	}
	primaryEph := keys.NewKeyPair()
	salt, iv := make([]byte, 32), make([]byte, 16)
	_, _ = rand.Read(salt)
	_, _ = rand.Read(iv)
	wrappedPub, err := linkCodeCrypt(code, salt, iv, primaryEph.Pub[:])
	if err != nil {
		return err
	}
	err = cp.c.send(waBinary.Node{
		Tag: "notification",
		Attrs: waBinary.Attrs{
			"from": types.ServerJID, "type": "link_code_companion_reg", "id": p.srv.nextID(),
			"t": strconv.FormatInt(time.Now().Unix(), 10),
		},
		Content: []waBinary.Node{{Tag: "link_code_companion_reg", Content: []waBinary.Node{
			{Tag: "link_code_pairing_ref", Content: []byte(cp.ref)},
			{Tag: "link_code_pairing_wrapped_primary_ephemeral_pub", Content: slices.Concat(salt, iv, wrappedPub)},
			{Tag: "primary_identity_pub", Content: p.identity.Pub[:]},
		}}},
	})
	if err != nil {
		return err
	}
	var fin codeFinish
	select {
	case fin = <-cp.finish:
	case <-ctx.Done():
		return fmt.Errorf("fakewa: waiting for companion_finish: %w", ctx.Err())
	case <-cp.c.ctx.Done():
		return errConnClosed
	}
	advSecret, companionIdentity, err := p.openKeyBundle(primaryEph, companionEph, fin)
	if err != nil {
		return err
	}
	return p.completePairing(ctx, cp.c, advSecret, companionIdentity)
}

// openKeyBundle decrypts the companion's key bundle (its identity key, ours,
// and 32 random bytes) and derives the ADV secret the way the companion did.
func (p *Phone) openKeyBundle(primaryEph *keys.KeyPair, companionEph []byte, fin codeFinish) ([]byte, [32]byte, error) {
	var companionIdentity [32]byte
	ephShared, err := curve25519.X25519(primaryEph.Priv[:], companionEph)
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("%w (ephemeral DH: %v)", ErrWrongPairCode, err)
	}
	bundleSalt, nonce, sealed := fin.wrappedBundle[:32], fin.wrappedBundle[32:44], fin.wrappedBundle[44:]
	bundleKey, err := hkdf.Key(sha256.New, ephShared, bundleSalt, "link_code_pairing_key_bundle_encryption_key", 32)
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("fakewa: key bundle key: %w", err)
	}
	block, err := aes.NewCipher(bundleKey)
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("fakewa: key bundle cipher: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("fakewa: key bundle cipher: %w", err)
	}
	bundle, err := gcm.Open(nil, nonce, sealed, nil)
	if err != nil {
		return nil, companionIdentity, ErrWrongPairCode
	}
	if len(bundle) != 96 || !bytes.Equal(bundle[32:64], p.identity.Pub[:]) || !bytes.Equal(bundle[:32], fin.identityPub) {
		return nil, companionIdentity, errors.New("fakewa: companion key bundle does not match")
	}
	companionIdentity = [32]byte(bundle[:32])
	identityShared, err := curve25519.X25519(p.identity.Priv[:], bundle[:32])
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("fakewa: identity DH: %w", err)
	}
	advSecret, err := hkdf.Key(sha256.New, slices.Concat(ephShared, identityShared, bundle[64:96]), nil, "adv_secret", 32)
	if err != nil {
		return nil, companionIdentity, fmt.Errorf("fakewa: adv secret: %w", err)
	}
	return advSecret, companionIdentity, nil
}

// linkCodeCrypt XORs data with AES-256-CTR(iv) under PBKDF2-SHA256(code,
// salt); it both wraps and unwraps an ephemeral key.
func linkCodeCrypt(code string, salt, iv, data []byte) ([]byte, error) {
	key, err := pbkdf2.Key(sha256.New, code, salt, linkCodeIterations, 32)
	if err != nil {
		return nil, fmt.Errorf("fakewa: link code key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("fakewa: link code cipher: %w", err)
	}
	out := make([]byte, len(data))
	cipher.NewCTR(block, iv).XORKeyStream(out, data)
	return out, nil
}
