import { useSyncExternalStore } from 'react';

/**
 * The access token lives in memory only, never in localStorage (issue #15): a reload signs the family out until the
 * refresh-token cookie arrives. The API client reads it for each request.
 */
let token: string | null = null;
const listeners = new Set<() => void>();

export const session = {
  token: () => token,
  signIn(accessToken: string) {
    token = accessToken;
    listeners.forEach((l) => l());
  },
  signOut() {
    token = null;
    listeners.forEach((l) => l());
  },
};

export function useSignedIn(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => token !== null,
  );
}
