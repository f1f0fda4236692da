import type { Business as BusinessData } from '../../lib/types';
import { Text } from './Text';

/** A business or bot message (buttons, list, template, product, order) or the user's reply to one. */
export function Business({ business: b, text }: { business: BusinessData; text: string }) {
  if (b.reply) {
    return (
      <div className="msg-business-reply" data-testid="message-business">
        <span className="msg-card-kicker">Reply</span>
        <div className="msg-text">{b.reply}</div>
      </div>
    );
  }
  const body = b.title && text.startsWith(b.title) ? text.slice(b.title.length).replace(/^\n/, '') : text;
  return (
    <div className="msg-business" data-testid="message-business">
      {b.title ? <div className="msg-card-title">{b.title}</div> : null}
      <Text text={body} />
      {b.price ? <div className="msg-card-line msg-business-price">{b.price}</div> : null}
      {b.footer ? <div className="msg-card-line msg-business-footer">{b.footer}</div> : null}
      {(b.buttons ?? []).length ? (
        <div className="msg-business-buttons">
          {(b.buttons ?? []).map((label, i) => (
            <span key={`${label}-${i}`} className="msg-business-button">
              {label}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
