package core

import (
	"context"

	"github.com/wasync/wasync/backend/domain"
)

// History stores history syncs and live messages (history.Processor).
type History interface {
	Notified(ctx context.Context, n domain.HistoryNotification) error
	LiveMessage(ctx context.Context, chunk domain.HistoryChunk) error
	Wake()
}

// SetHistory installs the history processor.
func (s *Service) SetHistory(h History) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = h
}

func (s *Service) hist() (History, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.history == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "history storage is still starting")
	}
	return s.history, nil
}

// HistoryNotified persists a history sync notification (wa.Sink).
func (s *Service) HistoryNotified(ctx context.Context, n domain.HistoryNotification) error {
	h, err := s.hist()
	if err != nil {
		return err
	}
	return h.Notified(ctx, n)
}

// LiveMessage stores a message as it arrives (wa.Sink).
func (s *Service) LiveMessage(ctx context.Context, chunk domain.HistoryChunk) error {
	h, err := s.hist()
	if err != nil {
		return err
	}
	return h.LiveMessage(ctx, chunk)
}

// Account returns the linked account's JID, or "".
func (s *Service) Account() string {
	l, err := s.link()
	if err != nil {
		return ""
	}
	return l.Session().JID
}
