import { useState } from 'react';
import { ErrorText } from '../ErrorText';
import { useBackend } from '../../lib/context';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import type { Webhook } from '../../lib/types';
import { eventsLabel } from '../../lib/webhooks';
import { DeliveryLog } from './DeliveryLog';
import { RotateSecret } from './RotateSecret';
import { WebhookForm } from './WebhookForm';
import { WebhookTest } from './WebhookTest';

/** One webhook: its settings, enable/disable, edit, test, rotate, delete, and its delivery log. */
export function WebhookCard({
  hook,
  onChange,
  onRemoved,
}: {
  hook: Webhook;
  onChange: (w: Webhook) => void;
  onRemoved: (id: string) => void;
}) {
  const backend = useBackend();
  const act = useAction();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [logOpen, setLogOpen] = useState(true);
  const id = hook.webhook_id;

  const refresh = () => backend.getWebhook(id).then(onChange, () => {});

  async function setEnabled(enabled: boolean) {
    const w = await act.run(() => backend.updateWebhook(id, { enabled }));
    if (w) onChange(w);
  }

  async function remove() {
    const done = await act.run(async () => {
      await backend.deleteWebhook(id);
      return true;
    });
    if (done) onRemoved(id);
  }

  return (
    <section className="card webhook" data-testid="webhook-row" data-webhook-id={id}>
      <div className="webhook-head">
        <span className="mono break webhook-url">{hook.url}</span>
        <label className="check">
          <input
            type="checkbox"
            checked={hook.enabled}
            disabled={act.busy}
            onChange={(e) => setEnabled(e.target.checked)}
            data-testid="webhook-enabled"
          />
          {hook.enabled ? 'Enabled' : 'Disabled'}
        </label>
      </div>
      {!hook.enabled && hook.disabled_reason ? (
        <p className="banner banner-warn inline" data-testid="webhook-disabled-reason">
          disabled: {hook.disabled_reason}
        </p>
      ) : null}
      <dl className="webhook-meta">
        <dt>Events</dt>
        <dd className={hook.events?.length ? 'mono' : 'muted'}>{eventsLabel(hook.events)}</dd>
        <dt>Secret</dt>
        <dd className="mono" data-testid="webhook-secret">
          {hook.secret}
        </dd>
        <dt>Added</dt>
        <dd>{formatDateTime(hook.created_at)}</dd>
      </dl>
      {editing ? (
        <WebhookForm
          mode="edit"
          initial={{ url: hook.url, events: hook.events ?? [] }}
          onCancel={() => setEditing(false)}
          onSubmit={async (v) => {
            onChange(await backend.updateWebhook(id, { url: v.url, events: v.events }));
            setEditing(false);
          }}
        />
      ) : null}
      <div className="webhook-actions">
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)} disabled={editing} data-testid="webhook-edit">
          Edit
        </button>
        <WebhookTest webhookId={id} onDone={refresh} />
        <RotateSecret webhookId={id} onRotated={refresh} />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setDeleting(true)}
          disabled={act.busy || deleting}
          data-testid="webhook-delete"
        >
          Delete
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setLogOpen((v) => !v)}
          aria-expanded={logOpen}
          data-testid="webhook-deliveries-toggle"
        >
          {logOpen ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        {deleting ? (
          <div className="confirm panel" role="alertdialog" aria-label="Delete the webhook">
            <p>Delete this webhook and its delivery log? Pending deliveries are dropped.</p>
            <button type="button" className="btn btn-danger" onClick={remove} disabled={act.busy} data-testid="webhook-delete-confirm">
              {act.busy ? 'Deleting…' : 'Delete webhook'}
            </button>
            <button type="button" className="btn" onClick={() => setDeleting(false)} disabled={act.busy}>
              Cancel
            </button>
          </div>
        ) : null}
      </div>
      <ErrorText error={act.error} testId="webhook-error" />
      {logOpen ? <DeliveryLog webhookId={id} onPoll={refresh} /> : null}
    </section>
  );
}
