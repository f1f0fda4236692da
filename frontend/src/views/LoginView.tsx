import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';

export function LoginView({ onLoggedIn }: { onLoggedIn: () => void }) {
  const backend = useBackend();
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!key.trim()) {
      setError('Enter the API key');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await backend.login(key.trim());
      setKey('');
      onLoggedIn();
    } catch (err) {
      setError(err instanceof ApiError && (err.code === 401 || err.code === 403) ? 'That key is not valid' : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login" data-testid="screen-login">
      <form className="login-card" onSubmit={submit}>
        <div className="login-brand">wasync</div>
        <h1>Sign in</h1>
        <p className="muted">
          Enter the wasync API key (shown in Settings, and stored in the data folder), or open the one-time login
          link wasync prints on its console when it starts.
        </p>
        <label htmlFor="login-key">API key</label>
        <input
          id="login-key"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          data-testid="login-key"
        />
        {error ? (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
