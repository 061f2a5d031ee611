import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect } from 'react';
import { webPaths } from '../../src/common/web/web-paths';
import { AccountPage } from './pages/parent/AccountPage';
import { HomePage } from './pages/public/HomePage';
import { LoginPage } from './pages/public/LoginPage';
import { NotFoundPage } from './pages/public/NotFoundPage';
import { SimulatorPage } from './pages/public/SimulatorPage';
import { VerifyEmailPage } from './pages/public/VerifyEmailPage';
import { useLocation } from './router';
import { useSignedIn } from './session';

const brandTop = (
  <>
    Communauté
    <br />
    de communes
  </>
);

function pageFor(pathname: string): { title: string; element: React.ReactElement } {
  switch (pathname) {
    case webPaths.home:
      return { title: 'Accueil', element: <HomePage /> };
    case webPaths.simulator:
      return { title: 'Simuler ma participation', element: <SimulatorPage /> };
    case webPaths.login:
      return { title: 'Me connecter', element: <LoginPage /> };
    case webPaths.account:
      return { title: 'Mon espace', element: <AccountPage /> };
    case webPaths.verifyEmail('').split('?')[0]:
      return { title: 'Confirmation de votre adresse e-mail', element: <VerifyEmailPage /> };
    default:
      return { title: 'Page introuvable', element: <NotFoundPage /> };
  }
}

export function App() {
  const { pathname } = useLocation();
  const page = pageFor(pathname);
  const signedIn = useSignedIn();
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
        quickAccessItems={[
          signedIn
            ? { iconId: 'fr-icon-account-circle-line', text: 'Mon espace', linkProps: { href: webPaths.account } }
            : { iconId: 'fr-icon-lock-line', text: 'Me connecter', linkProps: { href: webPaths.login } },
        ]}
        navigation={[
          {
            text: 'Simuler ma participation',
            linkProps: { href: webPaths.simulator },
            isActive: pathname === webPaths.simulator,
          },
        ]}
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
