import { Button } from '@codegouvfr/react-dsfr/Button';
import { webPaths } from '../../../../src/common/web/web-paths';

export function HomePage() {
  return (
    <>
      <h1>Berceau</h1>
      <p className="fr-text--lead">
        Les places en crèche du territoire : demander une place, suivre sa demande et connaître sa participation
        familiale, calculée selon le barème national de la Caf.
      </p>
      <Button linkProps={{ href: webPaths.simulator }} iconId="fr-icon-calculator-line">
        Simuler ma participation
      </Button>
    </>
  );
}
