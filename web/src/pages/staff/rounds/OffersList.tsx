import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { Link } from '../../../router';
import { civilDateFr, compactScheduleFr, ofNameFr, offerAnswerFr, offerStatusFr, whoFr } from './round-words';

export type CrecheOffer = components['schemas']['CrecheOfferResponseDto'];

const SEVERITY = {
  OPEN: 'info',
  ACCEPTED: 'success',
  DECLINED: 'warning',
  EXPIRED: 'warning',
  WITHDRAWN: 'new',
} as const;

export const offersKey = (crecheId: string) => ['creches', crecheId, 'offers'];

/** The crèche's offers (all, or one round's), newest first. */
export function useCrecheOffers(crecheId: string) {
  return useQuery({
    queryKey: offersKey(crecheId),
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/offers', { params: { path: { id: crecheId }, query: {} } })),
  });
}

/**
 * The offers with their deadline (Paris time) or the family's answer: accepted with its contract, declined with the
 * family's reason, expired. Each offer is a block of its own, so nothing is cut at a tablet's width.
 */
export function OffersList({ crecheId, roundId }: { crecheId: string; roundId?: string }) {
  const offers = useCrecheOffers(crecheId);
  if (offers.isPending) return <p>Chargement des offres…</p>;
  if (offers.error) return <Alert severity="error" small description={frenchError(offers.error)} />;
  const shown = offers.data.filter((o) => !roundId || o.roundId === roundId);
  if (shown.length === 0) return <p>Aucune offre pour le moment.</p>;
  const open = shown.filter((o) => o.status === 'OPEN').length;
  return (
    <>
      <p>
        {shown.length} offre{shown.length > 1 ? 's' : ''}, dont {open} en attente de réponse.
      </p>
      <ul className="fr-raw-list">
        {shown.map((o) => (
          <li
            key={o.id}
            className="fr-mb-2w fr-p-2w"
            style={{ border: '1px solid var(--border-default-grey)' }}
            aria-label={`Offre pour ${whoFr(o)}`}
          >
            <h3 className="fr-h6 fr-mb-1w">{whoFr(o)}</h3>
            <p className="fr-mb-1w">
              <Badge severity={SEVERITY[o.status]} noIcon small>
                {offerStatusFr(o.status)}
              </Badge>
            </p>
            <p className="fr-mb-1w">{offerAnswerFr(o)}</p>
            <p className="fr-mb-1w">
              Entrée le {civilDateFr(o.startDate)}, contrat jusqu’au {civilDateFr(o.endDate)},{' '}
              {compactScheduleFr(o.schedule)}
              {o.estimatedMonthlyFee &&
                ` ; participation estimée ${o.estimatedMonthlyFee.replace('.', ',')} € par mois (${(o.estimatedHourlyRate ?? '').replace('.', ',')} € de l’heure)`}
              .
            </p>
            {o.contractId && (
              <p className="fr-mt-1w fr-mb-0">
                Le contrat a été créé à l’acceptation :{' '}
                <Link href={webPaths.staffContract(o.contractId)}>
                  {o.childFirstName ? `voir le contrat ${ofNameFr(o.childFirstName)}` : 'voir le contrat'}
                </Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
