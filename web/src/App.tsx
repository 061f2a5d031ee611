import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect } from 'react';
import { webPaths } from '../../src/common/web/web-paths';
import { HomePage } from './pages/public/HomePage';
import { NotFoundPage } from './pages/public/NotFoundPage';
import { SimulatorPage } from './pages/public/SimulatorPage';
import { useLocation } from './router';

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
    default:
      return { title: 'Page introuvable', element: <NotFoundPage /> };
  }
}

export function App() {
  const { pathname } = useLocation();
  const page = pageFor(pathname);
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
