import type { CalendarEvent } from '../../lib/types';
import { Icon } from './Icon';
import { SafeLink } from './SafeLink';

const when = (sec?: number) =>
  sec ? new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** An event invitation or a scheduled call: name, time, place, answers, link. */
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
      {event.going || event.not_going || event.maybe ? (
        <div className="msg-card-line msg-event-answers" data-testid="event-answers">
          {`${event.going ?? 0} going · ${event.not_going ?? 0} not going · ${event.maybe ?? 0} maybe`}
        </div>
      ) : null}
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
