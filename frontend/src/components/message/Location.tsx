import type { Location as Place } from '../../lib/types';
import { Icon } from './Icon';
import { SafeLink } from './SafeLink';

/** The openstreetmap.org link for a point (used when the message carries no http(s) link). */
export function mapLink(lat: number, lng: number): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(5) : '0');
  return `https://www.openstreetmap.org/?mlat=${f(lat)}&mlon=${f(lng)}#map=16/${f(lat)}/${f(lng)}`;
}

/** A place or live location: name, address, coordinates and a map link (no remote tiles). */
export function Location({ location: l, caption }: { location: Place; caption?: string }) {
  const href = /^https:\/\/(www\.)?openstreetmap\.org\//.test(l.url) ? l.url : mapLink(Number(l.lat ?? 0), Number(l.lng ?? 0));
  return (
    <div className="msg-card msg-location" data-testid="message-location">
      <div className="msg-card-kicker">{l.live ? 'Live location' : 'Location'}</div>
      {l.name ? <div className="msg-card-title">{l.name}</div> : null}
      {l.address ? <div className="msg-card-line">{l.address}</div> : null}
      <div className="msg-card-line msg-coords msg-icon-line">
        <Icon name="pin" />
        {Number(l.lat ?? 0).toFixed(5)}, {Number(l.lng ?? 0).toFixed(5)}
      </div>
      {caption ? <div className="msg-card-text">{caption}</div> : null}
      <SafeLink href={href} className="wa-link msg-map-link">
        Open in OpenStreetMap
      </SafeLink>
    </div>
  );
}
