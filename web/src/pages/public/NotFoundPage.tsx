import { webPaths } from '../../../../src/common/web/web-paths';
import { Link } from '../../router';

export function NotFoundPage() {
  return (
    <>
      <h1>Page introuvable</h1>
      <p>
        Cette page n'existe pas ou n'est pas encore disponible dans l'application. Vous pouvez{' '}
        <Link href={webPaths.simulator}>simuler votre participation</Link> ou revenir à{' '}
        <Link href={webPaths.home}>l'accueil</Link>.
      </p>
    </>
  );
}
