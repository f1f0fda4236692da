import { formatCountdown, secondsLeft } from '../lib/format';
import { useNow } from '../lib/hooks';
import type { QrCode } from '../lib/types';

interface Props {
  qr: QrCode;
  onNewCode: () => void;
  busy: boolean;
}

/** The QR to scan, with a live countdown to its expiry and an "expired" state. */
export function QrPanel({ qr, onNewCode, busy }: Props) {
  const now = useNow(1000);
  const left = secondsLeft(qr.expires_at, now);
  const known = !!qr.expires_at;
  const expired = known && left <= 0;
  const safePng = qr.png && qr.png.startsWith('data:image/') ? qr.png : '';
  return (
    <div className={`qr${expired ? ' qr-expired' : ''}`} data-testid="qr">
      {safePng ? (
        <img src={safePng} alt="QR code to scan with WhatsApp" width={264} height={264} data-testid="qr-image" />
      ) : (
        <div className="qr-missing">No QR image yet</div>
      )}
      {expired ? (
        <div className="qr-overlay" data-testid="qr-expired">
          <p>This code expired</p>
          <button type="button" className="btn btn-primary" onClick={onNewCode} disabled={busy}>
            New code
          </button>
        </div>
      ) : null}
      <p className="qr-countdown" data-testid="qr-countdown" aria-live="polite">
        {expired ? 'Expired' : known ? `Valid for ${formatCountdown(left)}` : 'Waiting for expiry time…'}
      </p>
    </div>
  );
}
