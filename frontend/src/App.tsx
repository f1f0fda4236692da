import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Nav } from './components/Nav';
import { SyncBar } from './components/SyncStatus';
import { TestEndpointBanner } from './components/TestEndpointBanner';
import { ApiError, toApiError } from './lib/api-error';
import type { Backend } from './lib/backend';
import { BackendContext, SettingsContext, useBackend } from './lib/context';
import { navigate, useRoute, type Route } from './lib/router';
import { applySyncEvent } from './lib/sync-store';
import type { Settings } from './lib/types';
import { ChatView } from './views/ChatView';
import { ChatsView } from './views/ChatsView';
import { LinkView } from './views/LinkView';
import { LoginView } from './views/LoginView';
import { NotFoundView } from './views/NotFoundView';
import { SearchView } from './views/SearchView';
import { SettingsView } from './views/SettingsView';
import { SyncView } from './views/SyncView';
import { WebhooksView } from './views/WebhooksView';

type Phase = 'loading' | 'login' | 'app';

/**
 * Login vs app: the window (Wails) never logs in. Over HTTP the app starts by reading settings;
 * a 401 there, or from any later call, shows the login page. After a successful login the app
 * reads settings again and shows the shell.
 */
export function App({ backend }: { backend: Backend }) {
  const [phase, setPhase] = useState<Phase>('loading');
  const [settings, setSettings] = useState<Settings | null>(null);
  const [bootError, setBootError] = useState<ApiError | null>(null);

  const boot = useCallback(() => {
    backend.settings().then(
      (s) => {
        setSettings(s);
        setBootError(null);
        setPhase('app');
      },
      (err) => {
        const e = toApiError(err);
        if (e.code === 401 && backend.needsLogin) {
          setPhase('login');
        } else {
          // Show the app anyway: each screen reports its own failures.
          setBootError(e);
          setPhase('app');
        }
      },
    );
  }, [backend]);

  useEffect(() => {
    boot();
    return backend.onUnauthorized(() => setPhase('login'));
  }, [backend, boot]);

  const settingsCtx = useMemo(() => ({ settings, setSettings }), [settings]);

  let body;
  if (phase === 'loading') {
    body = <div className="boot" aria-busy="true" />;
  } else if (phase === 'login') {
    body = <LoginView onLoggedIn={boot} />;
  } else {
    body = (
      <Shell
        settings={settings}
        bootError={bootError}
        onSignOut={
          backend.needsLogin
            ? () => {
                backend.authLogout().finally(() => setPhase('login'));
              }
            : undefined
        }
      />
    );
  }
  return (
    <BackendContext.Provider value={backend}>
      <SettingsContext.Provider value={settingsCtx}>{body}</SettingsContext.Provider>
    </BackendContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'link':
      return <LinkView />;
    case 'chats':
      return <ChatsView />;
    case 'chat':
      return <ChatView key={route.jid} jid={route.jid ?? ''} focusId={route.params.get('m') ?? undefined} />;
    case 'search':
      return <SearchView initialQuery={route.params.get('q') ?? ''} />;
    case 'sync':
      return <SyncView />;
    case 'webhooks':
      return <WebhooksView />;
    case 'settings':
      return <SettingsView />;
    default:
      return <NotFoundView />;
  }
}

function Shell({
  settings,
  bootError,
  onSignOut,
}: {
  settings: Settings | null;
  bootError: ApiError | null;
  onSignOut?: () => void;
}) {
  const route = useRoute();
  const readySent = useRef(false);
  const backend = useBackend();

  // Tell the backend once that the UI really rendered.
  useEffect(() => {
    if (readySent.current) return;
    readySent.current = true;
    backend.frontendReady(route.name).catch((err) => console.warn('frontendReady failed', err));
  }, [backend, route.name]);

  // Live sync progress is collected for the whole app, whichever screen is open.
  useEffect(() => backend.onEvent(applySyncEvent), [backend]);

  // With no screen in the URL, start on "Link a phone" until an account is linked.
  useEffect(() => {
    if (window.location.hash && window.location.hash !== '#' && window.location.hash !== '#/') return;
    let live = true;
    backend.session().then(
      (s) => {
        const unlinked = s.state === 'logged_out' || s.state === 'waiting_qr' || s.state === 'pairing';
        if (live && !window.location.hash.replace(/^#\/?/, '')) navigate(unlinked ? '#/link' : '#/chats', true);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [backend]);

  return (
    <div className="app">
      {settings?.test_endpoint ? <TestEndpointBanner demo={settings.demo} /> : null}
      {bootError ? (
        <div className="banner banner-error" role="alert">
          Could not reach wasync: {bootError.message}
        </div>
      ) : null}
      <div className="shell">
        <Nav current={route.name} onSignOut={onSignOut} />
        <main className="main">
          {route.name === 'sync' ? null : <SyncBar />}
          <Screen route={route} />
        </main>
      </div>
    </div>
  );
}
