import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import { dateTimeFr } from '../../parent/household-shared';
import { ofNameFr } from '../rounds/round-words';
import { DeclarationsToReview } from '../waitlist/DeclarationsToReview';

/** "Lina", "Lina et Malo", "Lina, Malo et Noé". */
function childrenFr(children: readonly { firstName: string | null }[]): string {
  const names = children.map((c) => c.firstName ?? 'Effacé');
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}` : (names[0] ?? '');
}

/**
 * Déclarations à vérifier, on the contracts page: households already cared for declare new resources (each January,
 * or when they change) or a new child, with a proof, and the crèche's managers check it here, as they do an
 * applicant's on the waitlist page. Oldest first; a declaration reviewed leaves the list. In alternating residence the
 * other paying household's is said as such (both households may have one waiting, under the same child).
 */
export function ContractDeclarations({ crecheId }: { crecheId: string }) {
  const queryClient = useQueryClient();
  const key = ['creches', crecheId, 'declarations-to-review'];
  const list = useQuery({
    queryKey: key,
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/declarations-to-review', { params: { path: { id: crecheId } } })),
  });
  const [said, setSaid] = useState<string | null>(null);
  const reviewed = async (message: string) => {
    setSaid(message);
    // A validated declaration changes the contracts' fees from the 1st of next month.
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: ['creches', crecheId, 'contracts'] });
  };
  return (
    <section className="fr-mb-4w" aria-labelledby="declarations-titre">
      <h2 id="declarations-titre" className="fr-h4">
        Déclarations à vérifier
      </h2>
      <p className="fr-sr-only" role="status" aria-live="polite">
        {said}
      </p>
      {said && <Alert className="fr-mb-2w" severity="success" small description={said} />}
      {list.isPending && <p>Chargement des déclarations…</p>}
      {list.error && <Alert severity="error" small description={frenchError(list.error)} />}
      {list.data?.length === 0 && <p>Aucune déclaration des familles sous contrat n’attend de vérification.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="fr-raw-list">
          {list.data.map((d) => {
            const children = childrenFr(d.children);
            return (
              <li key={d.declarationId} className="fr-mb-2w">
                <h3 className="fr-h6 fr-mb-1v">
                  {d.sharesOnly
                    ? `Autre foyer payeur ${ofNameFr(children)} (résidence alternée)`
                    : `Famille ${ofNameFr(children)}`}
                </h3>
                <p className="fr-mb-0">Déclaration déposée le {dateTimeFr(d.declaredAt)}.</p>
                <DeclarationsToReview familyId={d.familyId} childName={children} count={1} onReviewed={reviewed} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
