import { useState } from 'react';
import { errorText } from '../lib/api-error';
import { formatDateTime } from '../lib/format';
import type { MessageVersion, MessageVersionList } from '../lib/types';

interface Props {
  messageId: string;
  load: (id: string) => Promise<MessageVersionList>;
}

/** The "edited" marker; on request it lists the earlier versions of the text, oldest first. */
export function EditedVersions({ messageId, load }: Props) {
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<MessageVersion[] | null>(null);
  const [error, setError] = useState('');

  async function toggle() {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    if (versions) return;
    try {
      setError('');
      setVersions((await load(messageId)).versions);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const earlier = (versions ?? []).filter((v) => !v.current);
  return (
    <>
      <button
        type="button"
        className="msg-edited link-button"
        onClick={toggle}
        aria-expanded={open}
        data-testid="message-edited"
      >
        edited
      </button>
      {open ? (
        <div className="msg-versions" data-testid="message-versions">
          {error ? <p className="error-text">{error}</p> : null}
          {!error && !versions ? <p className="muted small">Loading earlier versions…</p> : null}
          {versions && earlier.length === 0 ? <p className="muted small">No earlier version kept.</p> : null}
          {earlier.length ? (
            <ol className="msg-version-list">
              {earlier.map((v, i) => (
                <li key={`${v.timestamp}-${i}`} data-testid="message-version">
                  <span className="muted small">
                    {v.original ? 'Original' : 'Edit'} · {formatDateTime(v.timestamp)}
                  </span>
                  <div className="msg-version-text">{v.text}</div>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
