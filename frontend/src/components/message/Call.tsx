import { formatDuration } from '../../lib/format';
import type { Call as CallData } from '../../lib/types';
import { Icon } from './Icon';

/** "Missed voice call" / "Video call" as WhatsApp's call rows say. */
export function callLabel(c: CallData, fromMe: boolean): string {
  const medium = c.video ? 'video' : 'voice';
  const group = c.group ? 'group ' : '';
  if (c.missed) return `Missed ${group}${medium} call`;
  const s = `${group}${medium} call`;
  return fromMe ? `Outgoing ${s}` : `Incoming ${s}`;
}

/** A call log row: missed or not, voice or video, duration. */
export function Call({ call, fromMe }: { call: CallData; fromMe: boolean }) {
  const duration = formatDuration(call.duration);
  return (
    <div className={`msg-call${call.missed ? ' missed' : ''}`} data-testid="message-call">
      <span className="msg-call-icon">
        <Icon name={call.video ? 'video' : 'phone'} />
      </span>
      <span className="msg-call-body">
        <span className="msg-call-label">{callLabel(call, fromMe)}</span>
        {duration ? <span className="msg-call-duration">{duration}</span> : null}
      </span>
    </div>
  );
}
