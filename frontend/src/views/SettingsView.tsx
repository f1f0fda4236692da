import { useState } from 'react';
import { BackupPanel } from '../components/BackupPanel';
import { ErrorText } from '../components/ErrorText';
import { ScreenHeader } from '../components/ScreenHeader';
import { errorText } from '../lib/api-error';
import { copyText, maskKey } from '../lib/clipboard';
import { useBackend, useSettings } from '../lib/context';
import { useLoad } from '../lib/hooks';

export function SettingsView() {
  const backend = useBackend();
  const { setSettings } = useSettings();
  const load = useLoad(() => backend.settings(), []);
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [rotateError, setRotateError] = useState('');
  /** settings as the last change returned them (rotation, toggles) */
  const [latest, setLatest] = useState<typeof load.data>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState('');
  const s = latest ?? load.data;

  async function copy() {
    if (!s) return;
    const ok = await copyText(s.api_key);
    setCopied(ok ? 'Copied' : 'Could not copy — select the key and copy it by hand');
    if (ok) setTimeout(() => setCopied(''), 2000);
    if (!ok) setShown(true);
  }

  async function rotate() {
    setBusy(true);
    setRotateError('');
    try {
      const next = await backend.rotateApiKey();
      setLatest(next);
      setSettings(next);
      setConfirming(false);
      setShown(true);
    } catch (err) {
      setRotateError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function setHideDeleted(on: boolean) {
    // The box follows the click at once; a refused change puts it back.
    const before = s;
    if (s) setLatest({ ...s, hide_deleted_content: on });
    setSaving(true);
    setSaveError('');
    try {
      const next = await backend.updateSettings({ hide_deleted_content: on });
      setLatest(next);
      setSettings(next);
    } catch (err) {
      setLatest(before);
      setSaveError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="screen" data-testid="screen-settings">
      <ScreenHeader title="Settings" />
      <div className="screen-body">
        <ErrorText error={load.error} prefix="Could not read settings" />
        {load.loading && !s ? <p className="muted">Loading…</p> : null}
        {s ? (
          <dl className="settings">
            <dt>API address</dt>
            <dd>
              <span className="mono" data-testid="settings-api-addr">
                {s.api_addr}
              </span>
              <div className="muted small">Scripts call this address with the key below in the Authorization header.</div>
            </dd>

            <dt>API key</dt>
            <dd>
              <div className="row wrap">
                <span className="mono key" data-testid="settings-api-key">
                  {shown ? s.api_key : maskKey(s.api_key)}
                </span>
                <button type="button" className="btn btn-small" onClick={() => setShown((v) => !v)} aria-pressed={shown}>
                  {shown ? 'Hide' : 'Show'}
                </button>
                <button type="button" className="btn btn-small" onClick={copy} data-testid="settings-copy">
                  Copy
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setConfirming(true)}
                  disabled={s.api_key_from_env || busy || confirming}
                  data-testid="settings-rotate"
                >
                  Rotate
                </button>
                {copied ? (
                  <span className="muted small" role="status">
                    {copied}
                  </span>
                ) : null}
              </div>
              {s.api_key_from_env ? (
                <p className="muted small" data-testid="settings-key-from-env">
                  This key comes from an environment variable, so it cannot be rotated here. Change the variable and
                  restart wasync.
                </p>
              ) : null}
              {confirming ? (
                <div className="confirm" role="alertdialog" aria-label="Rotate the API key">
                  <p>Make a new API key? Scripts using the old key will stop working until they use the new one.</p>
                  <button
                    type="button"
                    className="btn btn-danger"
                    onClick={rotate}
                    disabled={busy}
                    data-testid="settings-rotate-confirm"
                  >
                    {busy ? 'Rotating…' : 'Rotate key'}
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={busy}>
                    Cancel
                  </button>
                </div>
              ) : null}
              {rotateError ? (
                <p className="error-text" role="alert">
                  {rotateError}
                </p>
              ) : null}
            </dd>

            <dt>Deleted messages</dt>
            <dd>
              <label className="row">
                <input
                  type="checkbox"
                  checked={!!s.hide_deleted_content}
                  disabled={saving}
                  onChange={(e) => setHideDeleted(e.target.checked)}
                  data-testid="settings-hide-deleted"
                />
                Hide what deleted messages said
              </label>
              <div className="muted small">
                wasync keeps the content of messages deleted for everyone. When this is on it is never shown or
                returned by the API; turn it off to see it again.
              </div>
              {saveError ? (
                <p className="error-text" role="alert">
                  {saveError}
                </p>
              ) : null}
            </dd>

            <dt>Data folder</dt>
            <dd className="mono break" data-testid="settings-data-dir">
              {s.data_dir}
            </dd>

            <dt>Backup</dt>
            <dd>
              <BackupPanel />
            </dd>

            <dt>Version</dt>
            <dd data-testid="settings-version">{s.version}</dd>

            <dt>Mode</dt>
            <dd data-testid="settings-mode">
              {s.mode === 'headless' ? 'Headless (browser UI over HTTP)' : 'Desktop window'}
            </dd>
          </dl>
        ) : null}
      </div>
    </div>
  );
}
