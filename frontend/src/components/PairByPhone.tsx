import { useState, type FormEvent } from 'react';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';

/** Digits only, with the country code; + spaces dashes dots and brackets are allowed and dropped. */
export function normalizePhone(input: string): { phone: string; error: string } {
  const trimmed = input.trim();
  if (!trimmed) return { phone: '', error: 'Enter your phone number with the country code' };
  if (/[^\d\s+\-().]/.test(trimmed)) return { phone: '', error: 'Use digits only (for example 15551234567)' };
  const phone = trimmed.replace(/\D/g, '');
  if (phone.length < 7 || phone.length > 15)
    return { phone: '', error: 'A phone number with country code has 7 to 15 digits' };
  return { phone, error: '' };
}

/** "ABCD1234" → "ABCD-1234" for reading; the raw code stays in data. */
export function formatPairCode(code: string): string {
  const c = code.replace(/[\s-]/g, '');
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : code;
}

export function PairByPhone({ initialCode }: { initialCode?: string }) {
  const backend = useBackend();
  const [input, setInput] = useState('');
  const [error, setError] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = code || initialCode || '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { phone, error: err } = normalizePhone(input);
    setError(err);
    if (err) return;
    setBusy(true);
    try {
      const r = await backend.pairPhone(phone);
      setCode(r.pair_code);
    } catch (e2) {
      setError(errorText(e2));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2>Link with a phone number instead</h2>
      <form className="inline-form" onSubmit={submit} noValidate>
        <label htmlFor="pair-phone">Phone number with country code</label>
        <div className="row">
          <input
            id="pair-phone"
            type="tel"
            inputMode="numeric"
            autoComplete="off"
            placeholder="15551234567"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            data-testid="pair-phone"
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="btn" disabled={busy} data-testid="pair-submit">
            {busy ? 'Requesting…' : 'Get a code'}
          </button>
        </div>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {shown ? (
        <div className="pair-code-box">
          <p>On your phone: WhatsApp › Linked devices › Link a device › Link with phone number instead, then enter</p>
          <p className="pair-code" data-testid="pair-code">
            {formatPairCode(shown)}
          </p>
        </div>
      ) : null}
    </section>
  );
}
