package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// messageRequest is the body of POST /message: one live message from a
// contact ("chat", a phone-number JID) to every linked companion. "text" is
// a text message; with "edit_of" it is an edit of that message id instead,
// and "revoke_of" deletes that message for everyone. "unsupported" sends a
// kind wasync does not know (a field newer than its protobuf definitions). "garble" sends bytes the
// companion cannot decrypt: it answers 202, and the same id sent again
// without "garble" is the retried message.
type messageRequest struct {
	Chat        string `json:"chat"`
	ID          string `json:"id"`
	Text        string `json:"text"`
	PushName    string `json:"push_name"`
	Timestamp   int64  `json:"timestamp"`
	EditOf      string `json:"edit_of"`
	RevokeOf    string `json:"revoke_of"`
	Unsupported bool   `json:"unsupported"`
	Garble      bool   `json:"garble"`
}

// message builds the protobuf the request describes.
func (req messageRequest) message() *waE2E.Message {
	key := func(id string) *waCommon.MessageKey {
		return &waCommon.MessageKey{RemoteJID: proto.String(req.Chat), FromMe: proto.Bool(false), ID: proto.String(id)}
	}
	switch {
	case req.RevokeOf != "":
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Key: key(req.RevokeOf), Type: waE2E.ProtocolMessage_REVOKE.Enum()}}
	case req.EditOf != "":
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Key: key(req.EditOf), Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(),
			EditedMessage: &waE2E.Message{Conversation: proto.String(req.Text)},
			TimestampMS:   proto.Int64(req.Timestamp * 1000),
		}}
	case req.Unsupported:
		// A kind newer than the client's protobuf definitions: field 9999,
		// which whatsmeow keeps as an unknown field.
		m := &waE2E.Message{}
		unknown := protowire.AppendTag(nil, 9999, protowire.BytesType)
		unknown = protowire.AppendBytes(unknown, []byte("\x0a\x05hello"))
		m.ProtoReflect().SetUnknown(unknown)
		return m
	}
	return &waE2E.Message{Conversation: proto.String(req.Text)}
}

// messageHandler sends one live message to every companion linked to
// phone; it answers 204 once each acknowledged it (202 for a garbled one,
// which the companion answers with a retry receipt).
func messageHandler(phone *fakewa.Phone) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req messageRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		chat, err := types.ParseJID(req.Chat)
		if err != nil || req.Chat == "" {
			http.Error(w, "chat must be a JID", http.StatusBadRequest)
			return
		}
		if req.Timestamp == 0 {
			req.Timestamp = time.Now().Unix()
		}
		if req.ID == "" {
			req.ID = fakewa.NewMessageID()
		}
		opts := fakewa.MessageOpts{Chat: chat, ID: req.ID, PushName: req.PushName, Timestamp: time.Unix(req.Timestamp, 0), Garble: req.Garble}
		status := http.StatusNoContent
		for _, companion := range phone.Companions() {
			_, err := phone.SendMessage(r.Context(), companion, req.message(), opts)
			switch {
			case req.Garble && errors.Is(err, fakewa.ErrNotDelivered):
				status = http.StatusAccepted
			case err != nil:
				http.Error(w, err.Error(), http.StatusConflict)
				return
			}
		}
		w.WriteHeader(status)
	}
}
