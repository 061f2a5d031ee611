import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldErrorsFr, frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { Confirmation } from '../../../components/Confirmation';
import { Link } from '../../../router';
import { useStaffCreche } from '../staff-creche';
import { offersKey, OffersList } from './OffersList';
import {
  asUnplacedReason,
  civilDateFr,
  compactScheduleFr,
  EXCLUSION_REASONS,
  exclusionReasonFr,
  type ExclusionReason,
  parisDateTimeFr,
  preferenceFr,
  unplacedReasonFr,
  whoFr,
  replayWarning,
} from './round-words';

type Round = components['schemas']['RoundResponseDto'];
type Placement = components['schemas']['PlacementResponseDto'];
type Applicant = components['schemas']['RoundApplicantResponseDto'];
interface Exclusion {
  readonly reason: ExclusionReason;
  readonly comment?: string;
}
type Exclusions = Readonly<Record<string, Exclusion>>;

/**
 * One round (issue #19): each proposed place with the child, the parents, the schedule and the choice it was; each
 * family left without a place with why, crèche by crèche, in plain French; replay; leave a proposal out with a reason
 * from the API's list; confirm, after which the offers follow with their deadlines and answers.
 */
export function RoundPage({ id }: { id: string }) {
  const round = useQuery({
    queryKey: ['allocation-rounds', id],
    queryFn: async () => await unwrap(api.GET('/api/allocation-rounds/{id}', { params: { path: { id } } })),
  });
  const applicants = useQuery({
    queryKey: ['allocation-rounds', id, 'applicants'],
    queryFn: async () => await unwrap(api.GET('/api/allocation-rounds/{id}/applicants', { params: { path: { id } } })),
  });
  const { list: creches } = useStaffCreche();
  if (round.isPending || applicants.isPending)
    return (
      <>
        <h1>Attribution</h1>
        <p>Chargement de l’attribution…</p>
      </>
    );
  const error = round.error ?? applicants.error;
  if (error)
    return (
      <>
        <h1>Attribution</h1>
        <Alert severity="error" small description={frenchError(error)} />
        <p className="fr-mt-2w">
          <Link href={webPaths.staffRounds}>Retour aux attributions</Link>
        </p>
      </>
    );
  const crecheName = (crecheId: string) => creches.find((c) => c.id === crecheId)?.name ?? 'une autre crèche';
  return (
    <RoundView
      round={round.data!}
      applicants={new Map(applicants.data!.map((a) => [a.applicationId, a]))}
      crecheName={crecheName}
    />
  );
}

function RoundView({
  round,
  applicants,
  crecheName,
}: {
  round: Round;
  applicants: ReadonlyMap<string, Applicant>;
  crecheName: (id: string) => string;
}) {
  const draft = round.status === 'DRAFT';
  const queryClient = useQueryClient();
  const [announce, setAnnounce] = useState('');
  // The proposals left out are kept with the round by the API: every manager and device reads the same draft, and
  // the confirmation applies them whoever confirms.
  const exclusions: Exclusions = Object.fromEntries(round.exclusions.map((e) => [e.applicationId, e as Exclusion]));
  const exclude = useMutation({
    mutationFn: async ({ applicationId, exclusion }: { applicationId: string; exclusion: Exclusion | null }) => {
      const params = { path: { id: round.id, applicationId } };
      return exclusion
        ? await unwrap(api.PUT('/api/allocation-rounds/{id}/exclusions/{applicationId}', { params, body: exclusion }))
        : await unwrap(api.DELETE('/api/allocation-rounds/{id}/exclusions/{applicationId}', { params }));
    },
    onSuccess: (updated, { applicationId, exclusion }) => {
      queryClient.setQueryData(['allocation-rounds', round.id], updated);
      setAnnounce(`Proposition pour ${name(applicationId)} ${exclusion ? 'écartée' : 'rétablie'}.`);
    },
    // Confirmed meanwhile from another device: the page shows the round as it now is.
    onError: async () => await queryClient.invalidateQueries({ queryKey: ['allocation-rounds', round.id] }),
  });
  const placed = new Set(round.placements.map((p) => p.applicationId));
  const withoutPlace = round.unplaced.filter((u) => !placed.has(u.applicationId));
  const reasonsOf = (applicationId: string) =>
    (round.unplaced.find((u) => u.applicationId === applicationId)?.reasons ?? []).map(asUnplacedReason);
  const awaiting = new Set(round.awaitingVerification);
  const name = (applicationId: string) => {
    const a = applicants.get(applicationId);
    return a ? whoFr(a) : 'une famille effacée';
  };
  const excludedCount = round.exclusions.length;
  const kept = round.placements.length - excludedCount;

  return (
    <>
      <p className="fr-mb-1w">
        <Link href={webPaths.staffRounds}>Attribution des places</Link>
      </p>
      <h1>Attribution : entrée le {civilDateFr(round.startDate)}</h1>
      <p>
        <Badge severity={draft ? 'info' : 'success'} noIcon>
          {draft ? 'Brouillon' : `Confirmée le ${parisDateTimeFr(round.confirmedAt ?? round.createdAt)}`}
        </Badge>
      </p>
      <p>
        Calculée le {parisDateTimeFr(round.createdAt)} pour {round.crecheIds.map(crecheName).join(', ')} :{' '}
        {round.candidates} demande{round.candidates > 1 ? 's' : ''} étudiée{round.candidates > 1 ? 's' : ''},{' '}
        {round.placements.length} place{round.placements.length > 1 ? 's' : ''} proposée
        {round.placements.length > 1 ? 's' : ''}, {withoutPlace.length} famille{withoutPlace.length > 1 ? 's' : ''} sans
        place.
      </p>
      <p className="fr-sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <Replay roundId={round.id} />

      <h2 className="fr-mt-4w">
        Places proposées ({round.placements.length}
        {excludedCount > 0 ? `, dont ${excludedCount} écartée${excludedCount > 1 ? 's' : ''}` : ''})
      </h2>
      <div aria-live="polite">
        {exclude.error && (
          <Alert className="fr-mb-2w" severity="error" small description={frenchError(exclude.error)} />
        )}
      </div>
      {round.placements.length === 0 ? (
        <p>Aucune place ne peut être proposée à cette date.</p>
      ) : (
        <ul className="fr-raw-list">
          {round.placements.map((p) => (
            <PlacementItem
              key={p.applicationId}
              placement={p}
              applicant={applicants.get(p.applicationId)}
              crecheName={crecheName}
              awaiting={awaiting.has(p.applicationId)}
              elsewhere={reasonsOf(p.applicationId)}
              draft={draft}
              exclusion={exclusions[p.applicationId]}
              pending={exclude.isPending}
              onExclude={(e) => exclude.mutate({ applicationId: p.applicationId, exclusion: e })}
              onRestore={() => exclude.mutate({ applicationId: p.applicationId, exclusion: null })}
            />
          ))}
        </ul>
      )}

      <h2 className="fr-mt-4w">Familles sans place ({withoutPlace.length})</h2>
      {withoutPlace.length === 0 ? (
        <p>Toutes les demandes étudiées ont une place proposée.</p>
      ) : (
        <ul className="fr-raw-list">
          {withoutPlace.map((u) => {
            const applicant = applicants.get(u.applicationId);
            return (
              <li
                key={u.applicationId}
                className="fr-mb-2w fr-p-2w"
                style={{ border: '1px solid var(--border-default-grey)' }}
              >
                <h3 className="fr-h6 fr-mb-1w">{applicant ? whoFr(applicant) : 'Famille effacée'}</h3>
                <ul>
                  {u.reasons.map(asUnplacedReason).map((r) => (
                    <li key={r.crecheId}>
                      {crecheName(r.crecheId)} : {unplacedReasonFr(r)}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}

      {draft ? (
        <Confirm
          round={round}
          kept={kept}
          onConfirmed={(n) => {
            setAnnounce(`Attribution confirmée : ${n} offre${n > 1 ? 's' : ''} envoyée${n > 1 ? 's' : ''}.`);
          }}
        />
      ) : (
        <>
          <h2 className="fr-mt-4w">Offres de cette attribution</h2>
          {round.crecheIds.map((crecheId) => (
            <OffersList key={crecheId} crecheId={crecheId} roundId={round.id} />
          ))}
        </>
      )}
    </>
  );
}

function PlacementItem({
  placement: p,
  applicant,
  crecheName,
  awaiting,
  elsewhere,
  draft,
  exclusion,
  pending,
  onExclude,
  onRestore,
}: {
  placement: Placement;
  applicant: Applicant | undefined;
  crecheName: (id: string) => string;
  awaiting: boolean;
  elsewhere: ReturnType<typeof asUnplacedReason>[];
  draft: boolean;
  exclusion: Exclusion | undefined;
  pending: boolean;
  onExclude: (e: Exclusion) => void;
  onRestore: () => void;
}) {
  const [excluding, setExcluding] = useState(false);
  // Children's first names repeat: the buttons name the parents too.
  const child = applicant ? whoFr(applicant) : 'une famille effacée';
  const schedule = applicant?.schedules.find((s) => s.crecheId === p.crecheId)?.schedule ?? [];
  return (
    <li className="fr-mb-2w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <h3 className="fr-h6 fr-mb-1w">{applicant ? whoFr(applicant) : 'Famille effacée'}</h3>
      {exclusion && (
        <p className="fr-mb-1w">
          <Badge severity="warning" noIcon small>
            Écartée
          </Badge>{' '}
          Motif : {exclusionReasonFr(exclusion.reason)}
          {exclusion.comment ? ` (${exclusion.comment})` : ''}
        </p>
      )}
      <p className="fr-mb-1w">
        {crecheName(p.crecheId)}, {preferenceFr(p.preferencePosition)} de la famille ; {p.score} point
        {Math.abs(p.score) > 1 ? 's' : ''}
        {p.reserved ? ' ; sur une place réservée aux familles aux minima sociaux ou en insertion' : ''}.
      </p>
      {applicant && (
        <p className="fr-mb-1w">
          Du {civilDateFr(applicant.startDate)} au {civilDateFr(applicant.endDate)}, {compactScheduleFr(schedule)}.
        </p>
      )}
      {awaiting && (
        <p className="fr-mt-1w fr-mb-0 fr-text--sm">
          Classée sur ses points vérifiés seulement : des critères déclarés attendent la vérification de leurs
          justificatifs.
        </p>
      )}
      {elsewhere.length > 0 && (
        <ul className="fr-mt-1w fr-text--sm">
          {elsewhere.map((r) => (
            <li key={r.crecheId}>
              Pas de place à {crecheName(r.crecheId)}, mieux placée dans ses choix : {unplacedReasonFr(r)}
            </li>
          ))}
        </ul>
      )}
      {draft &&
        (exclusion ? (
          <Button className="fr-mt-2w" priority="secondary" size="small" onClick={onRestore} disabled={pending}>
            Rétablir la proposition pour {child}
          </Button>
        ) : excluding ? (
          <ExcludeForm
            child={child}
            onCancel={() => setExcluding(false)}
            onDone={(e) => {
              setExcluding(false);
              onExclude(e);
            }}
          />
        ) : (
          <Button className="fr-mt-2w" priority="secondary" size="small" onClick={() => setExcluding(true)}>
            Écarter la proposition pour {child}
          </Button>
        ))}
    </li>
  );
}

function ExcludeForm({
  child,
  onCancel,
  onDone,
}: {
  child: string;
  onCancel: () => void;
  onDone: (e: Exclusion) => void;
}) {
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const chosen = EXCLUSION_REASONS.find((r) => r.value === reason);
    if (!chosen) {
      setMissing(true);
      return;
    }
    onDone({ reason: chosen.value, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <form className="fr-mt-2w" onSubmit={submit} aria-label={`Écarter la proposition pour ${child}`} noValidate>
      <Select
        label="Motif"
        hint="Le motif est gardé au journal d’audit ; la note reste avec l’attribution."
        nativeSelectProps={{ ref: first, value: reason, onChange: (e) => setReason(e.target.value) }}
        {...(missing ? { state: 'error' as const, stateRelatedMessage: 'Choisissez un motif.' } : {})}
      >
        <option value="" disabled>
          Choisir un motif
        </option>
        {EXCLUSION_REASONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </Select>
      <Input
        label="Note (facultative)"
        hintText="280 caractères au plus, sans donnée médicale."
        nativeInputProps={{ value: comment, maxLength: 280, onChange: (e) => setComment(e.target.value) }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" size="small">
            Écarter
          </Button>
        </li>
        <li>
          <Button type="button" size="small" priority="tertiary" onClick={onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}

function Replay({ roundId }: { roundId: string }) {
  const replay = useMutation({
    mutationFn: async () =>
      await unwrap(api.POST('/api/allocation-rounds/{id}/replay', { params: { path: { id: roundId } } })),
  });
  return (
    <div className="fr-mb-2w">
      <Button priority="secondary" onClick={() => replay.mutate()} disabled={replay.isPending}>
        Rejouer le calcul
      </Button>
      <div aria-live="polite" className="fr-mt-2w">
        {replay.error && <Alert severity="error" small description={frenchError(replay.error)} />}
        {replay.data &&
          (replay.data.identical && replay.data.hashMatches ? (
            <Alert
              severity="success"
              small
              description="Rejoué sur les données enregistrées, le calcul donne exactement le même résultat."
            />
          ) : (
            <Alert severity="warning" small description={replayWarning(replay.data)} />
          ))}
      </div>
    </div>
  );
}

function Confirm({ round, kept, onConfirmed }: { round: Round; kept: number; onConfirmed: (offers: number) => void }) {
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: async () =>
      await unwrap(
        // The draft's exclusions are the round's own (saved as each was made).
        api.POST('/api/allocation-rounds/{id}/confirm', { params: { path: { id: round.id } }, body: {} }),
      ),
    onSuccess: async (result) => {
      queryClient.setQueryData(['allocation-rounds', round.id], result.round);
      for (const crecheId of round.crecheIds) {
        await queryClient.invalidateQueries({ queryKey: offersKey(crecheId) });
        await queryClient.invalidateQueries({ queryKey: ['creches', crecheId, 'allocation-rounds'] });
      }
      onConfirmed(result.offers.length);
    },
  });
  // Sending is asked once more in the page: the offers and their e-mails go at once and do not come back.
  const [asked, setAsked] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const fieldErrors = fieldErrorsFr(confirm.error);
  const excluded = round.exclusions.length;
  return (
    <section aria-labelledby="confirmer" className="fr-mt-4w">
      <h2 id="confirmer">Confirmer l’attribution</h2>
      <p>
        {kept} offre{kept > 1 ? 's' : ''} {kept > 1 ? 'seront envoyées' : 'sera envoyée'} par e-mail aux familles
        {excluded > 0 ? ` ; ${excluded} proposition${excluded > 1 ? 's' : ''} écartée${excluded > 1 ? 's' : ''}` : ''}.
        Une famille qui a plusieurs propositions n’en reçoit qu’une.
      </p>
      <div aria-live="polite">
        {confirm.error && (
          <Alert
            className="fr-mb-2w"
            severity="error"
            small
            description={fieldErrors.size ? [...fieldErrors.values()].join(' ') : frenchError(confirm.error)}
          />
        )}
      </div>
      {asked ? (
        <Confirmation
          id="envoi-offres"
          question={`Envoyer maintenant ${kept > 1 ? `les ${kept} offres` : 'l’offre'} ? Chaque famille concernée reçoit un e-mail à l’instant ; une offre envoyée ne se reprend pas.`}
          confirmLabel={kept > 1 ? `Envoyer les ${kept} offres` : 'Envoyer l’offre'}
          cancelLabel="Revoir l’attribution"
          pending={confirm.isPending}
          onConfirm={() => confirm.mutate()}
          onCancel={() => {
            setAsked(false);
            setTimeout(() => triggerRef.current?.focus());
          }}
        />
      ) : (
        <Button
          ref={triggerRef}
          onClick={() => {
            confirm.reset();
            setAsked(true);
          }}
        >
          Confirmer et envoyer les offres
        </Button>
      )}
    </section>
  );
}
