import type { Payment as PaymentData } from '../../lib/types';

/** A payment or a request for one: amount, status, note. */
export function Payment({ payment: p, request }: { payment: PaymentData; request?: boolean }) {
  const amount = [p.currency, p.amount].filter(Boolean).join(' ');
  return (
    <div className="msg-card msg-payment" data-testid="message-payment">
      <div className="msg-card-kicker">{request ? 'Payment request' : 'Payment'}</div>
      {amount ? <div className="msg-card-title msg-payment-amount">{amount}</div> : null}
      {p.status ? <div className="msg-card-line">{p.status}</div> : null}
      {p.note ? <div className="msg-card-text">{p.note}</div> : null}
    </div>
  );
}
