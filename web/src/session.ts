import { useSyncExternalStore } from 'react';

/**
 * The access token lives in memory only, never in localStorage (issue #15). What keeps a family signed in across a
 * reload is the refresh-token cookie (HttpOnly: no script here can read it): at start the app asks
 * `POST /api/auth/refresh` once for a new access token, and again when the API answers 401 (the access token
 * expired). The server also sets `berceau_session=1`, a cookie without any secret, while a session may exist: without
 * it the app does not ask, so an anonymous visit sends no request bound to fail.
 */
type State = 'restoring' | 'signedIn' | 'signedOut';

let token: string | null = null;
let restoring = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** The refresh in flight, shared: two requests that get a 401 at once trigger one refresh, not two (reuse). */
let refreshing: Promise<boolean> | null = null;

function hasSessionHint(): boolean {
  return typeof document !== 'undefined' && /(?:^|;\s*)berceau_session=1(?:;|$)/.test(document.cookie);
}

/**
 * One refresh at a time across the browser's tabs (Web Locks): the refresh token is spent by its use, and a spent one
 * presented again ends the whole session (theft). Two tabs opened or reloaded together would otherwise both send the
 * cookie before either had the new one, and sign the family out everywhere. Under the lock, the second tab's request
 * leaves once the first's answer has set the new cookie, so it trades that one. Where the browser has no Web Locks,
 * the refresh goes as before.
 */
function postRefresh(): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('berceau-session-refresh', () => postRefreshNow()) : postRefreshNow();
}

async function postRefreshNow(): Promise<boolean> {
  try {
    const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
    if (!res.ok) {
      token = null;
      return false;
    }
    const body = (await res.json()) as { accessToken?: unknown };
    token = typeof body.accessToken === 'string' ? body.accessToken : null;
    return token !== null;
  } catch {
    return false;
  }
}

export const session = {
  token: () => token,
  signIn(accessToken: string) {
    token = accessToken;
    notify();
  },
  /** Trades the refresh-token cookie for a new access token (one at a time); false when the session has ended. */
  refresh(): Promise<boolean> {
    if (!hasSessionHint()) return Promise.resolve(false);
    refreshing ??= postRefresh().finally(() => {
      refreshing = null;
      notify();
    });
    return refreshing;
  },
  /** At the app's start: restores the session of the cookie, if there is one. */
  async restore(): Promise<void> {
    if (!hasSessionHint() || token) return;
    restoring = true;
    notify();
    try {
      await session.refresh();
    } finally {
      restoring = false;
      notify();
    }
  },
  /** Ends the session on the server (its refresh token is revoked, the cookie cleared) and here. */
  async signOut(): Promise<void> {
    token = null;
    notify();
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  },
};

function state(): State {
  if (token !== null) return 'signedIn';
  return restoring ? 'restoring' : 'signedOut';
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** 'restoring' while the start-up refresh is under way (pages wait rather than ask to sign in). */
export function useSessionState(): State {
  return useSyncExternalStore(subscribe, state);
}

export function useSignedIn(): boolean {
  return useSessionState() === 'signedIn';
}
