import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { useMutation } from '@tanstack/react-query';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { Link, navigate } from '../../router';
import { session } from '../../session';
import { rawFetch, useMyFamily } from './household-shared';

const eraseModal = createModal({ id: 'confirmer-effacement', isOpenedByDefault: false });

/** Mes données (issue #15, page 8): the household's export as a file, and the erasure, confirmed first. */
export function MyDataPage() {
  const family = useMyFamily();
  const familyId = family.data?.id;
  const shared = (family.data?.memberUserIds.length ?? 0) > 1;
  const download = useMutation({
    mutationFn: async () => {
      const res = await rawFetch(`/api/families/${familyId}/export`);
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'berceau-mes-donnees.json';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return name;
    },
  });
  const erase = useMutation({
    mutationFn: () => unwrap(api.POST('/api/families/{id}/erase', { params: { path: { id: familyId! } } })),
    onSuccess: () => {
      void session.signOut().then(() => navigate(`${webPaths.home}?donnees-effacees=1`));
    },
  });

  return (
    <>
      <h1>Mes données</h1>
      {family.isPending && <p>Chargement…</p>}
      {family.isError && <Alert severity="error" small description={frenchError(family.error)} />}
      {family.data === null && (
        <p>
          Vous n’avez pas encore déclaré de foyer : Berceau ne détient que votre compte.{' '}
          <Link href={webPaths.household}>Déclarer mon foyer</Link>
        </p>
      )}
      {family.data && (
        <>
          <section className="fr-mb-5w">
            <h2>Télécharger mes données</h2>
            <p>
              Un fichier JSON avec tout ce que Berceau détient sur votre foyer, en français : foyer (dont votre
              éventuelle opposition au fichier FILOUÉ de la Caf), parents, enfants, résidences alternées, demandes,
              offres, contrats, réservations, calculs de participation, déclarations et justificatifs, factures, avoirs,
              paiements, présences et absences, invitations et messages envoyés.
            </p>
            <div aria-live="polite">
              {download.isError && (
                <Alert severity="error" small description={frenchError(download.error)} className="fr-mb-2w" />
              )}
              {download.isSuccess && (
                <Alert
                  severity="success"
                  small
                  description={`Fichier téléchargé : ${download.data}.`}
                  className="fr-mb-2w"
                />
              )}
            </div>
            <Button iconId="fr-icon-download-line" onClick={() => download.mutate()} disabled={download.isPending}>
              Télécharger mes données
            </Button>
          </section>
          <section>
            <h2>Demander l’effacement</h2>
            <ErasureExplanation shared={shared} />
            <div aria-live="polite">
              {erase.isError && (
                <Alert severity="error" small description={erasureError(erase.error)} className="fr-mb-2w" />
              )}
            </div>
            <Button priority="secondary" {...eraseModal.buttonProps}>
              Effacer mes données…
            </Button>
          </section>
          <eraseModal.Component
            title="Effacer vos données ?"
            buttons={[
              { children: 'Annuler', priority: 'secondary' },
              { children: 'Effacer définitivement', onClick: () => erase.mutate(), doClosesModal: true },
            ]}
          >
            <ErasureExplanation shared={shared} />
            <p>Cette action est définitive : vous serez déconnecté(e).</p>
          </eraseModal.Component>
        </>
      )}
    </>
  );
}

/** What an erasure removes and keeps: README, "Privacy (GDPR)" and "Erasure by one parent". */
function ErasureExplanation({ shared }: { shared: boolean }) {
  if (shared)
    return (
      <p>
        Votre foyer compte deux parents : seul votre compte est effacé (nom, adresse e-mail, mot de passe) et vous
        quittez le foyer. Le foyer, ses enfants et ses demandes restent à l’autre parent, qui pourra à son tour demander
        l’effacement du foyer.
      </p>
    );
  return (
    <>
      <p>
        Seront effacés : votre compte (nom, adresse e-mail, mot de passe), les prénoms de vos enfants, vos ressources,
        votre numéro d’allocataire, votre commune, la situation de votre foyer, vos déclarations et leurs justificatifs,
        les certificats médicaux et bulletins d’hospitalisation des absences de vos enfants, les invitations envoyées.
        Vos demandes de place en cours sont retirées et une offre ouverte est close.
      </p>
      <p>
        Seront conservés, sans votre nom : les contrats et les calculs de participation, les factures, avoirs et
        paiements, les présences et les absences (motif et dates), avec le mois de naissance des enfants, que la Caf
        peut contrôler (obligation légale, conservés comme les pièces comptables de la crèche, 10 ans).
      </p>
    </>
  );
}

/** What is left to settle, crèche by crèche, as the API words it for the family; otherwise the usual sentence. */
function erasureError(e: unknown): string {
  return isApiError(e) && e.code === 'PRIVACY.ERASURE_BLOCKED' && e.message ? e.message : frenchError(e);
}
