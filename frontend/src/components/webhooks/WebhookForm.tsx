import { useState, type FormEvent } from 'react';
import { ErrorText } from '../ErrorText';
import { useAction } from '../../lib/hooks';
import { EventPicker } from './EventPicker';

export interface WebhookFormValue {
  url: string;
  events: string[];
  secret: string;
}

/** Add (URL, events, optional secret) or edit (URL, events) a webhook; server errors are shown inline. */
export function WebhookForm({
  mode,
  initial,
  onSubmit,
  onCancel,
}: {
  mode: 'add' | 'edit';
  initial?: Partial<WebhookFormValue>;
  onSubmit: (v: WebhookFormValue) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [events, setEvents] = useState<string[]>(initial?.events ?? []);
  const [secret, setSecret] = useState('');
  const act = useAction();
  const id = mode === 'add' ? 'webhook' : 'webhook-edit';

  async function submit(e: FormEvent) {
    e.preventDefault();
    await act.run(() => onSubmit({ url: url.trim(), events, secret: secret.trim() }));
  }

  return (
    <form className="card webhook-form" onSubmit={submit} data-testid={`${id}-form`}>
      <label className="field">
        <span>Receiver URL</span>
        <input
          type="text"
          inputMode="url"
          placeholder="https://example.com/wasync"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          data-testid={mode === 'add' ? 'webhook-url' : 'webhook-edit-url'}
          autoFocus
        />
      </label>
      <EventPicker value={events} onChange={setEvents} disabled={act.busy} testIdPrefix={`${id}-event-`} />
      {mode === 'add' ? (
        <label className="field">
          <span>Signing secret (optional — leave empty and wasync makes one)</span>
          <input
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            data-testid="webhook-secret-input"
          />
        </label>
      ) : null}
      <ErrorText error={act.error} testId="webhook-error" />
      <div className="row">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={act.busy}
          data-testid={mode === 'add' ? 'webhook-submit' : 'webhook-edit-save'}
        >
          {act.busy ? 'Saving…' : mode === 'add' ? 'Add webhook' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={act.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
