import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { dateTimeFr, PARENTS_ACTIVITY_FR, rawFetch } from './household-shared';

type Family = components['schemas']['FamilyResponseDto'];
type Child = components['schemas']['ChildResponseDto'];
type Proof = components['schemas']['ClaimProofResponseDto'];
type Claim = Proof['claim'];

/** A criterion the household declares and may prove: for the household, or for one of its children. */
interface Declared {
  readonly claim: Claim;
  readonly childId: string | null;
  readonly label: string;
}

/** The declared criteria that need a proof (DOMAIN.md §5), in French. */
export function declaredCriteria(family: Family, children: readonly Child[]): Declared[] {
  const out: Declared[] = [];
  if (family.parentsActivity !== 'NONE_WORKING')
    out.push({
      claim: 'PARENTS_ACTIVITY',
      childId: null,
      label: `Activité des parents : ${PARENTS_ACTIVITY_FR[family.parentsActivity] ?? family.parentsActivity}`,
    });
  if (family.singleParent) out.push({ claim: 'SINGLE_PARENT', childId: null, label: 'Famille monoparentale' });
  if (family.socialMinimaOrInsertion)
    out.push({
      claim: 'SOCIAL_MINIMA_OR_INSERTION',
      childId: null,
      label: 'Minima sociaux ou parcours d’insertion',
    });
  if (family.otherHouseholdDisability)
    out.push({
      claim: 'OTHER_HOUSEHOLD_DISABILITY',
      childId: null,
      label: 'Handicap d’un autre membre du foyer',
    });
  for (const c of children) {
    if (c.disability) out.push({ claim: 'CHILD_DISABILITY', childId: c.id, label: `Handicap de ${c.firstName}` });
    if (c.multipleBirth)
      out.push({ claim: 'MULTIPLE_BIRTH', childId: c.id, label: `Naissance multiple (${c.firstName})` });
  }
  return out;
}

/**
 * The proofs of the household's priority criteria (issue #19): one per declared criterion, each with its status
 * (none yet, déposé, vu par la crèche). A crèche counts a criterion's points once its manager has seen the proof.
 */
export function ClaimProofs({ family }: { family: Family }) {
  const children = useQuery({
    queryKey: ['children', family.id],
    queryFn: () => unwrap(api.GET('/api/families/{id}/children', { params: { path: { id: family.id } } })),
  });
  const proofs = useQuery({
    queryKey: ['claim-proofs', family.id],
    queryFn: () => unwrap(api.GET('/api/families/{id}/claim-proofs', { params: { path: { id: family.id } } })),
  });
  const error = children.error ?? proofs.error;
  return (
    <section className="fr-mt-6w fr-mb-4w" aria-labelledby="justificatifs-situation">
      <h2 id="justificatifs-situation">Justificatifs de ma situation</h2>
      <p>
        Les situations que vous avez déclarées donnent des points de priorité une fois leur justificatif vu par la
        crèche. Déposez-en un par situation ; un nouveau dépôt remplace le précédent.
      </p>
      {error ? (
        <Alert severity="error" small description={frenchError(error)} />
      ) : !children.data || !proofs.data ? (
        <p>Chargement…</p>
      ) : (
        <CriteriaList familyId={family.id} criteria={declaredCriteria(family, children.data)} proofs={proofs.data} />
      )}
    </section>
  );
}

function CriteriaList({
  familyId,
  criteria,
  proofs,
}: {
  familyId: string;
  criteria: readonly Declared[];
  proofs: readonly Proof[];
}) {
  if (criteria.length === 0) return <p>Aucune situation à justifier pour l’instant.</p>;
  return (
    <ul className="fr-raw-list">
      {criteria.map((c) => (
        <Criterion
          key={`${c.claim}-${c.childId ?? ''}`}
          familyId={familyId}
          criterion={c}
          proof={proofs.find((p) => p.claim === c.claim && p.childId === c.childId)}
        />
      ))}
    </ul>
  );
}

function Criterion({
  familyId,
  criterion,
  proof,
}: {
  familyId: string;
  criterion: Declared;
  proof: Proof | undefined;
}) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const id = `justificatif-${criterion.claim}-${criterion.childId ?? 'foyer'}`.toLowerCase();
  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.set('claim', criterion.claim);
      if (criterion.childId) form.set('childId', criterion.childId);
      if (file) form.set('document', file);
      await rawFetch(`/api/families/${familyId}/claim-proofs`, { method: 'POST', body: form });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['claim-proofs', familyId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setMissing('Choisissez le fichier du justificatif : ce champ est obligatoire.');
    setMissing(null);
    upload.mutate();
  };
  const documentError = missing ?? fieldErrorsFr(upload.error).get('document');
  return (
    <li className="fr-mb-3w">
      <h3 className="fr-h6 fr-mb-1v" id={`${id}-titre`}>
        {`${criterion.label} `}
        {proof ? (
          <Badge severity={proof.verified ? 'success' : 'info'} small noIcon>
            {proof.verified ? 'Vu par la crèche' : 'Déposé'}
          </Badge>
        ) : (
          <Badge severity="warning" small noIcon>
            Aucun justificatif
          </Badge>
        )}
      </h3>
      {proof && (
        <p className="fr-mb-1w fr-text--sm">
          {proof.verified && proof.verifiedAt
            ? `Déposé le ${dateTimeFr(proof.uploadedAt)}, vu par la crèche le ${dateTimeFr(proof.verifiedAt)}.`
            : `Déposé le ${dateTimeFr(proof.uploadedAt)}, en attente de vérification par la crèche.`}
        </p>
      )}
      <div aria-live="polite">
        {upload.isError && !documentError && (
          <Alert severity="error" small description={frenchError(upload.error)} className="fr-mb-1w" />
        )}
        {upload.isSuccess && <p className="fr-mb-1w">Justificatif déposé.</p>}
      </div>
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-titre`}>
        <Upload
          label={proof ? `Remplacer le justificatif (${criterion.label})` : `Justificatif (${criterion.label})`}
          hint="PDF, JPEG ou PNG, 5 Mo au plus"
          state={documentError ? 'error' : 'default'}
          stateRelatedMessage={documentError}
          nativeInputProps={{
            id,
            name: 'document',
            accept: 'application/pdf,image/jpeg,image/png',
            onChange: (e) => setFile(e.target.files?.[0] ?? null),
          }}
          className="fr-mb-1w"
        />
        <Button type="submit" size="small" priority="secondary" disabled={upload.isPending}>
          {upload.isPending ? 'Envoi…' : `Déposer le justificatif (${criterion.label})`}
        </Button>
      </form>
    </li>
  );
}
