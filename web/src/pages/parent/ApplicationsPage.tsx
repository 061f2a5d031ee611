import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useQueries, useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../src/common/web/web-paths';
import { frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { frenchDate } from '../public/quote-steps';
import { followApi, type Application, type Offer } from './follow-api';
import { APPLICATION_STATUS_FR, frenchDateTime, frenchDay, OFFER_STATUS_FR } from './follow-words';
import { atPlaceFr } from '../../../../src/common/text/french-places';

/** The first names of a household's children, by id (empty while loading or when the household cannot be read). */
export function useChildNames(familyId: string | undefined): ReadonlyMap<string, string> {
  const children = useQuery({
    queryKey: ['children', familyId],
    enabled: !!familyId,
    queryFn: () => followApi.children(familyId!),
  });
  return new Map((children.data ?? []).map((c) => [c.id, c.firstName]));
}

/** The names of crèches, by id (public data, one request per crèche, cached). */
export function useCrecheNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({ queryKey: ['creche', id], queryFn: () => followApi.creche(id) })),
  });
  return new Map(results.flatMap((r, i) => (r.data ? [[unique[i], r.data.name] as const] : [])));
}

/** Mes demandes: the places offered to the family, then its applications, each linking to its page. */
export function ApplicationsPage() {
  const applications = useQuery({ queryKey: ['applications'], queryFn: followApi.applications });
  const offers = useQuery({ queryKey: ['my-offers'], queryFn: followApi.offers });
  const familyId = applications.data?.[0]?.familyId ?? offers.data?.[0]?.familyId;
  const childNames = useChildNames(familyId);
  const crecheNames = useCrecheNames((offers.data ?? []).map((o) => o.crecheId));

  return (
    <>
      <h1>Mes demandes</h1>
      {(applications.isError || offers.isError) && (
        <Alert
          severity="error"
          small
          description={frenchError(applications.error ?? offers.error)}
          className="fr-mb-3w"
        />
      )}
      {offers.data && offers.data.length > 0 && (
        <section aria-labelledby="offres-titre" className="fr-mb-5w">
          <h2 id="offres-titre">Places proposées</h2>
          <ul className="fr-raw-list">
            {offers.data.map((o) => (
              <OfferItem key={o.id} offer={o} child={childNames.get(o.childId)} creche={crecheNames.get(o.crecheId)} />
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="demandes-titre">
        <h2 id="demandes-titre">Mes demandes de place</h2>
        {applications.isPending && <p>Chargement…</p>}
        {applications.data && applications.data.length === 0 && (
          <p>Vous n’avez pas encore fait de demande de place en crèche.</p>
        )}
        {applications.data && applications.data.length > 0 && (
          <ul className="fr-raw-list">
            {applications.data.map((a) => (
              <ApplicationItem key={a.id} application={a} child={childNames.get(a.childId)} />
            ))}
          </ul>
        )}
        <Button priority="secondary" iconId="fr-icon-add-line" linkProps={{ href: webPaths.newApplication }}>
          Faire une demande de place
        </Button>
      </section>
    </>
  );
}

function ApplicationItem({ application: a, child }: { application: Application; child?: string }) {
  const status = APPLICATION_STATUS_FR[a.status];
  const title = `Demande pour ${child ?? 'votre enfant'}`;
  return (
    <li className="fr-p-3w fr-mb-2w fr-background-alt--grey">
      <h3 className="fr-h5 fr-mb-1w">{title}</h3>
      <Badge severity={status.severity} small className="fr-mb-1w">
        {status.label}
      </Badge>
      <p className="fr-mb-1w">{`Entrée souhaitée le ${frenchDate(a.desiredStartDate)} · déposée le ${frenchDay(a.submittedAt)}`}</p>
      {a.interestDeadline && (
        <p className="fr-mb-1w fr-text--bold">{`Confirmez votre intérêt avant le ${frenchDateTime(a.interestDeadline)}.`}</p>
      )}
      <Link href={webPaths.application(a.id)} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
        {`Voir le rang et les points — demande pour ${child ?? 'votre enfant'}`}
      </Link>
    </li>
  );
}

function OfferItem({ offer: o, child, creche }: { offer: Offer; child?: string; creche?: string }) {
  const status = OFFER_STATUS_FR[o.status];
  const title = `Place ${creche ? atPlaceFr(creche) : 'en crèche'}${child ? ` pour ${child}` : ''}`;
  return (
    <li className="fr-p-3w fr-mb-2w fr-background-alt--grey">
      <h3 className="fr-h5 fr-mb-1w">{title}</h3>
      <Badge severity={status.severity} small className="fr-mb-1w">
        {status.label}
      </Badge>
      <p className="fr-mb-1w">
        {`Entrée le ${frenchDate(o.startDate)}`}
        {o.status === 'OPEN' && ` · répondre avant le ${frenchDateTime(o.deadline)}`}
      </p>
      <Link href={webPaths.offer(o.id)} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
        {o.status === 'OPEN' ? `Répondre à la proposition — ${title}` : `Voir la proposition — ${title}`}
      </Link>
    </li>
  );
}
