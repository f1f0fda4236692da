package main

import (
	"encoding/json"
	"net/http"

	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// onDemandModeRequest is the body of POST /ondemand: {"mode": "answer",
// "nothing_more" or "silent"}, optionally with "chat" to set the mode of one
// chat only (as the app's requests name it).
type onDemandModeRequest struct {
	Mode string `json:"mode"`
	Chat string `json:"chat"`
}

// onDemandModeHandler sets how the phone answers later on-demand history
// requests (see fakewa.OnDemandMode).
func onDemandModeHandler(phone *fakewa.Phone) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req onDemandModeRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mode, err := fakewa.ParseOnDemandMode(req.Mode)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if req.Chat == "" {
			phone.SetOnDemandMode(mode)
		} else {
			chat, err := types.ParseJID(req.Chat)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			phone.SetChatOnDemandMode(chat, mode)
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// onDemandListHandler answers GET /ondemand with every on-demand request
// the phone received, oldest first (fakewa.OnDemandRequest as JSON:
// request_id, companion, chat, oldest_msg_id, oldest_msg_from_me,
// oldest_msg_timestamp, count, received_at).
func onDemandListHandler(phone *fakewa.Phone) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(append([]fakewa.OnDemandRequest{}, phone.OnDemandRequests()...))
	}
}
