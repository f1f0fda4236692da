import { WEBHOOK_EVENTS } from '../../lib/types';
import { toggleEvent } from '../../lib/webhooks';

/** "All events" (an empty list) or a chosen set of event checkboxes. */
export function EventPicker({
  value,
  onChange,
  disabled,
  testIdPrefix = 'webhook-event-',
}: {
  value: string[];
  onChange: (v: string[]) => void;
  disabled?: boolean;
  testIdPrefix?: string;
}) {
  const all = value.length === 0;
  return (
    <fieldset className="event-picker" disabled={disabled}>
      <legend>Events</legend>
      <label className="check">
        <input type="checkbox" checked={all} onChange={() => onChange([])} data-testid={`${testIdPrefix}all`} />
        All events
      </label>
      {WEBHOOK_EVENTS.map((name) => (
        <label key={name} className="check mono">
          <input
            type="checkbox"
            checked={value.includes(name)}
            onChange={(e) => onChange(toggleEvent(value, name, e.target.checked))}
            data-testid={`${testIdPrefix}${name}`}
          />
          {name}
        </label>
      ))}
    </fieldset>
  );
}
