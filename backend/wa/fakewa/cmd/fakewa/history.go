package main

import (
	"encoding/json"
	"net/http"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// historyRequest is the body of POST /history.
type historyRequest struct {
	Seed            int64    `json:"seed"`
	Chats           int      `json:"chats"`
	Groups          int      `json:"groups"`
	MessagesPerChat int      `json:"messages_per_chat"`
	ChunkMessages   int      `json:"chunk_messages"`
	Inline          bool     `json:"inline"`
	ExtraTexts      []string `json:"extra_texts"`
	InitialPerChat  int      `json:"initial_per_chat"`
	// EveryKind adds a group holding one message of every kind (see
	// fakewa.GenOpts.EveryKind).
	EveryKind bool `json:"every_kind"`
}

// historyResponse is what a linked app should end up with (see
// fakewa.Expected): counts per conversation ID as sent, merged_counts with
// LID chats folded into their phone-number chat, the total, chat names and
// LID → phone-number aliases. With initial_per_chat, on_demand_counts
// (storable messages per conversation ID), on_demand_messages (messages of
// every kind, the unit of a request's count) and on_demand_total are what
// the phone holds back and answers on-demand requests from, and
// more_on_phone says which conversations have any.
type historyResponse struct {
	Counts           map[string]int    `json:"counts"`
	MergedCounts     map[string]int    `json:"merged_counts"`
	Total            int               `json:"total"`
	Names            map[string]string `json:"names"`
	Aliases          map[string]string `json:"aliases"`
	OnDemandCounts   map[string]int    `json:"on_demand_counts"`
	OnDemandMessages map[string]int    `json:"on_demand_messages"`
	OnDemandTotal    int               `json:"on_demand_total"`
	MoreOnPhone      map[string]bool   `json:"more_on_phone"`
}

// historyHandler generates a history and sends it, chunk by chunk and then
// the push names, to every companion linked to phone; it answers once every
// companion has acknowledged every chunk. The phone then answers on-demand
// requests from the whole generated history.
func historyHandler(phone *fakewa.Phone) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req historyRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		g := fakewa.NewHistoryGenerator(fakewa.GenOpts{
			Seed: req.Seed, Chats: req.Chats, Groups: req.Groups, MessagesPerChat: req.MessagesPerChat,
			ChunkMessages: req.ChunkMessages, ExtraTexts: req.ExtraTexts, Owner: phone.JID(),
			InitialPerChat: req.InitialPerChat, EveryKind: req.EveryKind,
		})
		if err := phone.SendGeneratedHistory(r.Context(), g, fakewa.HistoryOpts{Inline: req.Inline}); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		exp := g.Expected()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(historyResponse{
			Counts: exp.Counts, MergedCounts: exp.MergedCounts(), Total: exp.Total, Names: exp.Names, Aliases: exp.Aliases,
			OnDemandCounts: exp.OnDemandCounts, OnDemandMessages: exp.OnDemandMessages, OnDemandTotal: exp.OnDemandTotal,
			MoreOnPhone: exp.MoreOnPhone,
		})
	}
}
