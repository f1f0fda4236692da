import { useState } from 'react';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';

/**
 * Backs the database up while wasync runs: a native save dialog in the window,
 * a download in a browser. Restoring is a command, shown here so nobody has to
 * look it up when it matters.
 */
export function BackupPanel() {
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [error, setError] = useState('');

  async function backup() {
    setBusy(true);
    setError('');
    setResult('');
    try {
      const path = await backend.createBackup();
      setResult(path ? `Saved to ${path}` : backend.transport === 'http' ? 'Your download has started.' : '');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="settings-backup">
      <div className="row wrap">
        <button type="button" className="btn btn-small" onClick={backup} disabled={busy} data-testid="settings-backup-button">
          {busy ? 'Backing up…' : 'Back up now'}
        </button>
        {result ? (
          <span className="muted small" role="status" data-testid="settings-backup-result">
            {result}
          </span>
        ) : null}
      </div>
      <p className="muted small">
        A consistent copy of the whole archive, taken while wasync keeps running. It holds the linked device&apos;s keys:
        keep it private. To restore, stop wasync and run <span className="mono">wasync-server restore FILE</span>.
      </p>
      {error ? (
        <p className="error-text" role="alert">
          Backup failed: {error}
        </p>
      ) : null}
    </div>
  );
}
