package wa_test

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// dinner is an event invitation carrying its message secret.
func dinner(secret []byte) *waE2E.Message {
	return &waE2E.Message{
		EventMessage:       &waE2E.EventMessage{Name: proto.String("Team dinner"), StartTime: proto.Int64(1_760_000_000)},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: secret},
	}
}

// answer sends who's encrypted answer to the event ref names.
func (h *harness) answer(t *testing.T, ref fakewa.SecretRef, who string, sec int64, a waE2E.EventResponseMessage_EventResponseType) {
	t.Helper()
	m, err := fakewa.EventResponse(ref, mustJID(who), a, sec*1000)
	if err != nil {
		t.Fatal(err)
	}
	h.send(t, m, fakewa.MessageOpts{Chat: ref.Chat, Sender: mustJID(who), Timestamp: time.Unix(sec, 0)})
}

// eventOf is the event of message id in chat as the API lists it.
func eventOf(t *testing.T, h *harness, chat, id string) *domain.CalendarEvent {
	t.Helper()
	m := listed(t, h, chat)[id]
	if m.Content == nil || m.Content.CalendarEvent == nil {
		t.Fatalf("message %s has no event: %+v", id, m)
	}
	return m.Content.CalendarEvent
}

// waitAnswers waits until the event has n answers.
func waitAnswers(t *testing.T, h *harness, chat, id string, n int) *domain.CalendarEvent {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		ev := eventOf(t, h, chat, id)
		if len(ev.Responses) >= n || time.Now().After(deadline) {
			return ev
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestLiveEventResponsesAreDecryptedAndCounted(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	ref := fakewa.SecretRef{Chat: mustJID(pollGroup), ID: fakewa.NewMessageID(), Creator: mustJID(pollAlice), Secret: fakewa.NewMessageSecret()}
	h.send(t, dinner(ref.Secret), fakewa.MessageOpts{Chat: ref.Chat, Sender: ref.Creator, ID: ref.ID, PushName: "Alice", Timestamp: time.Unix(1_750_300_000, 0)})
	h.waitEvents(t, domain.EventMessageReceived, 1)
	h.answer(t, ref, pollBob, 1_750_300_010, waE2E.EventResponseMessage_GOING)
	h.answer(t, ref, pollAlice, 1_750_300_020, waE2E.EventResponseMessage_MAYBE)
	ev := waitAnswers(t, h, pollGroup, ref.ID, 2)
	if ev.Going != 1 || ev.Maybe != 1 || ev.NotGoing != 0 {
		t.Fatalf("answers: going %d, maybe %d, not going %d (%+v)", ev.Going, ev.Maybe, ev.NotGoing, ev.Responses)
	}
	// Bob cannot come after all: his latest answer wins.
	h.answer(t, ref, pollBob, 1_750_300_030, waE2E.EventResponseMessage_NOT_GOING)
	deadline := time.Now().Add(waitTimeout)
	for ev = eventOf(t, h, pollGroup, ref.ID); ev.NotGoing == 0 && time.Now().Before(deadline); ev = eventOf(t, h, pollGroup, ref.ID) {
		time.Sleep(20 * time.Millisecond)
	}
	if ev.Going != 0 || ev.Maybe != 1 || ev.NotGoing != 1 || len(ev.Responses) != 2 {
		t.Fatalf("after Bob's change: going %d, maybe %d, not going %d (%+v)", ev.Going, ev.Maybe, ev.NotGoing, ev.Responses)
	}
}

func TestHistoryEventCarriesItsResponses(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	hm := webMsg(pollGroup, "HEVENT1", 1_700_000_100, dinner(nil))
	hm.Message.Key.Participant = proto.String(pollAlice)
	answer := func(who string, sec int64, a waE2E.EventResponseMessage_EventResponseType) *waWeb.EventResponse {
		return &waWeb.EventResponse{
			EventResponseMessageKey: &waCommon.MessageKey{RemoteJID: proto.String(pollGroup), Participant: proto.String(who), ID: proto.String(fakewa.NewMessageID())},
			TimestampMS:             proto.Int64(sec * 1000),
			EventResponseMessage:    &waE2E.EventResponseMessage{Response: a.Enum(), TimestampMS: proto.Int64(sec * 1000)},
		}
	}
	hm.Message.EventResponses = []*waWeb.EventResponse{
		answer(pollBob, 1_700_000_200, waE2E.EventResponseMessage_GOING),
		answer(pollAlice, 1_700_000_300, waE2E.EventResponseMessage_GOING),
	}
	h.history(t, oneChat(waHistorySync.HistorySync_FULL, &waHistorySync.Conversation{
		ID: proto.String(pollGroup), Name: proto.String("Dinner"), Messages: []*waHistorySync.HistorySyncMsg{hm},
	}))
	h.waitSynced(t, 1)
	if ev := eventOf(t, h, pollGroup, "HEVENT1"); ev.Going != 2 || len(ev.Responses) != 2 {
		t.Fatalf("history answers: %+v", ev)
	}
}
