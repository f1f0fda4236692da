package wa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// pollKind converts polls of every version and poll result snapshots.
// Votes arrive as pollUpdateMessages, encrypted with the poll's message
// secret (which whatsmeow keeps); they become poll_vote changes.
func pollKind(name protoreflect.Name) kindFunc {
	switch name {
	case "pollCreationMessage":
		return func(m *waE2E.Message) part { return poll(m.GetPollCreationMessage()) }
	case "pollCreationMessageV2":
		return func(m *waE2E.Message) part { return poll(m.GetPollCreationMessageV2()) }
	case "pollCreationMessageV3":
		return func(m *waE2E.Message) part { return poll(m.GetPollCreationMessageV3()) }
	case "pollCreationMessageV5":
		return func(m *waE2E.Message) part { return poll(m.GetPollCreationMessageV5()) }
	case "pollResultSnapshotMessage":
		return func(m *waE2E.Message) part { return pollSnapshot(m.GetPollResultSnapshotMessage()) }
	case "pollResultSnapshotMessageV3":
		return func(m *waE2E.Message) part { return pollSnapshot(m.GetPollResultSnapshotMessageV3()) }
	}
	return nil
}

func poll(pc *waE2E.PollCreationMessage) part {
	p := &domain.Poll{Name: pc.GetName(), Selectable: int(pc.GetSelectableOptionsCount())}
	names := []string{pc.GetName()}
	for _, o := range pc.GetOptions() {
		p.Options = append(p.Options, domain.PollOption{Name: o.GetOptionName(), Hash: optionHash(o.GetOptionName())})
		names = append(names, o.GetOptionName())
	}
	return part{typ: "poll", text: strings.Join(names, "\n"), content: domain.MessageContent{Poll: p}}
}

// pollSnapshot is a poll's results as its creator shared them.
func pollSnapshot(s *waE2E.PollResultSnapshotMessage) part {
	p := &domain.Poll{Name: s.GetName()}
	names := []string{s.GetName()}
	for _, v := range s.GetPollVotes() {
		p.Options = append(p.Options, domain.PollOption{
			Name: v.GetOptionName(), Hash: optionHash(v.GetOptionName()), Count: int(v.GetOptionVoteCount()),
		})
		names = append(names, v.GetOptionName())
	}
	return part{typ: "poll", text: strings.Join(names, "\n"), content: domain.MessageContent{Poll: p}}
}

// optionHash is how a vote names an option: SHA-256 of its name, in hex.
func optionHash(name string) string {
	h := sha256.Sum256([]byte(name))
	return hex.EncodeToString(h[:])
}

// decryptVote decrypts a live or history pollUpdateMessage with the poll's
// secret whatsmeow stored when the poll arrived; nil when it cannot.
func decryptVote(ctx context.Context, cli *whatsmeow.Client, evt *events.Message) *waE2E.PollVoteMessage {
	if evt.Message.GetPollUpdateMessage() == nil {
		return nil
	}
	v, err := cli.DecryptPollVote(ctx, evt)
	if err != nil {
		return nil
	}
	return v
}

// pollVoteChange is a voter's choice on a poll (the latest one wins);
// nil when the vote could not be decrypted.
func pollVoteChange(in source, pu *waE2E.PollUpdateMessage) *domain.MessageChange {
	if in.vote == nil {
		return nil
	}
	ts := in.evt.Info.Timestamp.Unix()
	if ms := pu.GetSenderTimestampMS(); ms > 0 {
		ts = ms / 1000
	}
	return &domain.MessageChange{
		Kind: domain.ChangePollVote, ChatJID: in.chat, TargetID: pu.GetPollCreationMessageKey().GetID(),
		SenderJID: in.sender, Timestamp: ts, Options: hexHashes(in.vote), Raw: in.raw,
	}
}

func hexHashes(v *waE2E.PollVoteMessage) []string {
	out := make([]string, 0, len(v.GetSelectedOptions()))
	for _, h := range v.GetSelectedOptions() {
		out = append(out, hex.EncodeToString(h))
	}
	return out
}

// historyVotes are the votes a history poll carries, already decrypted by
// the phone (WebMessageInfo.pollUpdates).
func historyVotes(wm *waWeb.WebMessageInfo, chat, pollID string, voter func(string) string) []domain.MessageChange {
	var out []domain.MessageChange
	for _, u := range wm.GetPollUpdates() {
		k := u.GetPollUpdateMessageKey()
		who := k.GetParticipant()
		if who == "" && !k.GetFromMe() {
			who = k.GetRemoteJID()
		}
		out = append(out, domain.MessageChange{
			Kind: domain.ChangePollVote, ChatJID: chat, TargetID: pollID, SenderJID: voter(who),
			FromMe: k.GetFromMe(), Timestamp: u.GetSenderTimestampMS() / 1000, Options: hexHashes(u.GetVote()),
		})
	}
	return out
}

// canonicalVoter resolves a voter's JID ("" for oneself) to its canonical
// form.
func canonicalVoter(ids *jids, own types.JID) func(string) string {
	return func(s string) string {
		if s == "" {
			return own.ToNonAD().String()
		}
		if j, err := types.ParseJID(s); err == nil {
			c, _ := ids.canonical(j)
			return c
		}
		return s
	}
}
