import { formatCount } from '../lib/format';
import { useNow } from '../lib/hooks';
import { barPhase, currentRun, syncedMessages, SYNC_STATUS_LABELS, syncTypeLabel, type SyncRun } from '../lib/sync-progress';
import { useSyncState } from '../lib/sync-store';
import { ProgressBar } from './ProgressBar';

/** The numbers of one sync: progress, chunks, messages, type — or its result once complete. */
export function SyncRunSummary({ run, compact }: { run: SyncRun; compact?: boolean }) {
  const type = syncTypeLabel(run.sync_type);
  const notComplete = !run.active && run.status && run.status !== 'complete';
  return (
    <>
      <div className="sync-title">
        <strong data-testid="sync-progress-title">
          {run.active ? 'Syncing history' : `History synced: ${formatCount(syncedMessages(run))} messages`}
        </strong>
        {type ? <span className="muted small"> · {type}</span> : null}
        {notComplete ? <span className="muted small"> · {SYNC_STATUS_LABELS[run.status] ?? run.status}</span> : null}
      </div>
      {run.active || !compact ? <ProgressBar value={run.progress} label="History sync progress" /> : null}
      <p className="stats">
        {run.active ? <span>{run.progress === null ? 'Progress not reported' : `${Math.round(run.progress)}%`}</span> : null}
        <span>{formatCount(run.chunks)} chunks</span>
        {compact ? null : <span>{formatCount(run.conversations)} conversations</span>}
        <span>{formatCount(run.new_messages)} messages received</span>
        {run.errors ? (
          <span className="error-text" title={run.last_error}>
            {formatCount(run.errors)} failed chunks
          </span>
        ) : null}
      </p>
    </>
  );
}

/** App-wide bar: visible while a sync runs, then "History synced: N messages", then fades away. */
export function SyncBar() {
  const state = useSyncState();
  const run = currentRun(state);
  const phase = barPhase(run, Date.now());
  useNow(500, phase !== 'hidden'); // re-render to advance the fade
  if (!run || phase === 'hidden') return null;
  return (
    <div
      className={`sync-bar sync-bar-${phase}`}
      role="status"
      aria-live="polite"
      data-testid="sync-progress"
      data-phase={phase}
    >
      <SyncRunSummary run={run} compact />
      <a className="sync-bar-link small" href="#/sync">
        Details
      </a>
    </div>
  );
}
