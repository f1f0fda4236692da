package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// SecretPrefix starts Standard Webhooks secrets: whsec_ then the base64 of
// the HMAC key.
const SecretPrefix = "whsec_"

// secretBytes is the size of a generated key (Standard Webhooks: 24 to 64).
const secretBytes = 32

// Limits on a secret the user chooses.
const (
	minSecretLen = 16
	maxSecretLen = 256
)

// NewSecret makes a Standard Webhooks secret: whsec_ and the standard base64
// of 32 random bytes, which the standardwebhooks libraries accept as is.
func NewSecret() (string, error) {
	var b [secretBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make webhook secret: %w", err)
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b[:]), nil
}

// ValidateSecret checks a secret the user chose. A whsec_ secret must carry
// base64 after the prefix (its decoded bytes are the Standard Webhooks key);
// any other secret of 16 to 256 printable characters is used as raw bytes.
func ValidateSecret(s string) error {
	if len(s) < minSecretLen || len(s) > maxSecretLen {
		return domain.Errorf(domain.CodeInvalid, "secret must be %d to %d characters long (or leave it out to have one made)", minSecretLen, maxSecretLen)
	}
	for _, r := range s {
		if r < 0x21 || r == 0x7f {
			return domain.Errorf(domain.CodeInvalid, "secret must be printable characters without spaces")
		}
	}
	if rest, ok := strings.CutPrefix(s, SecretPrefix); ok {
		key, err := decodeKey(rest)
		if err != nil || len(key) < 16 {
			return domain.Errorf(domain.CodeInvalid, "a secret starting with %s must continue with the base64 of at least 16 bytes (Standard Webhooks format)", SecretPrefix)
		}
	}
	return nil
}

func decodeKey(s string) ([]byte, error) {
	if key, err := base64.StdEncoding.DecodeString(s); err == nil {
		return key, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// SigningKey is the Standard Webhooks HMAC key of a secret: the decoded
// base64 after whsec_, or, for a secret not in that form, its raw bytes
// (receivers then construct the standardwebhooks verifier in raw format,
// e.g. new Webhook(secret, {format: "raw"}) in JavaScript).
func SigningKey(secret string) []byte {
	if rest, ok := strings.CutPrefix(secret, SecretPrefix); ok {
		if key, err := decodeKey(rest); err == nil {
			return key
		}
	}
	return []byte(secret)
}

// StandardSignature is one webhook-signature entry:
// v1,<base64 HMAC-SHA256(key, msgID.timestamp.body)>.
func StandardSignature(key []byte, msgID string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msgID))
	m.Write([]byte{'.'})
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// HubSignature is sha256=<hex HMAC-SHA256(secret, body)>, keyed with the
// secret string exactly as shown (what GitHub-style verifiers do), for the
// X-Webhook-Signature and X-Hub-Signature-256 headers.
func HubSignature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Signing is what one delivery attempt is signed with.
type Signing struct {
	// MsgID is webhook-id: the event id, the same on every retry.
	MsgID     string
	EventType string
	// DeliveryID goes in X-Webhook-Delivery.
	DeliveryID string
	At         time.Time
	Secret     string
	// Previous, when set, signs too: a second webhook-signature entry
	// during the overlap after a rotation.
	Previous string
}

// SetHeaders writes the content type, event and signature headers of body.
func SetHeaders(h http.Header, s Signing, body []byte) {
	ts := s.At.Unix()
	sigs := StandardSignature(SigningKey(s.Secret), s.MsgID, ts, body)
	if s.Previous != "" {
		sigs += " " + StandardSignature(SigningKey(s.Previous), s.MsgID, ts, body)
	}
	hub := HubSignature(s.Secret, body)
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "wasync-webhooks/1")
	h.Set("X-Webhook-Event", s.EventType)
	if s.DeliveryID != "" {
		h.Set("X-Webhook-Delivery", s.DeliveryID)
	}
	h.Set("X-Webhook-Signature", hub)
	h.Set("X-Hub-Signature-256", hub)
	// Standard Webhooks names its headers in lower case; Go would
	// canonicalise them (HTTP field names are case-insensitive anyway).
	h["webhook-id"] = []string{s.MsgID}
	h["webhook-timestamp"] = []string{strconv.FormatInt(ts, 10)}
	h["webhook-signature"] = []string{sigs}
}

// signingFor picks the secrets that sign an attempt at now.
func signingFor(t domain.WebhookTarget, j domain.DeliveryJob, now time.Time) Signing {
	s := Signing{MsgID: j.EventID, EventType: j.EventType, DeliveryID: j.ID, At: now, Secret: t.Secret}
	if t.PreviousSecret != "" && now.Before(t.PreviousExpiresAt) {
		s.Previous = t.PreviousSecret
	}
	return s
}
