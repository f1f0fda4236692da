import { useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { formatDateTime } from '../../lib/format';

/** A secret shown in full exactly once, with a copy button. */
export function SecretOnce({ secret, previousUntil, onDone }: { secret: string; previousUntil?: string; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    const ok = await copyText(secret);
    setCopied(ok ? 'Copied' : 'Could not copy — select the secret and copy it by hand');
  }
  return (
    <div className="note secret-once panel" role="status">
      <p>
        <strong>Copy this signing secret now — you will not see it again.</strong>
      </p>
      <div className="row wrap">
        <span className="mono key break" data-testid="webhook-created-secret">
          {secret}
        </span>
        <button type="button" className="btn btn-small" onClick={copy} data-testid="webhook-copy-secret">
          Copy
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Done
        </button>
        {copied ? <span className="muted small">{copied}</span> : null}
      </div>
      {previousUntil ? (
        <p className="muted small" data-testid="webhook-previous-until">
          The old secret keeps signing deliveries until {formatDateTime(previousUntil) || previousUntil}.
        </p>
      ) : null}
    </div>
  );
}
