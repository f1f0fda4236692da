package wa_test

import (
	"errors"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

type waText struct{ text string }

func (w waText) msg() *waE2E.Message {
	return &waE2E.Message{Conversation: proto.String(w.text)}
}

func mustJID(s string) types.JID {
	j, err := types.ParseJID(s)
	if err != nil {
		panic(err)
	}
	return j
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
