import { useState } from 'react';
import { ErrorText } from '../ErrorText';
import { useBackend } from '../../lib/context';
import { useAction } from '../../lib/hooks';
import type { WebhookTestResult } from '../../lib/types';
import { formatMs } from '../../lib/webhooks';

/** "Send test": a test.ping now, then what the receiver answered (status, time, body) or why it failed. */
export function WebhookTest({ webhookId, onDone }: { webhookId: string; onDone?: () => void }) {
  const backend = useBackend();
  const act = useAction();
  const [res, setRes] = useState<WebhookTestResult | null>(null);

  async function send() {
    setRes(null);
    const r = await act.run(() => backend.testWebhook(webhookId));
    if (r) setRes(r);
    onDone?.();
  }

  return (
    <>
      <button type="button" className="btn btn-small" onClick={send} disabled={act.busy} data-testid="webhook-test">
        {act.busy ? 'Sending…' : 'Send test'}
      </button>
      {res || act.error ? (
        <div className="test-result panel" data-testid="webhook-test-result" data-delivered={res ? String(res.delivered) : 'false'}>
          <ErrorText error={act.error} prefix="Test not sent" testId="webhook-error" />
          {res ? (
            <>
              <p className={`status ${res.delivered ? 'status-complete' : 'status-failed'}`}>
                {res.delivered ? 'Delivered' : 'Not delivered'}
                {res.response_status ? ` — HTTP ${res.response_status}` : ''}
                {` in ${formatMs(res.duration_ms) || '0 ms'}`}
              </p>
              {res.error ? <p className="error-text">{res.error}</p> : null}
              {res.response_body ? <pre className="pre">{res.response_body}</pre> : <p className="muted small">Empty response body</p>}
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
