import { jidUser } from '../../lib/format';
import type { Poll as PollData } from '../../lib/types';

/** A poll: question, every option with its bar and count, and who voted what. */
export function Poll({ poll }: { poll: PollData }) {
  const options = poll.options ?? [];
  const votes = (poll.votes ?? []).filter((v) => (v.options ?? []).length > 0);
  const total = options.reduce((n, o) => n + (o.count ?? 0), 0);
  const most = Math.max(1, ...options.map((o) => o.count ?? 0));
  const voters = (name: string) =>
    votes.filter((v) => (v.options ?? []).includes(name)).map((v) => v.voter_name || jidUser(v.voter));
  return (
    <div className="msg-poll" data-testid="message-poll">
      <div className="msg-poll-name">{poll.name}</div>
      <div className="msg-poll-hint">{(poll.selectable ?? 0) > 1 ? 'Select one or more' : 'Select one'}</div>
      <ul className="msg-poll-options">
        {options.map((o) => {
          const count = o.count ?? 0;
          const who = voters(o.name);
          return (
            <li key={o.hash || o.name} className="msg-poll-option" data-testid="poll-option">
              <div className="msg-poll-row">
                <span className="msg-poll-circle" aria-hidden="true" />
                <span className="msg-poll-option-name">{o.name}</span>
                <span className="msg-poll-count" aria-label={`${count} votes`}>
                  {count}
                </span>
              </div>
              <div
                className="msg-poll-bar"
                role="meter"
                aria-label={o.name}
                aria-valuemin={0}
                aria-valuemax={total || 1}
                aria-valuenow={count}
                data-testid="poll-bar"
              >
                <span style={{ width: `${(count / most) * 100}%` }} />
              </div>
              {who.length ? <div className="msg-poll-voters">{who.join(', ')}</div> : null}
            </li>
          );
        })}
      </ul>
      <div className="msg-poll-total">
        {total === 0 ? 'No votes yet' : `${total} ${total === 1 ? 'vote' : 'votes'}`}
      </div>
    </div>
  );
}
