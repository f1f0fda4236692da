import type { Invite as InviteData } from '../../lib/types';

/** An invitation to a group or a channel (only the phone can join). */
export function Invite({ invite: i }: { invite: InviteData }) {
  return (
    <div className="msg-card msg-invite" data-testid="message-invite">
      <div className="msg-card-kicker">{i.channel ? 'Channel invitation' : 'Group invitation'}</div>
      <div className="msg-card-title">{i.name || (i.channel ? 'Channel' : 'Group')}</div>
      <div className="msg-card-line msg-muted">Open it on your phone to join</div>
    </div>
  );
}
