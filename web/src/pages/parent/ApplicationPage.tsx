import { Accordion } from '@codegouvfr/react-dsfr/Accordion';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { proofOf } from '../staff/waitlist/waitlist-words';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { frenchDate } from '../public/quote-steps';
import { useChildNames } from './ApplicationsPage';
import { loadError, followApi, type Application, type ApplicationWithRanks, type CrecheStanding } from './follow-api';
import {
  APPLICATION_STATUS_FR,
  criterionFr,
  frenchDateTime,
  frenchDay,
  isActive,
  lastRoundFr,
  pointsFr,
} from './follow-words';
import { PreferenceSchedule, ScheduleSummary } from './ScheduleSummary';
import { atPlaceFr, ofPlaceFr } from '../../../../src/common/text/french-places';

const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);

/** One application: the child, the hours, and per crèche the rank and the points, with why; keep-alive; withdraw. */
export function ApplicationPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const application = useQuery({ queryKey: ['application', id], queryFn: () => followApi.application(id) });
  const childNames = useChildNames(application.data?.familyId);
  // The place offered on this application, waiting for an answer (the application says OFFERED, not which offer).
  const offers = useQuery({
    queryKey: ['my-offers'],
    enabled: application.data?.status === 'OFFERED',
    queryFn: followApi.offers,
  });
  const openOffer = offers.data?.find((o) => o.applicationId === id && o.status === 'OPEN');
  // After a confirmation or a withdrawal the answer is the application without its standing: keep the standing.
  const updated = (a: Application) => {
    queryClient.setQueryData<ApplicationWithRanks>(['application', id], (old) => (old ? { ...old, ...a } : old));
    void queryClient.invalidateQueries({ queryKey: ['applications'] });
    void queryClient.invalidateQueries({ queryKey: ['my-offers'] });
  };

  if (application.isPending)
    return (
      <>
        <h1>Ma demande</h1>
        <p>Chargement…</p>
      </>
    );
  if (application.isError)
    return (
      <>
        <h1>Ma demande</h1>
        <Alert
          severity="error"
          small
          description={loadError(application.error, 'Cette demande est introuvable.')}
          className="fr-mb-3w"
        />
        <Link href={webPaths.applications}>Retour à mes demandes</Link>
      </>
    );
  const a = application.data;
  const child = childNames.get(a.childId);
  const status = APPLICATION_STATUS_FR[a.status];
  const creches = [...a.creches].sort((x, y) => x.preferencePosition - y.preferencePosition);
  return (
    <>
      <Link href={webPaths.applications} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
        Mes demandes
      </Link>
      <h1 className="fr-mt-2w">{`Demande de place pour ${child ?? 'votre enfant'}`}</h1>
      <Badge severity={status.severity} className="fr-mb-2w">
        {status.label}
      </Badge>
      <dl>
        <dt className="fr-text--bold">Enfant</dt>
        <dd className="fr-mb-1w">{child ?? '—'}</dd>
        <dt className="fr-text--bold">Date d’entrée souhaitée</dt>
        <dd className="fr-mb-1w">{frenchDate(a.desiredStartDate)}</dd>
        <dt className="fr-text--bold">Demande déposée le</dt>
        <dd className="fr-mb-1w">{frenchDay(a.submittedAt)}</dd>
        <dt className="fr-text--bold">Horaires demandés</dt>
        <dd className="fr-mb-1w">
          <ScheduleSummary schedule={a.schedule} />
        </dd>
        <dt className="fr-text--bold">Jours fériés</dt>
        <dd className="fr-mb-1w">
          {a.publicHolidayCare ? 'Accueil demandé aussi ces jours-là' : 'Pas d’accueil demandé'}
        </dd>
        {a.refusals > 0 && (
          <>
            <dt className="fr-text--bold">Offres refusées ou expirées</dt>
            <dd className="fr-mb-1w">{a.refusals}</dd>
          </>
        )}
      </dl>

      {a.status === 'OFFERED' && openOffer && (
        <Alert
          severity="info"
          title="Une place vous est proposée"
          className="fr-mb-3w"
          description={
            <>
              <p>{`Répondez avant le ${frenchDateTime(openOffer.deadline)} (heure de Paris).`}</p>
              <p className="fr-mb-0">
                <Link href={webPaths.offer(openOffer.id)}>Voir la place proposée et y répondre</Link>
              </p>
            </>
          }
        />
      )}
      {a.status === 'WITHDRAWN' && (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description="Cette demande est retirée : elle n’est plus sur les listes d’attente des crèches."
        />
      )}
      {a.status === 'LAPSED' && (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description="Cette demande a été classée sans suite : elle n’est plus sur les listes d’attente des crèches. Vous pouvez en déposer une nouvelle."
        />
      )}
      {isActive(a.status) && <KeepAlive application={a} onDone={updated} />}

      <section aria-labelledby="rangs-titre" className="fr-mt-5w">
        <h2 id="rangs-titre">Mon rang dans chaque crèche</h2>
        {!isActive(a.status) && <p>Cette demande n’est plus sur les listes d’attente : elle n’a plus de rang.</p>}
        <p className="fr-text--sm">
          Le rang suit les points déclarés. L’attribution des places ne compte que les points vérifiés : ceux que la
          crèche a contrôlés sur justificatif, et ceux qui n’en demandent pas.
        </p>
        {creches.map((c) => (
          <CrecheStandingView
            key={c.crecheId}
            standing={c}
            active={isActive(a.status)}
            offerId={openOffer?.crecheId === c.crecheId ? openOffer.id : undefined}
          />
        ))}
      </section>

      {isActive(a.status) && <Withdraw application={a} onDone={updated} />}
    </>
  );
}

function CrecheStandingView({
  standing: c,
  active: listed,
  offerId,
}: {
  standing: CrecheStanding;
  active: boolean;
  /** The crèche's open offer for this application: its place is proposed, so no rank nor wait is shown there. */
  offerId?: string;
}) {
  const active = listed && !offerId;
  const unverified = c.breakdown.filter((l) => !l.verified).reduce((sum, l) => sum + l.points, 0);
  const verifiedScore = c.verifiedScore ?? (c.score === null ? null : c.score - unverified);
  return (
    <article className="fr-p-3w fr-mb-3w fr-background-alt--grey" aria-labelledby={`creche-${c.crecheId}`}>
      <h3 id={`creche-${c.crecheId}`} className="fr-h5 fr-mb-1w">
        {`${ordinal(c.preferencePosition)} choix : ${c.crecheName}`}
      </h3>
      {offerId && (
        <p className="fr-mb-2w" data-testid="offered-here">
          {'Une place vous est proposée dans cette crèche : '}
          <Link href={webPaths.offer(offerId)}>{`répondre à l’offre ${ofPlaceFr(c.crecheName)}`}</Link>.
        </p>
      )}
      {active && (
        <ul className="fr-mb-2w">
          <li>
            {c.rank === null ? (
              'Rang : pas encore classée'
            ) : (
              <>
                {'Rang : '}
                <strong data-testid="rank">{ordinal(c.rank)}</strong>
                {` sur ${c.outOf} demande${c.outOf > 1 ? 's' : ''} en attente dans cette crèche`}
              </>
            )}
          </li>
          {c.score !== null && (
            <li>
              {'Points déclarés : '}
              <strong>{c.score}</strong>
              {' · points vérifiés : '}
              <strong>{verifiedScore}</strong>
            </li>
          )}
          {!c.householdInTerritory && (
            <li>Priorité de résidence : non, votre commune n’est pas une commune du territoire de cette crèche.</li>
          )}
          <li>
            {/* Only admissions from the waitlist have a score; the estimate below counts every contract started. */}
            {c.lastAdmittedScore === null
              ? 'Aucune famille n’a encore obtenu de place dans cette crèche par la liste d’attente de Berceau : pas encore de points de dernière famille admise.'
              : `Dernière famille admise dans cette crèche par la liste d’attente : ${c.lastAdmittedScore} points (vérifiés).`}
          </li>
        </ul>
      )}
      {listed && !offerId && c.lastRound && (
        <p className="fr-mb-2w" data-testid="last-round">
          {lastRoundFr(c.lastRound, { score: c.score, verifiedScore })}
        </p>
      )}
      {active && c.ageExemptionAwaitsVerification && (
        <Alert
          className="fr-mb-2w"
          severity="warning"
          small
          description={`Votre enfant dépassera l’âge maximal ${ofPlaceFr(c.crecheName)} à la date d’entrée souhaitée. Son handicap déclaré permet l’accueil au-delà, mais seulement une fois vérifié par la crèche sur justificatif (AEEH, MDPH) : d’ici là, aucune place ne peut lui être attribuée dans cette crèche.`}
        />
      )}
      {active && <WaitEstimateView standing={c} />}
      <PreferenceSchedule preferenceSchedule={c.schedule} />
      {active && (c.breakdown.length > 0 || !c.householdInTerritory) && (
        <Accordion label={`Pourquoi ce rang ${atPlaceFr(c.crecheName)} ?`} titleAs="h4" className="fr-mt-2w">
          {!c.householdInTerritory && <OutsideTerritory />}
          {c.breakdown.length === 0 && <p>Aucun critère ne vous donne de points pour l’instant.</p>}
          {c.breakdown.length > 0 && (
            <Table
              caption={`Vos points ${atPlaceFr(c.crecheName)}, critère par critère`}
              noCaption
              noScroll
              headers={['Critère', 'Points']}
              data={c.breakdown.map((l) => [
                <>
                  {criterionFr(l.criterion)}
                  <br />
                  {/* A criterion with no proof to give (residence, hours covered, waiting) counts as is. */}
                  {proofOf(l) === 'NOT_NEEDED' ? (
                    <Badge severity="info" small as="span" noIcon>
                      Sans justificatif à fournir
                    </Badge>
                  ) : l.verified ? (
                    <Badge severity="success" small as="span">
                      Vérifié
                    </Badge>
                  ) : (
                    <Badge severity="warning" small as="span">
                      Déclaré, à vérifier
                    </Badge>
                  )}
                </>,
                pointsFr(l.points),
              ])}
            />
          )}
          {unverified !== 0 && (
            <p className="fr-text--sm">
              {`${pointsFr(unverified)} attendent la vérification de vos justificatifs par la crèche : tant qu’ils ne sont pas vérifiés, ils ne comptent pas pour l’attribution des places. `}
              <Link href={webPaths.declarations}>Envoyer mes justificatifs</Link>
            </p>
          )}
        </Accordion>
      )}
    </article>
  );
}

/**
 * The household's commune is none of the crèche's territory's communes (GET /applications/:id, householdInTerritory):
 * residence earns nothing, which the table of points, listing only what counted, cannot say. Often a postal code typed
 * as the commune's INSEE code: Mon foyer corrects it.
 */
function OutsideTerritory() {
  return (
    <Alert
      severity="warning"
      small
      className="fr-mb-2w"
      description={
        <>
          Votre commune de résidence n’est pas une commune du territoire de cette crèche : la priorité accordée à ses
          habitants ne compte pas pour vous. Si vous y habitez, vérifiez votre commune dans{' '}
          <Link href={webPaths.household}>Mon foyer</Link> : c’est son code INSEE qu’il faut indiquer, pas son code
          postal.
        </>
      }
    />
  );
}

/**
 * The estimated wait for an offer at the crèche (GET /applications/:id, docs/rules.md R10.4), and its basis: never a
 * month past the day the child can no longer start there; when even the earliest is past it, said plainly instead.
 */
function WaitEstimateView({ standing: c }: { standing: CrecheStanding }) {
  return (
    <div className="fr-mb-2w" data-testid="wait-estimate">
      {c.estimate?.outlook === 'UNLIKELY' ? (
        <p className="fr-mb-1w">
          <strong>{c.estimate.text}</strong>
        </p>
      ) : (
        <p className="fr-mb-1w">
          {'Offre estimée dans cette crèche : '}
          <strong>{c.estimate ? c.estimate.text : 'pas d’estimation possible pour l’instant'}</strong>
        </p>
      )}
      <p className="fr-text--sm fr-mb-0">
        {c.estimate
          ? c.estimate.basisText
          : 'Pour l’estimer, il faut une place de vos horaires qui se libère d’ici 3 ans ou des admissions sur ces horaires au cours des 12 derniers mois.'}
      </p>
    </div>
  );
}

function KeepAlive({ application: a, onDone }: { application: Application; onDone: (a: Application) => void }) {
  const messageRef = useRef<HTMLDivElement>(null);
  const confirm = useMutation({
    mutationFn: () => followApi.confirmInterest(a.id),
    onSuccess: onDone,
    onSettled: () => requestAnimationFrame(() => messageRef.current?.focus()),
  });
  return (
    <section aria-labelledby="interet-titre" className="fr-mt-4w">
      <h2 id="interet-titre">Garder ma demande active</h2>
      {a.interestDeadline ? (
        <Alert
          severity="warning"
          small
          className="fr-mb-2w"
          description={`Confirmez que vous souhaitez toujours une place avant le ${frenchDateTime(a.interestDeadline)} : sans réponse, votre demande sera classée sans suite.`}
        />
      ) : (
        <p>{`Dernière confirmation de votre intérêt : le ${frenchDay(a.lastConfirmedAt)}. Nous vous la redemanderons régulièrement par e-mail.`}</p>
      )}
      <div ref={messageRef} tabIndex={-1} aria-live="polite">
        {confirm.isSuccess && (
          <Alert
            severity="success"
            small
            className="fr-mb-2w"
            description="C’est noté : votre demande reste active sur les listes d’attente."
          />
        )}
        {confirm.isError && (
          <Alert severity="error" small className="fr-mb-2w" description={frenchError(confirm.error)} />
        )}
      </div>
      {!confirm.isSuccess && (
        <Button
          priority={a.interestDeadline ? 'primary' : 'secondary'}
          onClick={() => confirm.mutate()}
          disabled={confirm.isPending}
        >
          Je souhaite toujours une place
        </Button>
      )}
    </section>
  );
}

function Withdraw({ application: a, onDone }: { application: Application; onDone: (a: Application) => void }) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const withdraw = useMutation({ mutationFn: () => followApi.withdraw(a.id), onSuccess: onDone });
  return (
    <section aria-labelledby="retrait-titre" className="fr-mt-5w">
      <h2 id="retrait-titre">Retirer ma demande</h2>
      {!asking ? (
        <Button
          priority="tertiary"
          iconId="fr-icon-delete-line"
          onClick={() => {
            setAsking(true);
            requestAnimationFrame(() => confirmRef.current?.focus());
          }}
        >
          Retirer ma demande
        </Button>
      ) : (
        <div className="fr-p-3w fr-background-alt--grey" role="group" aria-labelledby="retrait-question">
          <h3 id="retrait-question" ref={confirmRef} tabIndex={-1} className="fr-h6">
            Voulez-vous vraiment retirer cette demande ?
          </h3>
          <p>
            {a.status === 'OFFERED'
              ? 'Elle quittera la liste d’attente de chaque crèche choisie, et la place qui vous est proposée sera refusée. '
              : 'Elle quittera la liste d’attente de chaque crèche choisie. '}
            Ce retrait est définitif : pour revenir sur les listes, il faudra déposer une nouvelle demande, dont
            l’ancienneté repartira de zéro.
          </p>
          {withdraw.isError && (
            <Alert severity="error" small className="fr-mb-2w" description={frenchError(withdraw.error)} />
          )}
          <div className="fr-btns-group fr-btns-group--inline-sm">
            <Button onClick={() => withdraw.mutate()} disabled={withdraw.isPending}>
              Oui, retirer ma demande
            </Button>
            <Button priority="secondary" onClick={() => setAsking(false)}>
              Non, la garder
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
