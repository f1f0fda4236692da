import type { MessageContent } from '../../lib/types';

const timer = (s: number) =>
  s >= 86400 ? `${Math.round(s / 86400)} d` : s >= 3600 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 60)} min`;

/** The labels above a message: forwarded (many times), view once, disappearing. */
export function Flags({ c }: { c?: MessageContent | null }) {
  if (!c || (!c.forwarded && !c.view_once && !c.ephemeral)) return null;
  return (
    <div className="msg-flags">
      {c.forwarded ? (
        <span className="msg-flag" data-testid="message-forwarded">
          ↪ {(c.forward_score ?? 0) >= 5 ? 'Forwarded many times' : 'Forwarded'}
        </span>
      ) : null}
      {c.view_once ? (
        <span className="msg-flag" data-testid="message-view-once">
          ① View once
        </span>
      ) : null}
      {c.ephemeral ? (
        <span className="msg-flag" title="Disappearing message" data-testid="message-ephemeral">
          ⏱ {timer(c.ephemeral)}
        </span>
      ) : null}
    </div>
  );
}
