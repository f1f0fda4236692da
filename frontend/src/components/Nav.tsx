import type { RouteName } from '../lib/router';

const LINKS: { name: Exclude<RouteName, 'chat' | 'notfound'>; label: string; icon: string }[] = [
  { name: 'link', label: 'Link a phone', icon: '⌁' },
  { name: 'chats', label: 'Chats', icon: '☰' },
  { name: 'search', label: 'Search', icon: '⌕' },
  { name: 'sync', label: 'Sync activity', icon: '↻' },
  { name: 'webhooks', label: 'Webhooks', icon: '⇄' },
  { name: 'settings', label: 'Settings', icon: '⚙' },
];

export function Nav({ current, onSignOut }: { current: RouteName; onSignOut?: () => void }) {
  const active = current === 'chat' ? 'chats' : current;
  return (
    <nav className="nav" aria-label="Main">
      <div className="nav-brand">wasync</div>
      <ul>
        {LINKS.map((l) => (
          <li key={l.name}>
            <a
              href={`#/${l.name}`}
              data-testid={`nav-${l.name}`}
              className={active === l.name ? 'active' : undefined}
              aria-current={active === l.name ? 'page' : undefined}
            >
              <span className="nav-icon" aria-hidden="true">
                {l.icon}
              </span>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
      {onSignOut ? (
        <button type="button" className="nav-signout" onClick={onSignOut}>
          Sign out of this browser
        </button>
      ) : null}
    </nav>
  );
}
