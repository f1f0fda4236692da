/** value 0..100, or null for an indeterminate bar. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const v = value === null ? null : Math.max(0, Math.min(100, value));
  return (
    <div
      className={`progress${v === null ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={v ?? undefined}
    >
      <div className="progress-fill" style={v === null ? undefined : { width: `${v}%` }} />
    </div>
  );
}
