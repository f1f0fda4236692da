package core

import (
	"context"

	"github.com/wasync/wasync/backend/domain"
)

// Requests asks the phone for older history (history.Requester).
type Requests interface {
	Request(ctx context.Context, in domain.HistorySyncInput) (domain.HistorySyncAccepted, error)
}

// SetRequests installs on-demand request handling.
func (s *Service) SetRequests(r Requests) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = r
}

// RequestHistorySync asks the phone for older messages of one chat, or of
// the chats known to have more on the phone. The answer arrives later;
// history.sync_complete says what came back.
func (s *Service) RequestHistorySync(ctx context.Context, in domain.HistorySyncInput) (domain.HistorySyncAccepted, error) {
	if _, err := in.CountOrDefault(); err != nil {
		return domain.HistorySyncAccepted{}, err
	}
	in.ChatJID = domain.NormalizeChatJID(in.ChatJID)
	s.mu.Lock()
	r, l := s.requests, s.linker
	s.mu.Unlock()
	if r == nil || l == nil {
		return domain.HistorySyncAccepted{}, domain.Errorf(domain.CodeUnavailable, "wasync is still starting")
	}
	switch sess := l.Session(); sess.State {
	case domain.StateConnected:
	case domain.StateLoggedOut, domain.StateWaitingQR, domain.StatePairing:
		return domain.HistorySyncAccepted{}, domain.Errorf(domain.CodeConflict, "no phone is linked: link one first (GET /session)")
	default:
		return domain.HistorySyncAccepted{}, domain.Errorf(domain.CodeUnavailable, "not connected to WhatsApp (%s); the phone cannot be asked right now", sess.State)
	}
	return r.Request(ctx, in)
}

// GetHistoryRequest returns one request's status and per-chat counts.
func (s *Service) GetHistoryRequest(ctx context.Context, id string) (domain.HistoryRequest, error) {
	return s.store.HistoryRequest(ctx, id)
}
