import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { saveAttachment } from './save-attachment';
import { dateTimeFr, DOCUMENT_TYPE_FR, resourcesFr } from '../../parent/household-shared';

type Declaration = components['schemas']['FeeDeclarationResponseDto'];

/** Saves a declaration's proof, which the API serves behind the session's token. */
async function downloadProof(familyId: string, declarationId: string): Promise<string> {
  return saveAttachment(
    await api.GET('/api/families/{id}/declarations/{declarationId}/document', {
      params: { path: { id: familyId, declarationId } },
      parseAs: 'blob',
    }),
  );
}

/** The months already invoiced that a validation would not reach (the API's 409), or null. */
function invoicedMonthsOf(e: unknown): string[] | null {
  if (!isApiError(e) || e.code !== 'DECLARATION.MONTHS_INVOICED') return null;
  const months = (e as unknown as { details?: { months?: unknown } }).details?.months;
  return Array.isArray(months) && months.every((m) => typeof m === 'string') ? months : null;
}

/** "novembre 2026" for "2026-11". */
const monthFr = (month: string) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** What a declaration changes, in words. */
function declaredFr(d: Declaration): string {
  const parts = [
    d.monthlyResources !== null ? `Ressources mensuelles : ${resourcesFr(d.monthlyResources)}` : null,
    d.dependentChildren !== null ? `Enfants à charge : ${d.dependentChildren}` : null,
    d.aeehChildren !== null ? `Enfants bénéficiaires de l'AEEH : ${d.aeehChildren}` : null,
  ].filter((p): p is string => p !== null);
  return parts.join(' ; ');
}

/**
 * The children a household declared when it signed up, which set its rate as much as its resources: a manager who
 * validates resources alone checks them on the same proof (a tax notice and the Caf's record name the dependants).
 */
export function householdToCheckFr(h: { dependentChildren: number; aeehChildren: number }): string {
  const children = `${h.dependentChildren} enfant${h.dependentChildren > 1 ? 's' : ''} à charge`;
  const aeeh = h.aeehChildren ? `, dont ${h.aeehChildren} bénéficiaire${h.aeehChildren > 1 ? 's' : ''} de l'AEEH` : '';
  return `Le foyer déclare ${children}${aeeh} : le taux en dépend, vérifiez-le aussi sur le justificatif (sinon, refusez en le disant à la famille).`;
}

/**
 * The household's fee declarations waiting for a manager: each proof opened (downloaded with the session's token),
 * then the declaration validated or refused with a reason the family reads.
 */
export function DeclarationsToReview({
  familyId,
  childName,
  count,
  onReviewed,
}: {
  familyId: string;
  childName: string;
  count: number;
  onReviewed: (message: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const panelId = `declarations-${familyId}`;
  const label = `${count} déclaration${count > 1 ? 's' : ''} de la famille à vérifier`;
  return (
    <div className="fr-mt-2w">
      <p className="fr-mb-1w">
        <strong>{label}</strong> (ressources ou enfants à charge, avec justificatif).
      </p>
      <Button
        priority="secondary"
        size="small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? `Masquer les déclarations (${childName})` : `Voir les déclarations à vérifier (${childName})`}
      </Button>
      <div id={panelId} hidden={!open}>
        {open && <Pending familyId={familyId} childName={childName} onReviewed={onReviewed} />}
      </div>
    </div>
  );
}

function Pending({
  familyId,
  childName,
  onReviewed,
}: {
  familyId: string;
  childName: string;
  onReviewed: (message: string) => Promise<void>;
}) {
  const declarations = useQuery({
    queryKey: ['families', familyId, 'declarations'],
    queryFn: async () =>
      await unwrap(api.GET('/api/families/{id}/declarations', { params: { path: { id: familyId } } })),
  });
  // The household's children as billed now: a declaration of resources alone is checked against them too.
  const household = useQuery({
    queryKey: ['families', familyId],
    queryFn: async () => await unwrap(api.GET('/api/families/{id}', { params: { path: { id: familyId } } })),
  });
  const failed = declarations.error ?? household.error;
  if (failed) return <Alert severity="error" small description={frenchError(failed)} />;
  if (!declarations.data || !household.data) return <p>Chargement des déclarations…</p>;
  const pending = declarations.data.filter((d) => d.status === 'PENDING');
  if (pending.length === 0) return <p className="fr-mt-1w">Aucune déclaration n'attend de vérification.</p>;
  return (
    <ul className="fr-raw-list fr-mt-2w">
      {pending.map((d) => (
        <ReviewOne
          key={d.id}
          declaration={d}
          household={household.data}
          childName={childName}
          onReviewed={onReviewed}
        />
      ))}
    </ul>
  );
}

function ReviewOne({
  declaration: d,
  household,
  childName,
  onReviewed,
}: {
  declaration: Declaration;
  household: { dependentChildren: number; aeehChildren: number };
  childName: string;
  onReviewed: (message: string) => Promise<void>;
}) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const refuseRef = useRef<HTMLButtonElement>(null);
  const [reason, setReason] = useState('');
  const proof = useMutation({
    mutationFn: () => downloadProof(d.familyId, d.id),
    onSuccess: () => setOpened(true),
  });
  const review = useMutation({
    mutationFn: async (decision: 'VALIDATE' | 'REJECT' | 'VALIDATE_KNOWING_INVOICED') =>
      await unwrap(
        api.POST('/api/families/{id}/declarations/{declarationId}/review', {
          params: { path: { id: d.familyId, declarationId: d.id } },
          body:
            decision === 'REJECT'
              ? { decision, reason }
              : decision === 'VALIDATE_KNOWING_INVOICED'
                ? { decision: 'VALIDATE', invoicedMonthsAcknowledged: true }
                : { decision },
        }),
      ),
    // Reviewed meanwhile by another manager, or withdrawn by the household: the list is read again and the
    // declaration leaves it, said as a review done here is (its alert would leave with it: the mutation's error is
    // set only once this handler is done).
    onError: async (e) => {
      if (!isApiError(e) || (e.code !== 'DECLARATION.ALREADY_REVIEWED' && e.code !== 'DECLARATION.NOT_FOUND')) return;
      await queryClient.invalidateQueries({ queryKey: ['families', d.familyId, 'declarations'] });
      await onReviewed(
        e.code === 'DECLARATION.NOT_FOUND'
          ? `Déclaration de la famille de ${childName} retirée par la famille entre-temps : la liste est à jour.`
          : `Déclaration de la famille de ${childName} déjà revue par quelqu'un d'autre : la liste est à jour.`,
      );
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['families', d.familyId, 'declarations'] });
      await onReviewed(
        r.status === 'VALIDATED'
          ? `Déclaration de la famille de ${childName} validée.`
          : `Déclaration de la famille de ${childName} refusée.`,
      );
    },
  });
  const errors = fieldErrorsFr(review.error);
  const invoiced = invoicedMonthsOf(review.error);
  const refuse = (e: FormEvent) => {
    e.preventDefault();
    review.mutate('REJECT');
  };
  const headingId = `declaration-${d.id}`;
  return (
    <li className="fr-mb-2w fr-p-2w" style={{ background: 'var(--background-alt-grey)' }}>
      <section aria-labelledby={headingId}>
        <h4 id={headingId} className="fr-text--md fr-mb-1v">
          Déclaration du {dateTimeFr(d.declaredAt)}
        </h4>
        <p className="fr-mb-1v">{declaredFr(d)}</p>
        {d.dependentChildren === null && d.aeehChildren === null && (
          <p className="fr-mb-1v">{householdToCheckFr(household)}</p>
        )}
        <p className="fr-mb-1w">
          Justificatif : {DOCUMENT_TYPE_FR[d.documentType] ?? d.documentType} (
          {d.document.mime === 'application/pdf' ? 'PDF' : 'image'}, {Math.max(1, Math.round(d.document.size / 1024))}{' '}
          ko)
        </p>
        {proof.error && <Alert className="fr-mb-1w" severity="error" small description={frenchError(proof.error)} />}
        {review.error && errors.size === 0 && !invoiced && (
          <Alert className="fr-mb-1w" severity="error" small description={frenchError(review.error)} />
        )}
        {invoiced && (
          <Alert
            className="fr-mb-1w"
            severity="warning"
            small
            description={`Déjà facturé à ce foyer : ${invoiced.map(monthFr).join(', ')}. Ces factures restent à l’ancienne participation : validez en le sachant, puis établissez un avoir pour ces mois si la participation baisse.`}
          />
        )}
        <Button
          iconId="fr-icon-download-line"
          priority={opened ? 'secondary' : 'primary'}
          size="small"
          disabled={proof.isPending}
          onClick={() => proof.mutate()}
        >
          {`Ouvrir le justificatif (${childName})`}
        </Button>
        {!opened ? (
          <p className="fr-text--sm fr-mt-1w fr-mb-0">Ouvrez le justificatif pour pouvoir valider ou refuser.</p>
        ) : (
          <>
            <p className="fr-text--sm fr-mt-1w fr-mb-1w" role="status">
              Justificatif ouvert ({proof.data}).
            </p>
            {!refusing ? (
              <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                <li>
                  {invoiced ? (
                    <Button disabled={review.isPending} onClick={() => review.mutate('VALIDATE_KNOWING_INVOICED')}>
                      {`Valider en le sachant (${childName})`}
                    </Button>
                  ) : (
                    <Button disabled={review.isPending} onClick={() => review.mutate('VALIDATE')}>
                      {`Valider la déclaration (${childName})`}
                    </Button>
                  )}
                </li>
                <li>
                  <Button ref={refuseRef} priority="secondary" onClick={() => setRefusing(true)}>
                    {`Refuser la déclaration (${childName})`}
                  </Button>
                </li>
              </ul>
            ) : (
              <form onSubmit={refuse} noValidate aria-label={`Refus de la déclaration (${childName})`}>
                <Input
                  label="Motif du refus"
                  hintText="La famille le lira : dites ce qui manque ou ne convient pas."
                  textArea
                  nativeTextAreaProps={{ value: reason, onChange: (e) => setReason(e.target.value), autoFocus: true }}
                  {...fieldState(errors, 'reason')}
                />
                <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                  <li>
                    <Button type="submit" disabled={review.isPending}>
                      Confirmer le refus
                    </Button>
                  </li>
                  <li>
                    <Button
                      type="button"
                      priority="secondary"
                      onClick={() => {
                        setRefusing(false);
                        setTimeout(() => refuseRef.current?.focus());
                      }}
                    >
                      Annuler
                    </Button>
                  </li>
                </ul>
              </form>
            )}
          </>
        )}
      </section>
    </li>
  );
}
