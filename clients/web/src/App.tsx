import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Provider, useMutation, useQuery, useSubscription } from 'urql';
import { Link, Route, Switch, useLocation } from 'wouter';
import { CallScreen } from './components/CallScreen';
import { graphql } from './generated';
import { CallsProvider } from './lib/calls';
import { createShutterClient, type ShutterClient } from './lib/client';
import { getSession, refreshSession, setSession, subscribeSession } from './lib/session';
import { AuthPage } from './pages/AuthPage';
import { CallsPage } from './pages/CallsPage';
import { CreatePostPage } from './pages/CreatePostPage';
import { ExplorePage, HashtagPage } from './pages/ExplorePage';
import { FeedPage } from './pages/FeedPage';
import { FollowRequestsPage } from './pages/FollowRequestsPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PostPage } from './pages/PostPage';
import { ProfilePage } from './pages/ProfilePage';
import { SearchPage } from './pages/SearchPage';

const UnreadCount = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

const NotificationReceived = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      id
      kind
    }
  }
`);

const Logout = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const current = href === '/' ? location === '/' : location.startsWith(href);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Header({ username, onReconnect }: { username: string; onReconnect: ShutterClient['onReconnect'] }) {
  const [{ data }, refetchUnread] = useQuery({ query: UnreadCount });
  // Notifications pushed while the socket was reconnecting were missed: count again.
  useEffect(() => onReconnect(() => refetchUnread({ requestPolicy: 'network-only' })), [onReconnect, refetchUnread]);
  // A new notification invalidates the cached count (see lib/client.ts): the badge refetches it.
  useSubscription({ query: NotificationReceived });
  const [, logout] = useMutation(Logout);
  const unread = data?.unreadNotificationCount ?? 0;
  const [, navigate] = useLocation();
  const signOut = async () => {
    const session = getSession();
    if (session) await logout({ refreshToken: session.refreshToken });
    // The next person to sign in here starts at home, not on the page this one left.
    navigate('/');
    setSession(null);
  };
  return (
    <header className="top">
      <a href="#main" className="skip">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Shutter
      </Link>
      <nav aria-label="Main">
        <NavLink href="/">Home</NavLink>
        <NavLink href="/explore">Explore</NavLink>
        <NavLink href="/search">Search</NavLink>
        <NavLink href="/new">New post</NavLink>
        <NavLink href="/notifications">
          Notifications
          {unread > 0 && (
            <span className="badge" data-testid="unread-badge">
              <span aria-hidden="true">{unread}</span>
              <span className="sr-only">({unread} unread)</span>
            </span>
          )}
        </NavLink>
        <NavLink href="/calls">Calls</NavLink>
        <NavLink href={`/u/${username}`}>Profile</NavLink>
      </nav>
      <button type="button" className="link" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}

function SignedIn({ username, onReconnect }: { username: string; onReconnect: ShutterClient['onReconnect'] }) {
  return (
    <CallsProvider>
      <Header username={username} onReconnect={onReconnect} />
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={FeedPage} />
          <Route path="/explore" component={ExplorePage} />
          <Route path="/tags/:tag">{(params) => <HashtagPage key={params.tag} tag={params.tag} />}</Route>
          <Route path="/search" component={SearchPage} />
          <Route path="/new" component={CreatePostPage} />
          <Route path="/p/:id">{(params) => <PostPage key={params.id} id={params.id} />}</Route>
          <Route path="/u/:username">
            {(params) => <ProfilePage key={params.username} username={params.username} />}
          </Route>
          <Route path="/notifications" component={NotificationsPage} />
          <Route path="/requests" component={FollowRequestsPage} />
          <Route path="/calls" component={CallsPage} />
          <Route>
            <p className="empty">
              Nothing here. <Link href="/">Go home</Link>.
            </p>
          </Route>
        </Switch>
      </main>
      <CallScreen />
    </CallsProvider>
  );
}

export function App() {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const userId = session?.userId ?? null;
  // A new client (cache and socket) for each account: nothing of one account's view leaks to the next.
  const shutter = useMemo(() => createShutterClient(), [userId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => shutter.dispose(), [shutter]);
  // Silent refresh: a new pair shortly before the access token expires, while the app is open.
  const refreshAfter = session?.refreshAfter;
  useEffect(() => {
    if (refreshAfter === undefined) return;
    const timer = setTimeout(() => void refreshSession(), Math.max(0, refreshAfter - Date.now()));
    return () => clearTimeout(timer);
  }, [refreshAfter]);
  return (
    <Provider value={shutter.client}>
      {session ? (
        <SignedIn key={session.userId} username={session.username} onReconnect={shutter.onReconnect} />
      ) : (
        <AuthPage />
      )}
    </Provider>
  );
}
