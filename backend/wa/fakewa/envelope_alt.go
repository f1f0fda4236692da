package fakewa

import (
	"crypto/rand"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// addAltAttrs adds the sender's other JID under the attribute name WhatsApp
// uses (whatsmeow's parseMessageSource reads them): in a group the
// participant's, with addressing_mode=lid when the participant is a LID; in
// a DM the sender's.
func (env envelope) addAltAttrs(attrs waBinary.Attrs) {
	if env.senderAlt.IsEmpty() {
		return
	}
	byLID := env.sender.Server == types.HiddenUserServer
	switch {
	case !env.group.IsEmpty() && byLID:
		attrs["addressing_mode"] = string(types.AddressingModeLID)
		attrs["participant_pn"] = env.senderAlt
	case !env.group.IsEmpty():
		attrs["participant_lid"] = env.senderAlt
	case byLID:
		attrs["sender_pn"] = env.senderAlt
	default:
		attrs["sender_lid"] = env.senderAlt
	}
}

// garbledEnc is an <enc type=msg> whose content is no Signal message.
func garbledEnc() waBinary.Node {
	junk := make([]byte, 48)
	_, _ = rand.Read(junk)
	return waBinary.Node{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "msg"}, Content: junk}
}
