import type { Message } from '../../lib/types';

/** A system notice ("X added Y", "Messages are end-to-end encrypted") as a centred chip. */
export function SystemChip({ m }: { m: Message }) {
  return (
    <div className="msg-system" data-testid="message-system" data-message-id={m.id} id={`msg-${m.id}`} role="note">
      <span className="msg-system-chip">{m.text || m.content?.system?.kind || 'System message'}</span>
    </div>
  );
}
