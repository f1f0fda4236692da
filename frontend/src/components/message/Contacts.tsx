import type { VCard } from '../../lib/types';

/** Contact cards: name, organisation, numbers and emails of each. */
export function Contacts({ cards }: { cards: VCard[] }) {
  return (
    <div className="msg-contacts" data-testid="message-contacts">
      {cards.map((c, i) => (
        <div key={`${c.name}-${i}`} className="msg-contact" data-testid="contact-card">
          <span className="msg-contact-avatar" aria-hidden="true">
            {(c.name || '?').slice(0, 1).toUpperCase()}
          </span>
          <div className="msg-contact-body">
            <div className="msg-card-title">{c.name || 'Contact'}</div>
            {c.org ? <div className="msg-card-line">{c.org}</div> : null}
            {(c.phones ?? []).map((p) => (
              <div key={p} className="msg-card-line">
                {p}
              </div>
            ))}
            {(c.emails ?? []).map((e) => (
              <div key={e} className="msg-card-line">
                {e}
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
