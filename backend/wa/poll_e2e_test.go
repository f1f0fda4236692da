package wa_test

import (
	"crypto/sha256"
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

// pollGroup is the group the poll tests vote in, with its members.
const (
	pollGroup = "120363000000000420@g.us"
	pollAlice = "15557778001@s.whatsapp.net"
	pollBob   = "15557778002@s.whatsapp.net"
)

// lunchPoll is a poll creation carrying its message secret, as WhatsApp
// sends one.
func lunchPoll(secret []byte) *waE2E.Message {
	return &waE2E.Message{
		PollCreationMessage: &waE2E.PollCreationMessage{
			Name:                   proto.String("Lunch?"),
			Options:                []*waE2E.PollCreationMessage_Option{{OptionName: proto.String("Pizza")}, {OptionName: proto.String("Sushi")}},
			SelectableOptionsCount: proto.Uint32(1),
		},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: secret},
	}
}

// vote sends voter's encrypted vote on the poll ref names, sent at unix
// second sec.
func (h *harness) vote(t *testing.T, ref fakewa.SecretRef, voter string, sec int64, options ...string) {
	t.Helper()
	m, err := fakewa.PollVote(ref, mustJID(voter), options, sec*1000)
	if err != nil {
		t.Fatal(err)
	}
	h.send(t, m, fakewa.MessageOpts{Chat: ref.Chat, Sender: mustJID(voter), Timestamp: time.Unix(sec, 0)})
}

// pollOf is the poll of message id in chat as the API lists it.
func pollOf(t *testing.T, h *harness, chat, id string) *domain.Poll {
	t.Helper()
	m := listed(t, h, chat)[id]
	if m.Content == nil || m.Content.Poll == nil {
		t.Fatalf("message %s has no poll: %+v", id, m)
	}
	return m.Content.Poll
}

// counts is each option's count by name.
func counts(p *domain.Poll) map[string]int {
	out := map[string]int{}
	for _, o := range p.Options {
		out[o.Name] = o.Count
	}
	return out
}

// votersOf maps each voter to the options they chose.
func votersOf(p *domain.Poll) map[string][]string {
	out := map[string][]string{}
	for _, v := range p.Votes {
		out[v.Voter] = v.Options
	}
	return out
}

func TestLivePollVotesAreDecryptedTalliedAndMoved(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	ref := fakewa.SecretRef{Chat: mustJID(pollGroup), ID: fakewa.NewMessageID(), Creator: mustJID(pollAlice), Secret: fakewa.NewMessageSecret()}
	h.send(t, lunchPoll(ref.Secret), fakewa.MessageOpts{
		Chat: ref.Chat, Sender: ref.Creator, ID: ref.ID, PushName: "Alice", Timestamp: time.Unix(1_750_100_000, 0),
	})
	h.waitEvents(t, domain.EventMessageReceived, 1)
	h.vote(t, ref, pollBob, 1_750_100_010, "Pizza")
	h.vote(t, ref, pollAlice, 1_750_100_020, "Sushi")
	h.waitEvents(t, domain.EventPollVote, 2)
	p := pollOf(t, h, pollGroup, ref.ID)
	if c := counts(p); c["Pizza"] != 1 || c["Sushi"] != 1 {
		t.Fatalf("tally after two votes: %v", c)
	}
	v := votersOf(p)
	if len(v[pollBob]) != 1 || v[pollBob][0] != "Pizza" || len(v[pollAlice]) != 1 || v[pollAlice][0] != "Sushi" {
		t.Fatalf("voters: %v", v)
	}
	for _, pv := range p.Votes {
		if pv.Voter == pollAlice && pv.VoterName != "Alice" {
			t.Errorf("Alice's vote is named %q", pv.VoterName)
		}
	}
	// Bob changes his mind: his latest vote wins and the count moves.
	h.vote(t, ref, pollBob, 1_750_100_030, "Sushi")
	h.waitEvents(t, domain.EventPollVote, 3)
	if c := counts(pollOf(t, h, pollGroup, ref.ID)); c["Pizza"] != 0 || c["Sushi"] != 2 {
		t.Fatalf("tally after Bob's change: %v", c)
	}
	// A retraction (no option) takes his vote back.
	h.vote(t, ref, pollBob, 1_750_100_040)
	h.waitEvents(t, domain.EventPollVote, 4)
	if c := counts(pollOf(t, h, pollGroup, ref.ID)); c["Sushi"] != 1 {
		t.Fatalf("tally after Bob's retraction: %v", c)
	}
}

func TestHistoryPollCarriesItsVotes(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	hm := webMsg(pollGroup, "HPOLL1", 1_700_000_100, lunchPoll(nil))
	hm.Message.Key.Participant = proto.String(pollAlice)
	hm.Message.PollUpdates = []*waWeb.PollUpdate{
		historyVote(pollBob, 1_700_000_200, "Pizza"),
		historyVote(pollAlice, 1_700_000_300, "Pizza"),
		historyVote(pollBob, 1_700_000_400, "Sushi"), // Bob's latest
	}
	h.history(t, oneChat(waHistorySync.HistorySync_FULL, &waHistorySync.Conversation{
		ID: proto.String(pollGroup), Name: proto.String("Lunch"), Messages: []*waHistorySync.HistorySyncMsg{hm},
	}))
	h.waitSynced(t, 1)
	p := pollOf(t, h, pollGroup, "HPOLL1")
	if c := counts(p); c["Pizza"] != 1 || c["Sushi"] != 1 {
		t.Fatalf("history tally: %v (votes %+v)", c, p.Votes)
	}
}

// historyVote is a vote as a history poll carries it, already decrypted.
func historyVote(voter string, sec int64, options ...string) *waWeb.PollUpdate {
	vote := &waE2E.PollVoteMessage{}
	for _, o := range options {
		h := sha256.Sum256([]byte(o))
		vote.SelectedOptions = append(vote.SelectedOptions, h[:])
	}
	return &waWeb.PollUpdate{
		PollUpdateMessageKey: &waCommon.MessageKey{RemoteJID: proto.String(pollGroup), Participant: proto.String(voter), ID: proto.String(fakewa.NewMessageID())},
		Vote:                 vote, SenderTimestampMS: proto.Int64(sec * 1000),
	}
}
