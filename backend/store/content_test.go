package store

import (
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func TestContentIsKeptAndPollsTallyLatestVote(t *testing.T) {
	s := openTest(t)

	c := chunk(chat1, 0, 2)
	c.Messages[0].Type, c.Messages[0].Text = "poll", "Lunch?"
	c.Messages[0].Content = &domain.MessageContent{Kind: "pollCreationMessageV3", Poll: &domain.Poll{Name: "Lunch?", Options: []domain.PollOption{
		{Name: "Pizza", Hash: "aa"}, {Name: "Sushi", Hash: "bb"},
	}}}
	c.Messages[1].Type = "system"
	c.Messages[1].Content = &domain.MessageContent{System: &domain.System{
		Kind: "GROUP_PARTICIPANT_ADD", Actor: "15550100@s.whatsapp.net", Targets: []string{"15550101@s.whatsapp.net"},
	}}
	// A vote arrives before its poll, then the voter changes their mind.
	vote := func(opts []string, ts int64) domain.MessageChange {
		return domain.MessageChange{Kind: domain.ChangePollVote, ChatJID: chat1, TargetID: "ID0000", SenderJID: "15550102@s.whatsapp.net", Options: opts, Timestamp: ts}
	}
	apply(t, s, changes(vote([]string{"aa"}, 10)))
	apply(t, s, c)
	apply(t, s, changes(vote([]string{"bb"}, 20), vote([]string{"aa"}, 15)))
	c.Contacts = []domain.Contact{{JID: "15550101@s.whatsapp.net", FullName: "Bea"}}
	c.Messages = nil
	apply(t, s, c)
	p := message(t, s, "ID0000").Content.Poll
	if p == nil || p.Options[0].Count != 0 || p.Options[1].Count != 1 || len(p.Votes) != 1 || p.Votes[0].Options[0] != "Sushi" {
		t.Fatalf("tally: %+v", p)
	}
	m := message(t, s, "ID0001")
	if m.Text != "+15550100 added Bea" {
		t.Fatalf("system text named at read time: %q", m.Text)
	}
}

func TestMentionNamesFollowNamePrecedence(t *testing.T) {
	s := openTest(t)
	book, pushed, bare, lid := "15550201@s.whatsapp.net", "15550202@s.whatsapp.net", "15550203@s.whatsapp.net", "88001@lid"
	c := chunk(chat1, 0, 1)
	c.Messages[0].Text = "@15550201 @15550202 @15550203 @88001"
	c.Messages[0].Content = &domain.MessageContent{Mentions: []string{book, pushed, bare, lid}}
	c.Contacts = []domain.Contact{{JID: book, FullName: "Ada", PushName: "ada!"}, {JID: pushed, PushName: "Pia"}}
	c.LIDMappings = []domain.LIDMapping{{LID: lid, PN: "15550204@s.whatsapp.net"}}
	apply(t, s, c)
	got := message(t, s, "ID0000").Content.MentionNames
	want := map[string]string{book: "Ada", pushed: "Pia", bare: "+15550203", lid: "+15550204"}
	for jid, name := range want {
		if got[jid] != name {
			t.Errorf("%s named %q, want %q (all: %v)", jid, got[jid], name, got)
		}
	}
}
