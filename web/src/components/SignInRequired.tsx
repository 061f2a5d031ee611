import { Button } from '@codegouvfr/react-dsfr/Button';
import type { ReactNode } from 'react';
import { webPaths } from '../../../src/common/web/web-paths';
import { useLocation } from '../router';
import { useSessionState } from '../session';

/** The sign-in link that brings the parent back here afterwards (an e-mail's link to an offer, say). */
export function loginHref(next: string): string {
  return `${webPaths.login}?next=${encodeURIComponent(next)}`;
}

/** Renders its children for a signed-in account; otherwise asks to sign in and come back to this very page. */
export function SignInRequired({ title, children }: { title: string; children: ReactNode }) {
  const state = useSessionState();
  const { pathname, search } = useLocation();
  if (state === 'signedIn') return <>{children}</>;
  // After a reload the session comes back from its cookie: wait for it rather than ask to sign in.
  if (state === 'restoring')
    return (
      <>
        <h1>{title}</h1>
        <p>Chargement…</p>
      </>
    );
  return (
    <>
      <h1>{title}</h1>
      <p>Connectez-vous pour accéder à cette page.</p>
      <Button linkProps={{ href: loginHref(pathname + search) }}>Me connecter</Button>
    </>
  );
}
