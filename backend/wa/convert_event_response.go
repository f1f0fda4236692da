package wa

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"go.mau.fi/whatsmeow/util/gcmutil"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// An answer to an event (encEventResponseMessage) is encrypted like a poll
// vote, with the event's message secret, which whatsmeow stores when the
// event arrives. whatsmeow derives the key for this use case ("Event
// Response") but has no exported decryption for it, so decryptResponse
// does what its DecryptPollVote does: HKDF-SHA256 over the secret with
// info = event id + event creator + responder + use case, then AES-GCM with
// additional data "event id\x00responder".

const eventResponseUseCase = "Event Response"

// errNotEventResponse says a message is not an encrypted event answer.
var errNotEventResponse = errors.New("not an encrypted event response")

// decryptResponse decrypts a live or history encEventResponseMessage;
// nil when it cannot (not one, or the event's secret is not known).
func decryptResponse(ctx context.Context, cli *whatsmeow.Client, evt *events.Message) *waE2E.EventResponseMessage {
	r, err := openEventResponse(ctx, cli, evt)
	if err != nil {
		return nil
	}
	return r
}

// openEventResponse decrypts evt's encEventResponseMessage.
func openEventResponse(ctx context.Context, cli *whatsmeow.Client, evt *events.Message) (*waE2E.EventResponseMessage, error) {
	enc := evt.Message.GetEncEventResponseMessage()
	if enc == nil {
		return nil, errNotEventResponse
	}
	key := enc.GetEventCreationMessageKey()
	creator, err := originalSender(evt, key)
	if err != nil {
		return nil, err
	}
	secret, creator, err := cli.Store.MsgSecrets.GetMessageSecret(ctx, evt.Info.Chat, creator, key.GetID())
	if err != nil {
		return nil, fmt.Errorf("event secret: %w", err)
	}
	if secret == nil {
		return nil, whatsmeow.ErrOriginalMessageSecretNotFound
	}
	responder := evt.Info.Sender.ToNonAD().String()
	info := key.GetID() + creator.ToNonAD().String() + responder + eventResponseUseCase
	plain, err := gcmutil.Decrypt(hkdfutil.SHA256(secret, nil, []byte(info), 32), enc.GetEncIV(), enc.GetEncPayload(),
		[]byte(key.GetID()+"\x00"+responder))
	if err != nil {
		return nil, fmt.Errorf("decrypt event response: %w", err)
	}
	var r waE2E.EventResponseMessage
	if err := proto.Unmarshal(plain, &r); err != nil {
		return nil, fmt.Errorf("decode event response: %w", err)
	}
	return &r, nil
}

// originalSender is who sent the message key names, as whatsmeow finds it
// for a poll vote: oneself for fromMe, the chat in a DM, the participant in
// a group.
func originalSender(evt *events.Message, key *waCommon.MessageKey) (types.JID, error) {
	s := key.GetParticipant()
	switch {
	case key.GetFromMe():
		return evt.Info.Sender, nil
	case evt.Info.Chat.Server == types.DefaultUserServer || evt.Info.Chat.Server == types.HiddenUserServer:
		s = key.GetRemoteJID()
	}
	j, err := types.ParseJID(s)
	if err != nil {
		return types.EmptyJID, fmt.Errorf("event creator %q: %w", s, err)
	}
	return j, nil
}

// eventAnswer names a response type (domain.EventGoing, ...); "" for one
// that is none of them.
func eventAnswer(t waE2E.EventResponseMessage_EventResponseType) string {
	switch t {
	case waE2E.EventResponseMessage_GOING:
		return domain.EventGoing
	case waE2E.EventResponseMessage_NOT_GOING:
		return domain.EventNotGoing
	case waE2E.EventResponseMessage_MAYBE:
		return domain.EventMaybe
	}
	return ""
}

// eventResponseChange is a person's answer to an event (the latest one
// wins); nil when it could not be decrypted.
func eventResponseChange(in source, enc *waE2E.EncEventResponseMessage) *domain.MessageChange {
	answer := eventAnswer(in.response.GetResponse())
	if answer == "" {
		return nil
	}
	ts := in.evt.Info.Timestamp.Unix()
	if ms := in.response.GetTimestampMS(); ms > 0 {
		ts = ms / 1000
	}
	return &domain.MessageChange{
		Kind: domain.ChangeEventResponse, ChatJID: in.chat, TargetID: enc.GetEventCreationMessageKey().GetID(),
		SenderJID: in.sender, Timestamp: ts, Response: answer, Raw: in.raw,
	}
}

// historyResponses are the answers a history event carries, already
// decrypted by the phone (WebMessageInfo.eventResponses).
func historyResponses(wm *waWeb.WebMessageInfo, chat, eventID string, person func(string) string) []domain.MessageChange {
	var out []domain.MessageChange
	for _, r := range wm.GetEventResponses() {
		answer := eventAnswer(r.GetEventResponseMessage().GetResponse())
		if answer == "" {
			continue
		}
		k := r.GetEventResponseMessageKey()
		who := k.GetParticipant()
		if who == "" && !k.GetFromMe() {
			who = k.GetRemoteJID()
		}
		out = append(out, domain.MessageChange{
			Kind: domain.ChangeEventResponse, ChatJID: chat, TargetID: eventID, SenderJID: person(who),
			FromMe: k.GetFromMe(), Timestamp: r.GetTimestampMS() / 1000, Response: answer,
		})
	}
	return out
}
