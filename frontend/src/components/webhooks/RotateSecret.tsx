import { useState } from 'react';
import { ErrorText } from '../ErrorText';
import { useBackend } from '../../lib/context';
import { useAction } from '../../lib/hooks';
import type { WebhookSecretRotation } from '../../lib/types';
import { SecretOnce } from './SecretOnce';

/** "Rotate secret" with an inline confirm; shows the new secret once and until when the old one signs. */
export function RotateSecret({ webhookId, onRotated }: { webhookId: string; onRotated: () => void }) {
  const backend = useBackend();
  const act = useAction();
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<WebhookSecretRotation | null>(null);

  async function rotate() {
    const r = await act.run(() => backend.rotateWebhookSecret(webhookId));
    if (!r) return;
    setConfirming(false);
    setRotated(r);
    onRotated();
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setConfirming(true)}
        disabled={act.busy || confirming}
        data-testid="webhook-rotate"
      >
        Rotate secret
      </button>
      {confirming ? (
        <div className="confirm panel" role="alertdialog" aria-label="Rotate the signing secret">
          <p>Make a new signing secret? The old one keeps signing for a while so the receiver can switch.</p>
          <button type="button" className="btn btn-danger" onClick={rotate} disabled={act.busy} data-testid="webhook-rotate-confirm">
            {act.busy ? 'Rotating…' : 'Rotate secret'}
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={act.busy}>
            Cancel
          </button>
          <ErrorText error={act.error} testId="webhook-error" />
        </div>
      ) : null}
      {rotated ? (
        <SecretOnce secret={rotated.secret} previousUntil={rotated.previous_secret_expires_at} onDone={() => setRotated(null)} />
      ) : null}
    </>
  );
}
