package fakewa

import (
	"go.mau.fi/whatsmeow/proto/waAICommon"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// KindSample is one message of a kind, with the row type and a piece of
// the searchable text a companion that stores it correctly shows.
type KindSample struct {
	Message *waE2E.Message
	Type    string
	Text    string
}

// EveryKind returns one message of every content kind WhatsApp sends
// (keyed by the waE2E.Message field that carries it), for history syncs
// and live sends alike.
func EveryKind() map[string]KindSample {
	s, u32, u64, i64 := proto.String, proto.Uint32, proto.Uint64, proto.Int64
	key := &waCommon.MessageKey{RemoteJID: s("15550100@s.whatsapp.net"), ID: s("3EB0KINDTARGET"), FromMe: proto.Bool(true)}
	fp := func(m *waE2E.Message) *waE2E.FutureProofMessage { return &waE2E.FutureProofMessage{Message: m} }
	vcard := func(name, num string) *waE2E.ContactMessage {
		return &waE2E.ContactMessage{DisplayName: s(name), Vcard: s("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + name +
			"\r\nitem1.TEL;waid=" + num + ":+" + num + "\r\nEND:VCARD\r\n")}
	}
	pollOpts := []*waE2E.PollCreationMessage_Option{{OptionName: s("Pizza")}, {OptionName: s("Sushi")}}
	return map[string]KindSample{
		"conversation":                 {&waE2E.Message{Conversation: s("plain kindtext")}, "text", "plain kindtext"},
		"extendedTextMessage":          {&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: s("see https://example.com/kindlink"), MatchedText: s("https://example.com/kindlink"), Title: s("Example"), Description: s("An example page")}}, "text", "kindlink"},
		"imageMessage":                 {&waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: s("kindimage caption"), Mimetype: s("image/jpeg"), FileLength: u64(1200), Width: u32(640), Height: u32(480)}}, "image", "kindimage"},
		"videoMessage":                 {&waE2E.Message{VideoMessage: &waE2E.VideoMessage{Caption: s("kindvideo"), Seconds: u32(30), FileLength: u64(90000)}}, "video", "kindvideo"},
		"ptvMessage":                   {&waE2E.Message{PtvMessage: &waE2E.VideoMessage{Seconds: u32(12), FileLength: u64(90000)}}, "video_note", ""},
		"audioMessage":                 {&waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true), Seconds: u32(7), FileLength: u64(4000)}}, "voice", ""},
		"documentMessage":              {&waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileName: s("kindreport.pdf"), Caption: s("the report"), PageCount: u32(3), FileLength: u64(5000)}}, "document", "kindreport"},
		"stickerMessage":               {&waE2E.Message{StickerMessage: &waE2E.StickerMessage{Mimetype: s("image/webp"), FileLength: u64(900)}}, "sticker", ""},
		"stickerPackMessage":           {&waE2E.Message{StickerPackMessage: &waE2E.StickerPackMessage{Name: s("Kindcats"), Publisher: s("Meow")}}, "sticker_pack", "Kindcats"},
		"albumMessage":                 {&waE2E.Message{AlbumMessage: &waE2E.AlbumMessage{ExpectedImageCount: u32(3)}}, "album", ""},
		"pollCreationMessage":          {&waE2E.Message{PollCreationMessage: &waE2E.PollCreationMessage{Name: s("Kindlunch?"), Options: pollOpts, SelectableOptionsCount: u32(1)}}, "poll", "Kindlunch"},
		"pollCreationMessageV3":        {&waE2E.Message{PollCreationMessageV3: &waE2E.PollCreationMessage{Name: s("Kinddinner?"), Options: pollOpts}}, "poll", "Kinddinner"},
		"pollCreationMessageV5":        {&waE2E.Message{PollCreationMessageV5: &waE2E.PollCreationMessage{Name: s("Kindbreakfast?"), Options: pollOpts}}, "poll", "Kindbreakfast"},
		"pollResultSnapshotMessage":    {&waE2E.Message{PollResultSnapshotMessage: &waE2E.PollResultSnapshotMessage{Name: s("Kindresults"), PollVotes: []*waE2E.PollResultSnapshotMessage_PollVote{{OptionName: s("Pizza"), OptionVoteCount: i64(2)}}}}, "poll", "Kindresults"},
		"eventMessage":                 {&waE2E.Message{EventMessage: &waE2E.EventMessage{Name: s("Team dinner"), Description: s("kindevent"), StartTime: i64(1_760_000_000), Location: &waE2E.LocationMessage{Name: s("Luigi's")}}}, "event", "Team dinner"},
		"scheduledCallCreationMessage": {&waE2E.Message{ScheduledCallCreationMessage: &waE2E.ScheduledCallCreationMessage{Title: s("Kindstandup"), ScheduledTimestampMS: i64(1_760_000_000_000)}}, "scheduled_call", "Kindstandup"},
		"contactMessage":               {&waE2E.Message{ContactMessage: vcard("Kindada", "15550111")}, "contact", "Kindada"},
		"contactsArrayMessage":         {&waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{Contacts: []*waE2E.ContactMessage{vcard("Kindbob", "15550112"), vcard("Kindcy", "15550113")}}}, "contacts", "Kindcy"},
		"locationMessage":              {&waE2E.Message{LocationMessage: &waE2E.LocationMessage{DegreesLatitude: proto.Float64(48.8584), DegreesLongitude: proto.Float64(2.2945), Name: s("Kindtower"), Address: s("Champ de Mars, Paris")}}, "location", "Kindtower"},
		"liveLocationMessage":          {&waE2E.Message{LiveLocationMessage: &waE2E.LiveLocationMessage{DegreesLatitude: proto.Float64(51.5), DegreesLongitude: proto.Float64(-0.12), Caption: s("kindlive")}}, "live_location", "kindlive"},
		"groupInviteMessage":           {&waE2E.Message{GroupInviteMessage: &waE2E.GroupInviteMessage{GroupJID: s("120363000000000009@g.us"), GroupName: s("Kindclub"), InviteCode: s("AbCd")}}, "group_invite", "Kindclub"},
		"newsletterAdminInviteMessage": {&waE2E.Message{NewsletterAdminInviteMessage: &waE2E.NewsletterAdminInviteMessage{NewsletterJID: s("120363000000000010@newsletter"), NewsletterName: s("Kindnews")}}, "channel_invite", "Kindnews"},
		"callLogMesssage":              {&waE2E.Message{CallLogMesssage: &waE2E.CallLogMessage{IsVideo: proto.Bool(true), CallOutcome: waE2E.CallLogMessage_MISSED.Enum()}}, "call", "Missed video call"},
		"buttonsMessage":               {&waE2E.Message{ButtonsMessage: &waE2E.ButtonsMessage{ContentText: s("Kindbuttons body"), FooterText: s("footer"), Buttons: []*waE2E.ButtonsMessage_Button{{ButtonText: &waE2E.ButtonsMessage_Button_ButtonText{DisplayText: s("Yes")}}}}}, "business", "Kindbuttons"},
		"listMessage":                  {&waE2E.Message{ListMessage: &waE2E.ListMessage{Title: s("Kindmenu"), Sections: []*waE2E.ListMessage_Section{{Rows: []*waE2E.ListMessage_Row{{Title: s("Tea")}}}}}}, "business", "Kindmenu"},
		"buttonsResponseMessage":       {&waE2E.Message{ButtonsResponseMessage: &waE2E.ButtonsResponseMessage{Response: &waE2E.ButtonsResponseMessage_SelectedDisplayText{SelectedDisplayText: "Kindyes"}}}, "business_reply", "Kindyes"},
		"productMessage":               {&waE2E.Message{ProductMessage: &waE2E.ProductMessage{Product: &waE2E.ProductMessage_ProductSnapshot{Title: s("Kindmug"), PriceAmount1000: i64(12_500), CurrencyCode: s("EUR")}}}, "business", "Kindmug"},
		"orderMessage":                 {&waE2E.Message{OrderMessage: &waE2E.OrderMessage{OrderTitle: s("Kindorder"), ItemCount: proto.Int32(2)}}, "business", "Kindorder"},
		"requestPaymentMessage":        {&waE2E.Message{RequestPaymentMessage: &waE2E.RequestPaymentMessage{CurrencyCodeIso4217: s("USD"), Amount1000: u64(5000), NoteMessage: &waE2E.Message{Conversation: s("kindrent")}}}, "payment", "kindrent"},
		"pinInChatMessage":             {&waE2E.Message{PinInChatMessage: &waE2E.PinInChatMessage{Key: key, Type: waE2E.PinInChatMessage_PIN_FOR_ALL.Enum()}}, "system", "pinned a message"},
		"keepInChatMessage":            {&waE2E.Message{KeepInChatMessage: &waE2E.KeepInChatMessage{Key: key, KeepType: waE2E.KeepType_KEEP_FOR_ALL.Enum()}}, "system", "kept a message"},
		"placeholderMessage":           {&waE2E.Message{PlaceholderMessage: &waE2E.PlaceholderMessage{}}, "placeholder", "open it on your phone"},
		"richResponseMessage":          {&waE2E.Message{RichResponseMessage: &waE2E.AIRichResponseMessage{Submessages: []*waAICommon.AIRichResponseSubMessage{{MessageText: s("kindai answer")}}}}, "ai", "kindai"},
		"statusQuotedMessage":          {&waE2E.Message{StatusQuotedMessage: &waE2E.StatusQuotedMessage{Text: s("kindstatus reply"), OriginalStatusID: key}}, "status_reply", "kindstatus"},
		"statusMentionMessage":         {&waE2E.Message{StatusMentionMessage: fp(&waE2E.Message{Conversation: s("kindmention")})}, "status_mention", "kindmention"},
		"groupMentionedMessage":        {&waE2E.Message{GroupMentionedMessage: fp(&waE2E.Message{Conversation: s("kindgroupmention")})}, "text", "kindgroupmention"},
	}
}
