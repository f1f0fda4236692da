package fakewa

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"go.mau.fi/libsignal/ecc"
	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waCert"
	"go.mau.fi/whatsmeow/util/keys"
)

// testRootSeed derives the default test root key. Every Server in a process
// uses the same root unless configured otherwise, because whatsmeow reads the
// root from one process-wide variable (whatsmeow.WACertPubKey).
const testRootSeed = "wasync fakewa noise certificate test root v1"

// TestRootKey returns the deterministic Curve25519 key pair that signs every
// Server's Noise certificate chain by default. It is a test key, never a secret.
func TestRootKey() *keys.KeyPair {
	priv := sha256.Sum256([]byte(testRootSeed))
	priv[0] &= 248
	priv[31] &= 127
	priv[31] |= 64
	return keys.NewKeyPairFromPrivateKey(priv)
}

// TestRootKeyHex is the public half of TestRootKey in hex, the value for
// wa.InstallRootKey and WASYNC_WA_ROOT_KEY.
func TestRootKeyHex() string {
	return hex.EncodeToString(TestRootKey().Pub[:])
}

// buildCertChain makes the chain whatsmeow's verifyServerCert accepts: an
// intermediate {serial 1, issuer 0, key} signed by root and a leaf
// {serial 2, issuer 1, key = server static key} signed by the intermediate.
func buildCertChain(root *keys.KeyPair, serverStatic [32]byte) ([]byte, error) {
	intermediate := keys.NewKeyPair()
	interDetails, err := proto.Marshal(&waCert.CertChain_NoiseCertificate_Details{
		Serial:       proto.Uint32(1),
		IssuerSerial: proto.Uint32(0),
		Key:          intermediate.Pub[:],
	})
	if err != nil {
		return nil, fmt.Errorf("marshal intermediate details: %w", err)
	}
	leafDetails, err := proto.Marshal(&waCert.CertChain_NoiseCertificate_Details{
		Serial:       proto.Uint32(2),
		IssuerSerial: proto.Uint32(1),
		Key:          serverStatic[:],
	})
	if err != nil {
		return nil, fmt.Errorf("marshal leaf details: %w", err)
	}
	interSig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*root.Priv), interDetails)
	leafSig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*intermediate.Priv), leafDetails)
	chain, err := proto.Marshal(&waCert.CertChain{
		Intermediate: &waCert.CertChain_NoiseCertificate{Details: interDetails, Signature: interSig[:]},
		Leaf:         &waCert.CertChain_NoiseCertificate{Details: leafDetails, Signature: leafSig[:]},
	})
	if err != nil {
		return nil, fmt.Errorf("marshal cert chain: %w", err)
	}
	return chain, nil
}
