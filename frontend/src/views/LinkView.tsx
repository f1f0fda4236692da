import { useEffect, useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { PairByPhone } from '../components/PairByPhone';
import { QrPanel } from '../components/QrPanel';
import { ScreenHeader } from '../components/ScreenHeader';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';
import { useEvents, useLoad } from '../lib/hooks';
import type { Session } from '../lib/types';

const CONNECTION_EVENTS = [
  'connection.qr',
  'connection.state',
  'connection.connected',
  'connection.disconnected',
  'connection.logged_out',
  'connection.pair_success',
];

const STATE_LABELS: Record<string, string> = {
  logged_out: 'Not linked',
  waiting_qr: 'Waiting for you to scan the code',
  pairing: 'Pairing…',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

function isSession(v: unknown): v is Session {
  return !!v && typeof v === 'object' && typeof (v as Session).state === 'string';
}

export function LinkView() {
  const backend = useBackend();
  const load = useLoad(() => backend.session(), []);
  const [session, setSession] = useState<Session | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState('');
  const [confirmLogout, setConfirmLogout] = useState(false);

  useEffect(() => {
    if (load.data) setSession(load.data);
  }, [load.data]);

  // Opening the link screen unlinked asks WhatsApp for a code at once, as
  // WhatsApp Web does. After an expiry (reason set) it waits for "New code".
  const [autoStarted, setAutoStarted] = useState(false);
  useEffect(() => {
    if (autoStarted || !load.data) return;
    if (load.data.state === 'logged_out' && !load.data.reason) {
      setAutoStarted(true);
      void act(() => backend.refreshQR());
    }
  }, [load.data, autoStarted]);

  useEvents(CONNECTION_EVENTS, (ev) => {
    if (ev.event_type === 'connection.state' && isSession(ev.data)) setSession(ev.data);
    else load.reload();
  });

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setActionError('');
    try {
      await fn();
      load.reload();
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const s = session;
  return (
    <div className="screen" data-testid="screen-link">
      <ScreenHeader
        title="Link a phone"
        subtitle={
          s ? (
            <span className={`state state-${s.state}`} data-testid="session-state">
              {STATE_LABELS[s.state] ?? s.state}
            </span>
          ) : null
        }
      />
      <div className="screen-body">
        {load.loading && !s ? <p className="muted">Loading the session…</p> : null}
        {load.error && !s ? <ErrorText error={load.error} prefix="Could not read the session" /> : null}
        {actionError ? (
          <p className="error-text" role="alert">
            {actionError}
          </p>
        ) : null}
        {s?.reason ? (
          <div className="banner banner-warn inline" data-testid="session-reason">
            {s.reason}
          </div>
        ) : null}
        {s?.previous_account ? (
          <p className="muted" data-testid="previous-account">
            This computer keeps history from a previously linked account ({s.previous_account}).
          </p>
        ) : null}

        {s?.state === 'connected' ? (
          <section className="card" data-testid="account">
            <h2>{s.push_name || 'Linked account'}</h2>
            <p className="mono">{s.jid}</p>
            <p className="muted">Your history syncs into this computer while the phone is online.</p>
            {confirmLogout ? (
              <div className="confirm">
                <p>Unlink this computer from WhatsApp? History already stored here stays.</p>
                <button type="button" className="btn btn-danger" disabled={busy} onClick={() => act(() => backend.logout())}>
                  Unlink
                </button>
                <button type="button" className="btn" onClick={() => setConfirmLogout(false)}>
                  Cancel
                </button>
              </div>
            ) : (
              <button type="button" className="btn" onClick={() => setConfirmLogout(true)} data-testid="logout">
                Log out
              </button>
            )}
          </section>
        ) : null}

        {s && s.state !== 'connected' ? (
          <div className="link-grid">
            <section className="card">
              <h2>Scan with WhatsApp</h2>
              <ol className="steps">
                <li>Open WhatsApp on your phone</li>
                <li>Settings › Linked devices › Link a device</li>
                <li>Point the phone at this code</li>
              </ol>
              {s.qr ? (
                <QrPanel qr={s.qr} busy={busy} onNewCode={() => act(() => backend.refreshQR())} />
              ) : (
                <div className="qr-placeholder">
                  <p className="muted">
                    {s.state === 'connecting'
                      ? 'Connecting to WhatsApp…'
                      : s.state === 'pairing'
                        ? 'Finishing the pairing — keep the phone open.'
                        : s.state === 'disconnected'
                          ? 'Disconnected from WhatsApp. wasync keeps trying to reconnect.'
                          : 'No code yet.'}
                  </p>
                  {s.state === 'logged_out' || s.state === 'waiting_qr' ? (
                    <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act(() => backend.refreshQR())}>
                      New code
                    </button>
                  ) : null}
                </div>
              )}
            </section>
            {s.state === 'logged_out' || s.state === 'waiting_qr' || s.state === 'pairing' ? (
              <PairByPhone initialCode={s.pair_code} />
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
