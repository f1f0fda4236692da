package fakewa

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/gcmutil"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	"google.golang.org/protobuf/proto"
)

// WhatsApp encrypts a poll vote and an event response with a key derived
// from the original message's secret (messageContextInfo.messageSecret,
// 32 random bytes the creator sends with the poll or event): HKDF-SHA256
// over the secret, with info = original id + original sender + voter +
// use case, and AES-256-GCM with additional data "original id\x00voter".
// JIDs are written without their device part.

// Use cases of a message secret, as WhatsApp names them in the derivation.
const (
	useCasePollVote      = "Poll Vote"
	useCaseEventResponse = "Event Response"
)

// NewMessageSecret returns a fresh 32-byte message secret.
func NewMessageSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// SecretRef names the message a vote or a response is about: its chat,
// id, creator and secret.
type SecretRef struct {
	Chat    types.JID
	ID      string
	Creator types.JID
	Secret  []byte
}

// key is the original message's key as the vote carries it.
func (r SecretRef) key() *waCommon.MessageKey {
	k := &waCommon.MessageKey{RemoteJID: proto.String(r.Chat.String()), ID: proto.String(r.ID)}
	if r.Chat.Server == types.GroupServer {
		k.Participant = proto.String(r.Creator.ToNonAD().String())
	}
	return k
}

// PollVote is the pollUpdateMessage voter sends to choose options (by
// name; none retracts the vote) on the poll ref names.
func PollVote(ref SecretRef, voter types.JID, options []string, sentMS int64) (*waE2E.Message, error) {
	vote := &waE2E.PollVoteMessage{}
	for _, o := range options {
		h := sha256.Sum256([]byte(o))
		vote.SelectedOptions = append(vote.SelectedOptions, h[:])
	}
	iv, payload, err := encryptForSecret(ref, voter, useCasePollVote, vote)
	if err != nil {
		return nil, err
	}
	return &waE2E.Message{PollUpdateMessage: &waE2E.PollUpdateMessage{
		PollCreationMessageKey: ref.key(),
		Vote:                   &waE2E.PollEncValue{EncPayload: payload, EncIV: iv},
		SenderTimestampMS:      proto.Int64(sentMS),
	}}, nil
}

// EventResponse is the encEventResponseMessage responder sends to answer
// the event ref names.
func EventResponse(ref SecretRef, responder types.JID, answer waE2E.EventResponseMessage_EventResponseType, sentMS int64) (*waE2E.Message, error) {
	resp := &waE2E.EventResponseMessage{Response: answer.Enum(), TimestampMS: proto.Int64(sentMS)}
	iv, payload, err := encryptForSecret(ref, responder, useCaseEventResponse, resp)
	if err != nil {
		return nil, err
	}
	return &waE2E.Message{EncEventResponseMessage: &waE2E.EncEventResponseMessage{
		EventCreationMessageKey: ref.key(), EncPayload: payload, EncIV: iv,
	}}, nil
}

// encryptForSecret encrypts plain as sender's modification of ref's
// message for useCase.
func encryptForSecret(ref SecretRef, sender types.JID, useCase string, plain proto.Message) (iv, payload []byte, err error) {
	b, err := proto.Marshal(plain)
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: encode %s: %w", useCase, err)
	}
	creator, modifier := ref.Creator.ToNonAD().String(), sender.ToNonAD().String()
	info := []byte(ref.ID + creator + modifier + useCase)
	key := hkdfutil.SHA256(ref.Secret, nil, info, 32)
	iv = make([]byte, 12)
	_, _ = rand.Read(iv)
	payload, err = gcmutil.Encrypt(key, iv, b, []byte(ref.ID+"\x00"+modifier))
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: encrypt %s: %w", useCase, err)
	}
	return iv, payload, nil
}
