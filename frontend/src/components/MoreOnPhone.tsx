import { useState } from 'react';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';

/** Marker at the top of a chat whose older history is still only on the phone. */
export function MoreOnPhone({ jid }: { jid: string }) {
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);

  async function ask() {
    setBusy(true);
    setNote(null);
    try {
      const r = await backend.requestHistorySync({ chat_jid: jid, count: 50 });
      setNote({ text: r.note || 'Asked the phone for older messages. They appear here when it answers.', error: false });
    } catch (err) {
      setNote({ text: errorText(err), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="more-on-phone" data-testid="more-on-phone">
      <p>More history is on your phone</p>
      <button type="button" className="btn" onClick={ask} disabled={busy} data-testid="load-from-phone">
        {busy ? 'Asking the phone…' : 'Load older messages from the phone'}
      </button>
      {note ? (
        <p className={note.error ? 'error-text' : 'muted'} role={note.error ? 'alert' : 'status'} data-testid="load-from-phone-result">
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
