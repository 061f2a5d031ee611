import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { ClaimProofs } from './ClaimProofs';
import {
  dateFr,
  dateTimeFr,
  DECLARATION_STATUS_FR,
  DOCUMENT_TYPE_FR,
  rawFetch,
  resourcesFr,
  useMyFamily,
} from './household-shared';

const SEVERITY = { PENDING: 'info', VALIDATED: 'success', REJECTED: 'error' } as const;

/** Mes déclarations (issue #15, page 3): a change of resources or children, with its proof, checked by the crèche. */
export function DeclarationsPage() {
  const family = useMyFamily();
  return (
    <>
      <h1>Mes déclarations de situation</h1>
      <p>
        Vos ressources, vos enfants à charge ou l’AEEH changent : déclarez-le avec un justificatif. Après vérification
        par la crèche, la déclaration s’applique à partir du 1er du mois qui suit, jamais avant.
      </p>
      {family.isPending && <p>Chargement…</p>}
      {family.isError && <Alert severity="error" small description={frenchError(family.error)} />}
      {family.data === null && (
        <p>
          Vous n’avez pas encore de foyer : <Link href={webPaths.household}>déclarez d’abord votre foyer</Link>.
        </p>
      )}
      {family.data && (
        <>
          <DeclarationList familyId={family.data.id} />
          <NewDeclaration familyId={family.data.id} />
          <ClaimProofs family={family.data} />
        </>
      )}
    </>
  );
}

/** The household's declarations, newest first (one query shared by the list and the form). */
function useDeclarations(familyId: string) {
  return useQuery({
    queryKey: ['declarations', familyId],
    queryFn: () => unwrap(api.GET('/api/families/{id}/declarations', { params: { path: { id: familyId } } })),
  });
}

function DeclarationList({ familyId }: { familyId: string }) {
  const queryClient = useQueryClient();
  const list = useDeclarations(familyId);
  const statusRef = useRef<HTMLDivElement>(null);
  // A declaration sent by mistake (a wrong figure, the wrong file) is taken back while the crèche has not decided on
  // it; it goes with its proof. Refused once decided: the list is read again to show the decision.
  const withdraw = useMutation({
    mutationFn: (declarationId: string) =>
      unwrap(
        api.DELETE('/api/families/{id}/declarations/{declarationId}', {
          params: { path: { id: familyId, declarationId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['declarations', familyId] }),
  });
  // What was said gets the focus once it is on the page (the region stays mounted whatever the list holds).
  useEffect(() => {
    if (withdraw.isSuccess || withdraw.isError) statusRef.current?.focus();
  }, [withdraw.isSuccess, withdraw.isError]);
  // « Déclaration retirée » is stale once another is sent (a pending one other than the one withdrawn).
  const { reset, variables: withdrawnId } = withdraw;
  const anotherPending = list.data?.some((d) => d.status === 'PENDING' && d.id !== withdrawnId) ?? false;
  useEffect(() => {
    if (anotherPending) reset();
  }, [anotherPending, reset]);
  if (list.isError) return <Alert severity="error" small description={frenchError(list.error)} />;
  if (!list.data) return <p>Chargement…</p>;
  return (
    <section className="fr-mb-4w">
      <h2>Mes déclarations</h2>
      <div ref={statusRef} tabIndex={-1} aria-live="polite">
        {withdraw.isError && (
          <Alert severity="error" small className="fr-mb-2w" description={frenchError(withdraw.error)} />
        )}
        {withdraw.isSuccess && (
          <Alert
            severity="success"
            small
            className="fr-mb-2w"
            description="Déclaration retirée, avec son justificatif : vous pouvez en envoyer une autre."
          />
        )}
      </div>
      {list.data.length === 0 && <p>Aucune déclaration pour l’instant.</p>}
      <ul className="fr-raw-list" hidden={list.data.length === 0}>
        {list.data.map((d) => (
          <li key={d.id} className="fr-mb-3w">
            <h3 className="fr-h6 fr-mb-1v">
              {`Déclaration du ${dateTimeFr(d.declaredAt)} `}
              <Badge severity={SEVERITY[d.status]} small noIcon>
                {DECLARATION_STATUS_FR[d.status]}
              </Badge>
            </h3>
            <ul>
              {d.monthlyResources !== null && <li>{`Ressources mensuelles : ${resourcesFr(d.monthlyResources)}`}</li>}
              {d.dependentChildren !== null && <li>{`Enfants à charge : ${d.dependentChildren}`}</li>}
              {d.aeehChildren !== null && <li>{`Enfants bénéficiaires de l’AEEH : ${d.aeehChildren}`}</li>}
              <li>{`Justificatif : ${DOCUMENT_TYPE_FR[d.documentType] ?? d.documentType}`}</li>
              <li>
                {d.status === 'REJECTED'
                  ? 'Non appliquée'
                  : `${d.status === 'VALIDATED' ? 'Appliquée' : 'S’appliquera, une fois validée,'} à partir du ${dateFr(d.appliesFrom)}`}
              </li>
              {d.rejectionReason && <li>{`Motif du refus : ${d.rejectionReason}`}</li>}
            </ul>
            {d.status === 'PENDING' && (
              <Button
                priority="tertiary"
                size="small"
                disabled={withdraw.isPending}
                onClick={() => {
                  if (
                    window.confirm(
                      'Retirer cette déclaration ? Elle ne sera pas vérifiée et son justificatif sera supprimé.',
                    )
                  )
                    withdraw.mutate(d.id);
                }}
              >
                {`Retirer la déclaration du ${dateTimeFr(d.declaredAt)}`}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewDeclaration({ familyId }: { familyId: string }) {
  const queryClient = useQueryClient();
  const [resources, setResources] = useState('');
  const [dependentChildren, setDependentChildren] = useState('');
  const [aeehChildren, setAeehChildren] = useState('');
  const [documentType, setDocumentType] = useState('TAX_NOTICE_N2');
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  // The file input keeps its file until it is made again.
  const [uploadKey, setUploadKey] = useState(0);
  const statusRef = useRef<HTMLDivElement>(null);
  const declare = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      if (resources.trim()) form.set('monthlyResources', resources.trim().replace(/\s/g, '').replace(',', '.'));
      if (dependentChildren.trim()) form.set('dependentChildren', dependentChildren.trim());
      if (aeehChildren.trim()) form.set('aeehChildren', aeehChildren.trim());
      form.set('documentType', documentType);
      if (file) form.set('document', file);
      const res = await rawFetch(`/api/families/${familyId}/declarations`, { method: 'POST', body: form });
      return res.json() as Promise<{ appliesFrom: string }>;
    },
    onSuccess: async () => {
      // Sent: the form empties (a second tap would send it again) and the focus goes to what was said.
      setResources('');
      setDependentChildren('');
      setAeehChildren('');
      setFile(null);
      setUploadKey((k) => k + 1);
      requestAnimationFrame(() => statusRef.current?.focus());
      await queryClient.invalidateQueries({ queryKey: ['declarations', familyId] });
    },
    onError: () => requestAnimationFrame(() => statusRef.current?.focus()),
  });
  // « Une déclaration est déjà en attente » is stale once the household has none pending (withdrawn, or decided).
  const nonePending = useDeclarations(familyId).data?.every((d) => d.status !== 'PENDING') ?? false;
  const { reset, error } = declare;
  const refusedAsPending = isApiError(error) && error.code === 'DECLARATION.PENDING_EXISTS';
  useEffect(() => {
    if (refusedAsPending && nonePending) reset();
  }, [refusedAsPending, nonePending, reset]);
  const errors = fieldErrorsFr(declare.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setMissing('Joignez votre justificatif : ce champ est obligatoire.');
    setMissing(null);
    declare.mutate();
  };
  const documentError = missing ?? errors.get('document');
  return (
    <section>
      <h2>Déclarer un changement</h2>
      <div ref={statusRef} tabIndex={-1} aria-live="polite">
        {declare.isError && (
          <Alert severity="error" small description={frenchError(declare.error)} className="fr-mb-2w" />
        )}
        {declare.isSuccess && (
          <Alert
            severity="success"
            small
            className="fr-mb-2w"
            description={`Déclaration envoyée. Une fois vérifiée par la crèche, elle s’appliquera à partir du ${dateFr(declare.data.appliesFrom)}.`}
          />
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <p>Remplissez seulement ce qui change.</p>
        <Input
          label="Nouvelles ressources mensuelles en euros"
          hintText="Revenus de l’année N-2 divisés par 12, par exemple 2 650,00"
          {...fieldState(errors, 'monthlyResources')}
          nativeInputProps={{
            name: 'monthlyResources',
            inputMode: 'decimal',
            value: resources,
            onChange: (e) => setResources(e.target.value),
          }}
        />
        <Input
          label="Nouveau nombre d’enfants à charge"
          {...fieldState(errors, 'dependentChildren')}
          nativeInputProps={{
            name: 'dependentChildren',
            type: 'number',
            min: 1,
            max: 20,
            value: dependentChildren,
            onChange: (e) => setDependentChildren(e.target.value),
          }}
        />
        <Input
          label="Nouveau nombre d’enfants bénéficiaires de l’AEEH"
          {...fieldState(errors, 'aeehChildren')}
          nativeInputProps={{
            name: 'aeehChildren',
            type: 'number',
            min: 0,
            max: 20,
            value: aeehChildren,
            onChange: (e) => setAeehChildren(e.target.value),
          }}
        />
        <Select
          label="Type de justificatif"
          {...fieldState(errors, 'documentType')}
          nativeSelectProps={{
            name: 'documentType',
            value: documentType,
            onChange: (e) => setDocumentType(e.target.value),
          }}
        >
          {Object.entries(DOCUMENT_TYPE_FR).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
        <Upload
          key={uploadKey}
          label="Justificatif"
          hint="PDF, JPEG ou PNG, 5 Mo au plus"
          state={documentError ? 'error' : 'default'}
          stateRelatedMessage={documentError}
          nativeInputProps={{
            name: 'document',
            accept: 'application/pdf,image/jpeg,image/png',
            onChange: (e) => setFile(e.target.files?.[0] ?? null),
          }}
          className="fr-mb-3w"
        />
        <Button type="submit" disabled={declare.isPending}>
          {declare.isPending ? 'Envoi…' : 'Envoyer ma déclaration'}
        </Button>
      </form>
    </section>
  );
}
