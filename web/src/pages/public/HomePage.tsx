import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';
import { webPaths } from '../../../../src/common/web/web-paths';
import { useSignedIn } from '../../session';

export function HomePage() {
  const signedIn = useSignedIn();
  return (
    <>
      <h1>Berceau</h1>
      <p className="fr-text--lead">
        Les places en crèche du territoire : demander une place, suivre sa demande et connaître sa participation
        familiale, calculée selon le barème national de la Caf.
      </p>
      <ButtonsGroup
        inlineLayoutWhen="md and up"
        buttons={[
          {
            children: 'Simuler ma participation',
            iconId: 'fr-icon-calculator-line',
            priority: signedIn ? 'secondary' : 'primary',
            linkProps: { href: webPaths.simulator },
          },
          signedIn
            ? {
                children: 'Demander une place',
                iconId: 'fr-icon-edit-line',
                linkProps: { href: webPaths.newApplication },
              }
            : {
                children: 'Créer un compte',
                priority: 'secondary',
                linkProps: { href: webPaths.signUp },
              },
        ]}
      />
    </>
  );
}
