const TICKS: Record<string, { mark: string; label: string; read?: boolean }> = {
  pending: { mark: '🕓', label: 'Pending' },
  sent: { mark: '✓', label: 'Sent' },
  server_ack: { mark: '✓', label: 'Sent' },
  delivered: { mark: '✓✓', label: 'Delivered' },
  delivery_ack: { mark: '✓✓', label: 'Delivered' },
  read: { mark: '✓✓', label: 'Read', read: true },
  played: { mark: '✓✓', label: 'Played', read: true },
};

/** The ticks of one's own message: sent ✓, delivered ✓✓, read ✓✓ in blue. */
export function StatusTicks({ status }: { status?: string }) {
  const t = status ? TICKS[status.toLowerCase()] : undefined;
  if (!t) return null;
  return (
    <span className={`msg-ticks${t.read ? ' read' : ''}`} title={t.label} aria-label={t.label} data-testid="message-status">
      {t.mark}
    </span>
  );
}
