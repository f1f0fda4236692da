import type { CalendarEvent } from '../../lib/types';
import { Icon } from './Icon';
import { SafeLink } from './SafeLink';

const when = (sec?: number) =>
  sec ? new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** An event invitation or a scheduled call: name, time, place, link. */
export function Event({ event, scheduledCall }: { event: CalendarEvent; scheduledCall?: boolean }) {
  const start = when(event.start);
  const end = when(event.end);
  return (
    <div className={`msg-card msg-event${event.canceled ? ' canceled' : ''}`} data-testid="message-event">
      <div className="msg-card-kicker">
        {scheduledCall ? `Scheduled ${event.call_type === 'video' ? 'video' : 'voice'} call` : 'Event'}
        {event.canceled ? ' · Canceled' : ''}
      </div>
      <div className="msg-card-title">{event.name}</div>
      {start ? (
        <div className="msg-card-line msg-icon-line">
          <Icon name="calendar" />
          {start}
          {end ? ` – ${end}` : ''}
        </div>
      ) : null}
      {event.place ? (
        <div className="msg-card-line msg-icon-line">
          <Icon name="pin" />
          {event.place}
        </div>
      ) : null}
      {event.description ? <div className="msg-card-text">{event.description}</div> : null}
      {event.join_link ? (
        <div className="msg-card-line">
          <SafeLink href={event.join_link} className="wa-link">
            {event.join_link}
          </SafeLink>
        </div>
      ) : null}
    </div>
  );
}
