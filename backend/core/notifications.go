package core

import (
	"context"
	"strconv"

	"github.com/wasync/wasync/backend/domain"
)

// NotificationStore is the history queue as core shows and retries it.
type NotificationStore interface {
	HistoryNotifications(ctx context.Context, q domain.NotificationQuery) (domain.NotificationPage, error)
	RetryHistoryNotification(ctx context.Context, id int64) (domain.NotificationInfo, error)
	RetryFailedHistoryNotifications(ctx context.Context) (int, error)
}

// ListHistoryNotifications lists history sync notifications, newest first,
// optionally only the pending, done or failed ones.
func (s *Service) ListHistoryNotifications(ctx context.Context, q domain.NotificationQuery) (domain.NotificationPage, error) {
	switch q.Status {
	case "", domain.NotificationPending, domain.NotificationDone, domain.NotificationFailed:
	default:
		return domain.NotificationPage{}, domain.Errorf(domain.CodeInvalid,
			"status %q: use pending, done or failed (or leave it out for all)", q.Status)
	}
	return s.store.HistoryNotifications(ctx, q)
}

// RetryHistoryNotification puts a failed (or backing-off) notification back
// in the history queue with its attempts reset, and wakes the queue. id is
// the notification's id as the API and the UI show it.
func (s *Service) RetryHistoryNotification(ctx context.Context, id string) (domain.NotificationInfo, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return domain.NotificationInfo{}, domain.Errorf(domain.CodeNotFound, "history notification %q not found", id)
	}
	info, err := s.store.RetryHistoryNotification(ctx, n)
	if err != nil {
		return info, err
	}
	s.wakeHistory()
	return info, nil
}

// RetryFailedHistoryNotifications puts every failed notification back in
// the history queue and wakes it.
func (s *Service) RetryFailedHistoryNotifications(ctx context.Context) (domain.RetryResult, error) {
	n, err := s.store.RetryFailedHistoryNotifications(ctx)
	if err != nil {
		return domain.RetryResult{}, err
	}
	if n > 0 {
		s.wakeHistory()
	}
	return domain.RetryResult{Retried: n}, nil
}

// wakeHistory makes the history queue look for work now, if it runs.
func (s *Service) wakeHistory() {
	if h, err := s.hist(); err == nil {
		h.Wake()
	}
}
