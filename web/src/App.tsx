import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect } from 'react';
import { webPaths } from '../../src/common/web/web-paths';
import { useMe } from './me';
import { activeItem, navigationFor } from './navigation';
import { NotFoundPage } from './pages/public/NotFoundPage';
import { useLocation } from './router';
import { matchRoute, renderRoute } from './routes';
import { navigate } from './router';
import { session, useSessionState } from './session';

const brandTop = (
  <>
    Communauté
    <br />
    de communes
  </>
);

export function App() {
  const { pathname } = useLocation();
  const match = matchRoute(pathname);
  const page = match
    ? { title: match.route.title, element: renderRoute(match)! }
    : { title: 'Page introuvable', element: <NotFoundPage /> };
  const sessionState = useSessionState();
  const signedIn = sessionState === 'signedIn';
  const me = useMe();
  useEffect(() => {
    document.title = `${page.title} — Berceau`;
  }, [page.title]);
  return (
    <>
      <Header
        brandTop={brandTop}
        serviceTitle="Berceau"
        serviceTagline="Places en crèche, participation familiale et liste d'attente"
        homeLinkProps={{ href: webPaths.home, title: 'Accueil — Berceau' }}
        quickAccessItems={
          signedIn
            ? [
                { iconId: 'fr-icon-account-circle-line', text: 'Mon espace', linkProps: { href: webPaths.account } },
                {
                  iconId: 'fr-icon-logout-box-r-line',
                  text: 'Me déconnecter',
                  buttonProps: { onClick: () => void session.signOut().then(() => navigate(webPaths.home)) },
                },
              ]
            : sessionState === 'restoring'
              ? []
              : [
                  { iconId: 'fr-icon-add-circle-line', text: 'Créer un compte', linkProps: { href: webPaths.signUp } },
                  { iconId: 'fr-icon-lock-line', text: 'Me connecter', linkProps: { href: webPaths.login } },
                ]
        }
        navigation={navigationFor(signedIn, me.data?.role).map(({ text, href }, i, items) => ({
          text,
          linkProps: { href },
          isActive: activeItem(items, pathname) === i,
        }))}
      />
      <main id="contenu" className="fr-container fr-py-4w" tabIndex={-1}>
        {page.element}
      </main>
      <Footer
        brandTop={brandTop}
        accessibility="non compliant"
        contentDescription="Berceau est un logiciel libre (AGPL-3.0) pour les places en crèche d'un territoire : participation familiale au barème national de la Cnaf, liste d'attente transparente."
      />
    </>
  );
}
