import { useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ScreenHeader } from '../components/ScreenHeader';
import { SecretOnce } from '../components/webhooks/SecretOnce';
import { WebhookCard } from '../components/webhooks/WebhookCard';
import { WebhookForm } from '../components/webhooks/WebhookForm';
import { useBackend } from '../lib/context';
import { useLoad } from '../lib/hooks';
import type { Webhook } from '../lib/types';

export function WebhooksView() {
  const backend = useBackend();
  const list = useLoad(() => backend.listWebhooks(), []);
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Webhook | null>(null);

  useEffect(() => {
    if (list.data) setHooks(list.data.webhooks);
  }, [list.data]);

  const replace = (w: Webhook) => setHooks((hs) => hs.map((h) => (h.webhook_id === w.webhook_id ? w : h)));
  const remove = (id: string) => setHooks((hs) => hs.filter((h) => h.webhook_id !== id));

  async function create(v: { url: string; events: string[]; secret: string }) {
    const w = await backend.createWebhook({ url: v.url, events: v.events, secret: v.secret || undefined });
    setAdding(false);
    setCreated(w);
    // The list shows the secret masked; the full one is only in the notice above it.
    backend.getWebhook(w.webhook_id).then(
      (masked) => setHooks((hs) => [...hs.filter((h) => h.webhook_id !== w.webhook_id), masked]),
      () => list.reload(),
    );
  }

  const add = (
    <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} disabled={adding} data-testid="webhook-add">
      Add webhook
    </button>
  );

  return (
    <div className="screen" data-testid="screen-webhooks">
      <ScreenHeader
        title="Webhooks"
        subtitle="wasync posts events to these URLs, signed with each webhook's secret."
        actions={add}
      />
      <div className="screen-body">
        <ErrorText error={list.error} prefix="Could not load webhooks" />
        {adding ? <WebhookForm mode="add" onSubmit={create} onCancel={() => setAdding(false)} /> : null}
        {created ? (
          <div className="card" data-testid="webhook-created">
            <p>
              Webhook added for <span className="mono break">{created.url}</span>
            </p>
            <SecretOnce secret={created.secret} onDone={() => setCreated(null)} />
          </div>
        ) : null}
        {list.loading && !list.data ? <p className="muted">Loading…</p> : null}
        {list.data && !list.error && hooks.length === 0 && !adding ? (
          <EmptyState title="No webhooks — register one to receive history.sync_complete and other events">
            <p className="muted">Add a webhook and wasync posts each event to its URL as JSON, signed with its secret.</p>
          </EmptyState>
        ) : null}
        {hooks.map((h) => (
          <WebhookCard key={h.webhook_id} hook={h} onChange={replace} onRemoved={remove} />
        ))}
      </div>
    </div>
  );
}
