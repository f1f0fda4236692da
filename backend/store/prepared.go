package store

import "context"

// prepare fills the statement caches of the reader and writer pools with
// the hot queries (see stmtCache): the history request limiter's targets
// and checks, and the webhook worker's reads and outcome writes.
func (s *Store) prepare(ctx context.Context) error {
	var err error
	s.rq, err = newStmtCache(ctx, s.r, requestTargets, requestActiveForChat, peerSentIn, peerPagesPlanned, oldestMessage,
		outboxDue, outboxNextDue, webhooksEnabled)
	if err != nil {
		return err
	}
	if s.wq, err = newStmtCache(ctx, s.w, requestActiveForChat, peerSentIn, peerPagesPlanned, outboxRecord, webhookHealthy); err != nil {
		_ = s.rq.close()
		return err
	}
	return nil
}
