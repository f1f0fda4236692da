package fakewa

import (
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"

	"go.mau.fi/whatsmeow/socket"
	"go.mau.fi/whatsmeow/util/gcmutil"
)

// noiseState is the responder side of WhatsApp's Noise_XX_25519_AESGCM_SHA256
// handshake. It mirrors socket.NoiseHandshake, which cannot be finished on the
// server side (its chaining key is unexported and Finish builds a client).
type noiseState struct {
	hash    []byte
	salt    []byte
	key     cipher.AEAD
	counter uint32
}

func newNoiseState(header []byte) (*noiseState, error) {
	pattern := []byte(socket.NoiseStartPattern)
	ns := &noiseState{}
	if len(pattern) == 32 {
		ns.hash = pattern
	} else {
		h := sha256.Sum256(pattern)
		ns.hash = h[:]
	}
	ns.salt = ns.hash
	key, err := gcmutil.Prepare(ns.hash)
	if err != nil {
		return nil, fmt.Errorf("noise start: %w", err)
	}
	ns.key = key
	ns.authenticate(header)
	return ns, nil
}

func (ns *noiseState) authenticate(data []byte) {
	h := sha256.New()
	h.Write(ns.hash)
	h.Write(data)
	ns.hash = h.Sum(nil)
}

func (ns *noiseState) nextIV() []byte {
	iv := counterIV(ns.counter)
	ns.counter++
	return iv
}

func (ns *noiseState) encrypt(plaintext []byte) []byte {
	ct := ns.key.Seal(nil, ns.nextIV(), plaintext, ns.hash)
	ns.authenticate(ct)
	return ct
}

func (ns *noiseState) decrypt(ciphertext []byte) ([]byte, error) {
	pt, err := ns.key.Open(nil, ns.nextIV(), ciphertext, ns.hash)
	if err != nil {
		return nil, fmt.Errorf("noise decrypt: %w", err)
	}
	ns.authenticate(ciphertext)
	return pt, nil
}

// mixDH mixes the X25519 shared secret of priv and pub into the key.
func (ns *noiseState) mixDH(priv, pub *[32]byte) error {
	secret, err := curve25519.X25519(priv[:], pub[:])
	if err != nil {
		return fmt.Errorf("noise dh: %w", err)
	}
	write, read, err := expand(ns.salt, secret)
	if err != nil {
		return err
	}
	ns.salt = write
	ns.counter = 0
	if ns.key, err = gcmutil.Prepare(read); err != nil {
		return fmt.Errorf("noise mix: %w", err)
	}
	return nil
}

// split derives the transport keys. The client writes with the first and
// reads with the second, so the server does the opposite.
func (ns *noiseState) split() (read, write *transportCipher, err error) {
	first, second, err := expand(ns.salt, nil)
	if err != nil {
		return nil, nil, err
	}
	r, err := gcmutil.Prepare(first)
	if err != nil {
		return nil, nil, fmt.Errorf("noise split: %w", err)
	}
	w, err := gcmutil.Prepare(second)
	if err != nil {
		return nil, nil, fmt.Errorf("noise split: %w", err)
	}
	return &transportCipher{aead: r}, &transportCipher{aead: w}, nil
}

func expand(salt, data []byte) (first, second []byte, err error) {
	h := hkdf.New(sha256.New, data, salt, nil)
	first, second = make([]byte, 32), make([]byte, 32)
	if _, err = io.ReadFull(h, first); err == nil {
		_, err = io.ReadFull(h, second)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("noise hkdf: %w", err)
	}
	return first, second, nil
}

// counterIV is the 12-byte AES-GCM nonce: zeros, then a big-endian counter.
func counterIV(n uint32) []byte {
	iv := make([]byte, 12)
	binary.BigEndian.PutUint32(iv[8:], n)
	return iv
}

// transportCipher encrypts one direction of an established connection; its
// counter counts frames in that direction. Callers serialise access.
type transportCipher struct {
	aead    cipher.AEAD
	counter uint32
}

func (tc *transportCipher) seal(plaintext []byte) []byte {
	ct := tc.aead.Seal(nil, counterIV(tc.counter), plaintext, nil)
	tc.counter++
	return ct
}

func (tc *transportCipher) open(ciphertext []byte) ([]byte, error) {
	pt, err := tc.aead.Open(nil, counterIV(tc.counter), ciphertext, nil)
	tc.counter++
	if err != nil {
		return nil, fmt.Errorf("decrypt frame %d: %w", tc.counter-1, err)
	}
	return pt, nil
}
