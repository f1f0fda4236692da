import { useState } from 'react';
import { errorText } from '../lib/api-error';
import { useBackend } from '../lib/context';
import type { ExportFormat } from '../lib/types';

const FORMATS: { format: ExportFormat; label: string; title: string }[] = [
  { format: 'jsonl', label: 'JSON Lines', title: 'One JSON object per message, for scripts' },
  { format: 'html', label: 'HTML', title: 'A standalone page to read or print' },
];

/** Export buttons for one chat. The window asks where to save; the browser downloads. */
export function ExportMenu({ jid }: { jid: string }) {
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; error: boolean } | null>(null);

  async function run(format: ExportFormat) {
    setBusy(true);
    setResult(null);
    try {
      const path = await backend.exportChat(jid, format);
      if (backend.transport === 'wails') setResult({ text: path ? `Saved to ${path}` : 'Export cancelled', error: false });
      else setResult({ text: 'Download started', error: false });
    } catch (err) {
      setResult({ text: `Export failed: ${errorText(err)}`, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export">
      <div className="export-group" role="group" aria-label="Export chat">
        <span className="muted small">Export</span>
        {FORMATS.map((f) => (
          <button
            key={f.format}
            type="button"
            className="btn btn-small"
            title={f.title}
            disabled={busy}
            onClick={() => run(f.format)}
            data-testid={`export-${f.format}`}
          >
            {f.label}
          </button>
        ))}
      </div>
      {result ? (
        <p
          className={`export-result ${result.error ? 'error-text' : 'muted'}`}
          role={result.error ? 'alert' : 'status'}
          data-testid="export-result"
        >
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
