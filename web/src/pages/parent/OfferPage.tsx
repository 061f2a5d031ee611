import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { fieldErrorsFr, frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { QuoteResultPanel } from '../public/QuoteResultPanel';
import { frenchDate } from '../public/quote-steps';
import { useChildNames } from './ApplicationsPage';
import { followApi, loadError, type ApplicationStatus, type Offer, type OfferDetail } from './follow-api';
import {
  contractQuote,
  estimatedLeaveWeeks,
  contractDiffersFr,
  frenchDateTime,
  frenchDay,
  frenchLongDate,
  isActive,
  OFFER_STATUS_FR,
  offerQuote,
  withChildFr,
} from './follow-words';
import { ScheduleSummary } from './ScheduleSummary';
import { provisionalFeeNoteFr, provisionalFeeOf } from '../../../../src/modules/fees/domain/provisional-fee';
import { atPlaceFr } from '../../../../src/common/text/french-places';

/** Reasons a family may give for declining (the API keeps the text as written; "Autre" asks for the family's own). */
export const DECLINE_REASONS = [
  'Les horaires proposés ne nous conviennent pas',
  'La date d’entrée ne nous convient pas',
  'La crèche est trop éloignée',
  'Nous avons trouvé un autre mode d’accueil',
  'Notre situation a changé',
] as const;
const OTHER = 'Autre raison';

/** Why the crèche withdrew its offer (OFFER_WITHDRAWAL_REASONS), as the e-mail says it. */
const WITHDRAWAL_FR: Readonly<Record<string, string>> = {
  CAPACITY_REDUCED: 'la capacité d’accueil de la crèche a été réduite.',
  CRECHE_CLOSURE: 'la crèche doit fermer pendant la période proposée.',
  SCHEDULE_UNAVAILABLE: 'les horaires demandés ne peuvent plus être assurés.',
};

/** Mon offre: what is offered, the estimated fee step by step, the deadline; accept or decline; then what it means. */
export function OfferPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const offer = useQuery({ queryKey: ['offer', id], queryFn: () => followApi.offer(id) });
  const o = offer.data;
  const creche = useQuery({
    queryKey: ['creche', o?.crecheId],
    enabled: !!o,
    queryFn: () => followApi.creche(o!.crecheId),
  });
  const childNames = useChildNames(o?.familyId);
  // Whether the application stays on the waitlists after a decline depends on it (withdrawn with it, or not).
  const application = useQuery({
    queryKey: ['application', o?.applicationId],
    enabled: !!o && o.status !== 'OPEN',
    queryFn: () => followApi.application(o!.applicationId),
  });
  // Once accepted, the contract's own fee: it may differ from the offer's estimate (figures not yet checked on proof
  // are billed as the rules say meanwhile; leave not dated is not taken out), and the family reads why.
  const contract = useQuery({
    queryKey: ['contract', o?.contractId],
    enabled: !!o?.contractId,
    queryFn: () => followApi.contract(o!.contractId!),
  });
  const resultRef = useRef<HTMLDivElement>(null);
  const answered = (next: Offer) => {
    queryClient.setQueryData<Offer>(['offer', id], (old) => ({ ...old, ...next }));
    void queryClient.invalidateQueries({ queryKey: ['my-offers'] });
    void queryClient.invalidateQueries({ queryKey: ['applications'] });
    void queryClient.invalidateQueries({ queryKey: ['application', next.applicationId] });
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  if (offer.isPending)
    return (
      <>
        <h1>Place proposée</h1>
        <p>Chargement…</p>
      </>
    );
  if (offer.isError || !o)
    return (
      <>
        <h1>Place proposée</h1>
        <Alert
          severity="error"
          small
          description={loadError(offer.error, 'Cette proposition est introuvable.')}
          className="fr-mb-3w"
        />
        <Link href={webPaths.applications}>Voir mes demandes</Link>
      </>
    );

  const crecheName = creche.data?.name ?? 'la crèche';
  const child = childNames.get(o.childId) ?? 'votre enfant';
  const status = OFFER_STATUS_FR[o.status];
  const late = o.status === 'OPEN' && new Date(o.deadline).getTime() <= Date.now();
  const quote = offerQuote(o);
  return (
    <>
      <Link href={webPaths.applications} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
        Mes demandes
      </Link>
      <h1 className="fr-mt-2w">{`Une place pour ${child} ${atPlaceFr(crecheName)}`}</h1>
      <Badge severity={status.severity} className="fr-mb-2w">
        {status.label}
      </Badge>

      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        <Outcome
          offer={o}
          late={late}
          crecheName={crecheName}
          child={child}
          applicationStatus={application.data?.status}
        />
      </div>

      <h2 className="fr-h4 fr-mt-3w">La place proposée</h2>
      <dl>
        <dt className="fr-text--bold">Crèche</dt>
        <dd className="fr-mb-1w">{creche.data ? `${creche.data.name} (${creche.data.commune.name})` : crecheName}</dd>
        <dt className="fr-text--bold">Date d’entrée</dt>
        <dd className="fr-mb-1w" data-testid="offer-start">
          {frenchLongDate(o.startDate)}
        </dd>
        <dt className="fr-text--bold">Contrat jusqu’au</dt>
        <dd className="fr-mb-1w">{frenchDate(o.endDate)}</dd>
        <dt className="fr-text--bold">Horaires</dt>
        <dd className="fr-mb-1w">
          <ScheduleSummary schedule={o.schedule} />
        </dd>
        {o.status === 'OPEN' && (
          <>
            <dt className="fr-text--bold">Répondre avant le</dt>
            <dd className="fr-mb-1w" data-testid="offer-deadline">
              {`${frenchDateTime(o.deadline)} (heure de Paris)`}
            </dd>
          </>
        )}
      </dl>

      {o.status === 'ACCEPTED' && (
        <ContractFee
          contract={contract.data}
          estimate={o.estimatedMonthlyFee}
          estimatedLeaveWeeks={estimatedLeaveWeeks(o)}
        />
      )}

      {o.status === 'ACCEPTED' && quote && <h2 className="fr-h4 fr-mt-3w">L’estimation de l’offre</h2>}
      {quote && o.status !== 'ACCEPTED' && <ProvisionalNote trace={o.feeTrace} />}
      {quote ? (
        <QuoteResultPanel result={quote} />
      ) : (
        <p>
          La participation mensuelle n’a pas pu être estimée à l’avance : elle sera calculée à l’acceptation, au barème
          national de la Caf.
        </p>
      )}

      {o.status === 'OPEN' && !late && <Answer offer={o} crecheName={crecheName} onAnswered={answered} />}
    </>
  );
}

/**
 * Next to an amount computed before the crèche checked the household's figures on proof: that it is provisional, why,
 * and where to estimate the fee on the figures declared (the floor and the one-child rate are often far lower).
 */
function ProvisionalNote({ trace }: { trace: readonly unknown[] | null | undefined }) {
  const provisional = provisionalFeeOf(trace);
  if (!provisional) return null;
  return (
    <Alert
      severity="warning"
      small
      className="fr-mb-2w"
      data-testid="provisional-fee"
      description={
        <>
          {provisionalFeeNoteFr(provisional)} <Link href={webPaths.declarations}>Envoyer mes justificatifs</Link>
          {' · '}
          <Link href={webPaths.simulator}>Simuler ma participation</Link>
        </>
      }
    />
  );
}

/** What has happened to the offer, in plain words (nothing while it waits for an answer in time). */
function Outcome({
  offer: o,
  late,
  crecheName,
  child,
  applicationStatus,
}: {
  offer: Offer;
  late: boolean;
  crecheName: string;
  child: string;
  applicationStatus: ApplicationStatus | undefined;
}) {
  const demandLink = (
    <p className="fr-mb-0">
      <Link href={webPaths.application(o.applicationId)}>Voir ma demande, mon rang et mes points</Link>
    </p>
  );
  switch (o.status) {
    case 'OPEN':
      return late ? (
        <Alert
          severity="warning"
          title="Le délai de réponse est dépassé"
          description={`Il fallait répondre avant le ${frenchDateTime(o.deadline)}. L’offre expire et compte comme un refus ; votre demande reste sur la liste d’attente.`}
          className="fr-mb-3w"
        />
      ) : null;
    case 'ACCEPTED':
      return (
        <Alert
          severity="success"
          title="Vous avez accepté la place"
          className="fr-mb-3w"
          description={
            <>
              <p>
                {`Vous avez accepté la place ${withChildFr(child)} ${atPlaceFr(crecheName)} à partir du ${frenchLongDate(o.startDate)}` +
                  (o.answeredAt ? ` (réponse du ${frenchDay(o.answeredAt)}).` : '.')}
              </p>
              <p>
                Votre contrat d’accueil est créé, avec votre participation mensuelle : vous recevez par e-mail un résumé
                du contrat. Votre demande est close : elle quitte la liste d’attente des autres crèches choisies.
              </p>
            </>
          }
        />
      );
    case 'DECLINED': {
      const stillActive = applicationStatus === undefined ? null : isActive(applicationStatus);
      return (
        <Alert
          severity="info"
          title="Vous avez refusé la place"
          className="fr-mb-3w"
          description={
            <>
              <p>
                {`Vous avez refusé la place ${withChildFr(child)} ${atPlaceFr(crecheName)}` +
                  (o.answeredAt ? ` le ${frenchDay(o.answeredAt)}.` : '.')}
              </p>
              {stillActive === true && (
                <p>
                  Votre demande reste active : elle garde sa place sur la liste d’attente de chaque crèche choisie. Ce
                  refus compte dans le calcul de votre priorité (des points en moins, selon la politique du territoire).
                </p>
              )}
              {stillActive === false && (
                <p>Votre demande n’est plus active : elle a quitté les listes d’attente (demande retirée).</p>
              )}
              {demandLink}
            </>
          }
        />
      );
    }
    case 'EXPIRED':
      return (
        <Alert
          severity="warning"
          title="Cette offre a expiré"
          className="fr-mb-3w"
          description={
            <>
              <p>
                {`Faute de réponse avant le ${frenchDateTime(o.deadline)}, l’offre a expiré. Elle compte comme un refus ; votre demande reste sur la liste d’attente.`}
              </p>
              {demandLink}
            </>
          }
        />
      );
    case 'WITHDRAWN':
      return (
        <Alert
          severity="warning"
          title="La crèche a retiré cette offre"
          className="fr-mb-3w"
          description={
            <>
              <p>
                {`${crecheName} ne peut plus honorer cette place : ${WITHDRAWAL_FR[o.withdrawalReason ?? ''] ?? 'la place n’est plus disponible.'}`}
              </p>
              <p>
                Ce retrait n’est pas compté comme un refus : votre demande retrouve sa place sur la liste d’attente,
                avec le même rang et les mêmes points.
              </p>
              {demandLink}
            </>
          }
        />
      );
  }
}

function Answer({
  offer: o,
  crecheName,
  onAnswered,
}: {
  offer: OfferDetail;
  crecheName: string;
  onAnswered: (o: Offer) => void;
}) {
  const [mode, setMode] = useState<'choose' | 'accept' | 'decline'>('choose');
  const [reason, setReason] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const [missing, setMissing] = useState<'reason' | 'other' | null>(null);
  const stepRef = useRef<HTMLHeadingElement>(null);
  const [leave, setLeave] = useState<LeavePeriod[]>([]);
  const [leaveMissing, setLeaveMissing] = useState(false);
  const accept = useMutation({
    mutationFn: (periods: LeavePeriod[]) => followApi.accept(o.id, periods),
    onSuccess: onAnswered,
  });
  const weeks = estimatedLeaveWeeks(o);
  const submitAccept = () => {
    // A period half typed would be dropped silently and billed, one typed backwards refused: say which, on its field.
    if (leave.some((p) => !p.from || !p.to || p.from > p.to)) return setLeaveMissing(true);
    setLeaveMissing(false);
    accept.mutate(leave);
  };
  const decline = useMutation({ mutationFn: (text: string) => followApi.decline(o.id, text), onSuccess: onAnswered });
  const go = (next: typeof mode) => {
    setMode(next);
    requestAnimationFrame(() => stepRef.current?.focus());
  };
  const failure = accept.error ?? decline.error;

  const submitDecline = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return setMissing('reason');
    const text = reason === OTHER ? other.trim() : reason;
    if (!text) return setMissing('other');
    setMissing(null);
    decline.mutate(text);
  };

  return (
    <section aria-labelledby="reponse-titre" className="fr-mt-5w">
      <h2 id="reponse-titre">Ma réponse</h2>
      {failure && <Alert severity="error" small className="fr-mb-2w" description={frenchError(failure)} />}
      {mode === 'choose' && (
        <div className="fr-btns-group fr-btns-group--inline-md">
          <Button onClick={() => go('accept')}>Accepter la place</Button>
          <Button priority="secondary" onClick={() => go('decline')}>
            Refuser la place
          </Button>
        </div>
      )}
      {mode === 'accept' && (
        <div className="fr-p-3w fr-background-alt--grey">
          <h3 ref={stepRef} tabIndex={-1} className="fr-h6">
            {`Confirmez-vous accepter la place ${atPlaceFr(crecheName)} ?`}
          </h3>
          <p>
            Votre contrat d’accueil sera créé avec ces dates et ces horaires, et votre demande quittera les listes
            d’attente des autres crèches.
          </p>
          <LeaveEditor
            periods={leave}
            onChange={setLeave}
            weeks={weeks}
            start={o.startDate}
            end={o.endDate}
            missing={leaveMissing}
            errors={fieldErrorsFr(accept.error)}
          />
          <div className="fr-btns-group fr-btns-group--inline-sm">
            <Button onClick={submitAccept} disabled={accept.isPending}>
              Oui, j’accepte la place
            </Button>
            <Button priority="secondary" onClick={() => go('choose')}>
              Revenir
            </Button>
          </div>
        </div>
      )}
      {mode === 'decline' && (
        <form onSubmit={submitDecline} noValidate className="fr-p-3w fr-background-alt--grey">
          <h3 ref={stepRef} tabIndex={-1} className="fr-h6">
            Refuser la place
          </h3>
          <p>
            Votre demande restera sur la liste d’attente de chaque crèche choisie, mais un refus compte dans le calcul
            de votre priorité.
          </p>
          <RadioButtons
            legend="Pourquoi refusez-vous cette place ?"
            name="reason"
            state={missing === 'reason' ? 'error' : 'default'}
            stateRelatedMessage={missing === 'reason' ? 'Ce champ est obligatoire.' : undefined}
            options={[...DECLINE_REASONS, OTHER].map((label) => ({
              label,
              nativeInputProps: { checked: reason === label, onChange: () => setReason(label) },
            }))}
          />
          {reason === OTHER && (
            <Input
              label="Précisez la raison"
              textArea
              state={missing === 'other' ? 'error' : 'default'}
              stateRelatedMessage={missing === 'other' ? 'Ce champ est obligatoire.' : undefined}
              nativeTextAreaProps={{
                name: 'other',
                maxLength: 1000,
                value: other,
                onChange: (e) => setOther(e.target.value),
              }}
            />
          )}
          <div className="fr-btns-group fr-btns-group--inline-sm">
            <Button type="submit" disabled={decline.isPending}>
              Confirmer le refus
            </Button>
            <Button type="button" priority="secondary" onClick={() => go('choose')}>
              Revenir
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

interface LeavePeriod {
  readonly from: string;
  readonly to: string;
}

/**
 * The family's leave over the contract, dated: days of leave are not billed (R4.9). The offer's estimate took out the
 * weeks of leave the application counted; without dates, the contract reserves every week the crèche is open.
 */
function LeaveEditor({
  periods,
  onChange,
  weeks,
  start,
  end,
  missing,
  errors,
}: {
  periods: LeavePeriod[];
  onChange: (p: LeavePeriod[]) => void;
  weeks: number;
  start: string;
  end: string;
  /** The acceptance was tried: empty and backwards periods are marked. */
  missing: boolean;
  /** The API's refusals by field (`leavePeriods[0].from`…). */
  errors: ReadonlyMap<string, string>;
}) {
  const set = (i: number, field: keyof LeavePeriod, value: string) =>
    onChange(periods.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  const problem = (p: LeavePeriod, i: number, field: keyof LeavePeriod): string | undefined => {
    if (missing && !p[field]) return field === 'from' ? 'Indiquez le premier jour.' : 'Indiquez le dernier jour.';
    if (missing && field === 'to' && p.from && p.to && p.from > p.to)
      return 'Le dernier jour des congés doit être le premier jour ou après.';
    return (
      errors.get(`leavePeriods[${i}].${field}`) ?? (field === 'from' ? errors.get(`leavePeriods[${i}]`) : undefined)
    );
  };
  return (
    <fieldset className="fr-fieldset fr-mb-2w" aria-labelledby="conges-titre">
      <legend id="conges-titre" className="fr-fieldset__legend fr-text--bold">
        Vos congés sur la durée du contrat
      </legend>
      <p className="fr-text--sm fr-mb-1w" data-testid="leave-hint">
        {(weeks > 0
          ? `Votre demande prévoyait ${weeks} semaine${weeks > 1 ? 's' : ''} de congés par an, et l’estimation ci-dessus les retire. `
          : '') +
          'Indiquez les dates de vos congés : les jours de congé ne sont pas facturés. Sans dates, toutes les semaines d’ouverture de la crèche sont réservées et facturées. Vous pourrez en parler avec la crèche.'}
      </p>
      {errors.get('leavePeriods') && (
        // A refusal about the periods together (two overlapping, too many weeks), not one field of one of them.
        <p className="fr-error-text fr-mb-1w" data-testid="leave-error">
          {errors.get('leavePeriods')}
        </p>
      )}
      {periods.map((p, i) => (
        <div key={i} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-1w">
          <div className="fr-col-12 fr-col-sm-4">
            <Input
              label={`Congés ${i + 1} : du`}
              state={problem(p, i, 'from') ? 'error' : 'default'}
              stateRelatedMessage={problem(p, i, 'from')}
              nativeInputProps={{
                type: 'date',
                min: start,
                max: end,
                value: p.from,
                onChange: (e) => set(i, 'from', e.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-sm-4">
            <Input
              label={`Congés ${i + 1} : au`}
              state={problem(p, i, 'to') ? 'error' : 'default'}
              stateRelatedMessage={problem(p, i, 'to')}
              nativeInputProps={{
                type: 'date',
                min: p.from || start,
                max: end,
                value: p.to,
                onChange: (e) => set(i, 'to', e.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-sm-4">
            <Button
              type="button"
              priority="tertiary"
              size="small"
              onClick={() => onChange(periods.filter((_, j) => j !== i))}
            >
              {`Retirer les congés ${i + 1}`}
            </Button>
          </div>
        </div>
      ))}
      <Button
        type="button"
        priority="secondary"
        size="small"
        iconId="fr-icon-add-line"
        onClick={() => onChange([...periods, { from: '', to: '' }])}
      >
        Ajouter des congés
      </Button>
    </fieldset>
  );
}

type Contract = Awaited<ReturnType<typeof followApi.contract>>;

/** The contract's fee in force, explained, and why it differs from the offer's estimate when it does. */
function ContractFee({
  contract,
  estimate,
  estimatedLeaveWeeks: leaveWeeks,
}: {
  contract: Contract | undefined;
  estimate: string | null | undefined;
  /** The weeks of leave a year the offer's estimate left out (none dated then). */
  estimatedLeaveWeeks: number;
}) {
  if (!contract) return null;
  const result = contractQuote(contract.fee);
  if (!result)
    return (
      <p className="fr-mt-3w">
        Votre participation mensuelle sera calculée par la crèche au barème national de la Caf.
      </p>
    );
  const differs = !!estimate && estimate !== result.monthlyFee;
  return (
    <section aria-labelledby="contrat-titre" className="fr-mt-3w" data-testid="contract-fee">
      <h2 id="contrat-titre" className="fr-h4">
        Votre contrat
      </h2>
      {differs && (
        <Alert
          severity="info"
          small
          className="fr-mb-2w"
          description={contractDiffersFr(leaveWeeks, contract.leavePeriods.length)}
        />
      )}
      <ProvisionalNote trace={contract.fee?.trace} />
      <QuoteResultPanel result={result} title="Participation du contrat, en vigueur" contract />
    </section>
  );
}
