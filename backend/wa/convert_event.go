package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// eventKind converts event invitations (eventMessage) and scheduled calls.
func eventKind(name protoreflect.Name) kindFunc {
	switch name {
	case "eventMessage":
		return func(m *waE2E.Message) part {
			e := m.GetEventMessage()
			ev := &domain.CalendarEvent{
				Name: e.GetName(), Description: e.GetDescription(), Start: e.GetStartTime(), End: e.GetEndTime(),
				Place: joinPlace(e.GetLocation()), JoinLink: e.GetJoinLink(), Canceled: e.GetIsCanceled(),
			}
			if !isWebURL(ev.JoinLink) {
				ev.JoinLink = ""
			}
			return part{typ: "event", text: joinText(ev.Name, ev.Description, ev.Place), content: domain.MessageContent{CalendarEvent: ev}}
		}
	case "scheduledCallCreationMessage":
		return func(m *waE2E.Message) part {
			s := m.GetScheduledCallCreationMessage()
			ev := &domain.CalendarEvent{Name: s.GetTitle(), Start: s.GetScheduledTimestampMS() / 1000, CallType: "voice"}
			if s.GetCallType() == waE2E.ScheduledCallCreationMessage_VIDEO {
				ev.CallType = "video"
			}
			return part{typ: "scheduled_call", text: s.GetTitle(), content: domain.MessageContent{CalendarEvent: ev}}
		}
	case "scheduledCallEditMessage":
		return func(m *waE2E.Message) part {
			e := m.GetScheduledCallEditMessage()
			ev := &domain.CalendarEvent{Canceled: e.GetEditType() == waE2E.ScheduledCallEditMessage_CANCEL}
			return part{typ: "scheduled_call", text: "Scheduled call canceled", content: domain.MessageContent{
				CalendarEvent: ev, Quoted: &domain.Quoted{ID: e.GetKey().GetID()},
			}}
		}
	}
	return nil
}

// joinPlace is an event location's name and address on one line.
func joinPlace(l *waE2E.LocationMessage) string {
	switch {
	case l.GetName() != "" && l.GetAddress() != "":
		return l.GetName() + ", " + l.GetAddress()
	case l.GetName() != "":
		return l.GetName()
	}
	return l.GetAddress()
}
