package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// appStateRequest is the body of POST /appstate: a change made on the phone.
// Action is one of share_keys (to every companion), archive, unarchive, pin,
// unpin, mute (until: Unix seconds, 0 for ever), unmute, read, unread, star,
// unstar, delete_for_me (id, sender, from_me, sent) or contact (chat is the
// contact; full_name, first_name, alt).
type appStateRequest struct {
	Action    string `json:"action"`
	Chat      string `json:"chat"`
	Sender    string `json:"sender"`
	ID        string `json:"id"`
	FromMe    bool   `json:"from_me"`
	Until     int64  `json:"until"`
	Sent      int64  `json:"sent"`
	FullName  string `json:"full_name"`
	FirstName string `json:"first_name"`
	Alt       string `json:"alt"`
}

// appStateHandler makes the phone change its app state (see
// fakewa.Phone.ApplyAppState and its helpers).
func appStateHandler(phone *fakewa.Phone) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req appStateRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := applyAppState(r.Context(), phone, req); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func applyAppState(ctx context.Context, phone *fakewa.Phone, req appStateRequest) error {
	var chat, sender, alt types.JID
	for _, f := range []struct {
		s   string
		jid *types.JID
	}{{req.Chat, &chat}, {req.Sender, &sender}, {req.Alt, &alt}} {
		if f.s == "" {
			continue
		}
		j, err := types.ParseJID(f.s)
		if err != nil {
			return fmt.Errorf("bad JID %q: %w", f.s, err)
		}
		*f.jid = j
	}
	switch req.Action {
	case "share_keys":
		for _, companion := range phone.Companions() {
			if err := phone.ShareAppStateKeys(ctx, companion); err != nil {
				return err
			}
		}
		return nil
	case "archive", "unarchive":
		return phone.ArchiveChat(ctx, chat, req.Action == "archive")
	case "pin", "unpin":
		return phone.PinChat(ctx, chat, req.Action == "pin")
	case "mute", "unmute":
		var until time.Time
		if req.Until > 0 {
			until = time.Unix(req.Until, 0)
		}
		return phone.MuteChat(ctx, chat, req.Action == "mute", until)
	case "read", "unread":
		return phone.MarkChatRead(ctx, chat, req.Action == "read")
	case "star", "unstar":
		return phone.StarMessage(ctx, chat, sender, req.ID, req.FromMe, req.Action == "star")
	case "delete_for_me":
		return phone.DeleteMessageForMe(ctx, chat, sender, req.ID, req.FromMe, time.Unix(req.Sent, 0))
	case "contact":
		return phone.SaveContact(ctx, chat, req.FullName, req.FirstName, alt)
	}
	return fmt.Errorf("unknown app state action %q", req.Action)
}
