package core

import (
	"context"

	"github.com/wasync/wasync/backend/domain"
)

// Backfill completes the archive in the background (history.Backfill).
type Backfill interface {
	Status(ctx context.Context) (domain.BackfillStatus, error)
	SetPaused(ctx context.Context, paused bool) (domain.BackfillStatus, error)
	Wake()
}

// SetBackfill installs the background backfill.
func (s *Service) SetBackfill(b Backfill) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backfill = b
}

func (s *Service) backfiller() (Backfill, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.backfill == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "wasync is still starting")
	}
	return s.backfill, nil
}

// BackfillStatus reports the background backfill's progress.
func (s *Service) BackfillStatus(ctx context.Context) (domain.BackfillStatus, error) {
	b, err := s.backfiller()
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	return b.Status(ctx)
}

// PauseBackfill switches the background backfill off (paused) or on.
func (s *Service) PauseBackfill(ctx context.Context, paused bool) (domain.BackfillStatus, error) {
	b, err := s.backfiller()
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	return b.SetPaused(ctx, paused)
}
