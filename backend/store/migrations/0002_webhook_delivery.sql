-- wasync schema version 2: what the webhook delivery worker needs.
-- retry_index counts attempts since the last (re)delivery request and picks
-- the next backoff step; attempts keeps counting every attempt.
ALTER TABLE webhook_deliveries ADD COLUMN retry_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN last_attempt_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN last_duration_ms INTEGER NOT NULL DEFAULT 0;

-- The worker claims each webhook's due rows separately, so a receiver with a
-- long backlog never hides another's: a partial index of pending rows.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, next_attempt_ms)
    WHERE status = 'pending';
