import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { ScheduleSummary } from '../../parent/ScheduleSummary';
import { CrecheChooser } from '../staff-creche';
import { DeclarationsToReview } from './DeclarationsToReview';
import { saveAttachment } from './save-attachment';
import {
  ageFr,
  awaitsDisabilityProof,
  breakdownRowFr,
  type Claim,
  claimOf,
  claimValueOf,
  dateFr,
  filtersQuery,
  type FiltersForm,
  fitFr,
  isChildClaim,
  NO_FILTERS,
  PAGE_SIZE,
  preferenceFr,
  proofOf,
  scoreFr,
  STATUS_FR,
  totalFr,
  weeklyHoursFr,
} from './waitlist-words';

type Entry = components['schemas']['WaitlistEntryDto'];
type Household = components['schemas']['WaitlistHouseholdDto'];
type Page = components['schemas']['WaitlistPageDto'];

/**
 * Liste d'attente (issue #19): the chosen crèche's ranked applications for its manager, each with the family to call
 * (parents' names and e-mails), the child's age, the hours asked and whether they fit, and the points declared
 * against those verified; a claim is verified once its proof is seen, a fee declaration once its document is opened.
 * Filtered and paged as the API does it (the ranking is the API's: filters never renumber it).
 */
export function WaitlistPage() {
  return (
    <>
      <h1>Liste d'attente</h1>
      <CrecheChooser>
        {(creche) => <Waitlist key={creche.id} crecheId={creche.id} maxAgeMonths={creche.maxAgeMonths} />}
      </CrecheChooser>
    </>
  );
}

function Waitlist({ crecheId, maxAgeMonths }: { crecheId: string; maxAgeMonths: number }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<FiltersForm>(NO_FILTERS);
  const [announce, setAnnounce] = useState('');
  const baseKey = ['creches', crecheId, 'waitlist'] as const;
  const list = useInfiniteQuery({
    queryKey: [...baseKey, filters],
    initialPageParam: null as string | null,
    // A refetch (after a verification) starts again from the first page and follows the new cursors.
    getNextPageParam: (last: Page) => last.nextCursor,
    queryFn: async ({ pageParam }) =>
      await unwrap(
        api.GET('/api/creches/{id}/waitlist', {
          params: {
            path: { id: crecheId },
            query: {
              ...filtersQuery(filters),
              families: true,
              limit: PAGE_SIZE,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
  });
  const pages = list.data?.pages ?? [];
  const entries = pages.flatMap((p) => p.items);
  const households = new Map(pages.flatMap((p) => p.families ?? []).map((h) => [h.applicationId, h]));
  const total = pages[0]?.total;
  const filtered = Object.keys(filtersQuery(filters)).length > 0;

  // After "Afficher les suivants", the keyboard goes on to the first entry just shown.
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from !== null && entries.length > from) {
      focusFrom.current = null;
      document.getElementById(`demande-${entries[from].applicationId}`)?.focus();
    }
  }, [entries]);

  const refresh = async (message: string) => {
    setAnnounce(message);
    await queryClient.invalidateQueries({ queryKey: baseKey });
  };
  const changed = isApiError(list.error) && list.error.code === 'WAITLIST.CHANGED';

  return (
    <>
      <Filters value={filters} onChange={setFilters} />
      <p className="fr-sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {list.isPending ? (
        <p>Chargement de la liste d'attente…</p>
      ) : list.error && entries.length === 0 ? (
        <Alert severity="error" small description={frenchError(list.error)} />
      ) : (
        <>
          <h2 className="fr-h4" aria-live="polite">
            {total === undefined ? '' : totalFr(total, filtered)}
          </h2>
          {entries.length > 0 && (
            <p className="fr-text--sm">
              Classement de la crèche au {dateFr(pages[0].asOf)}. Les points vérifiés sont ceux dont un justificatif a
              été vu : ce sont eux qui comptent à l'attribution.
            </p>
          )}
          <ol className="fr-raw-list">
            {entries.map((e) => (
              <EntryCard
                key={e.applicationId}
                entry={e}
                maxAgeMonths={maxAgeMonths}
                household={households.get(e.applicationId)}
                onVerified={refresh}
              />
            ))}
          </ol>
          {list.error && (
            <Alert
              className="fr-mb-2w"
              severity={changed ? 'warning' : 'error'}
              small
              description={frenchError(list.error)}
            />
          )}
          {changed ? (
            <Button onClick={() => void queryClient.resetQueries({ queryKey: baseKey })}>
              Recharger la liste depuis le début
            </Button>
          ) : (
            list.hasNextPage && (
              <Button
                priority="secondary"
                disabled={list.isFetchingNextPage}
                onClick={() => {
                  focusFrom.current = entries.length;
                  void list.fetchNextPage();
                }}
              >
                {list.isFetchingNextPage ? 'Chargement…' : 'Afficher les suivants'}
              </Button>
            )
          )}
        </>
      )}
    </>
  );
}

/** The API's filters as DSFR controls; any change shows the list again from its first page. */
function Filters({ value, onChange }: { value: FiltersForm; onChange: (f: FiltersForm) => void }) {
  return (
    <fieldset className="fr-fieldset" aria-labelledby="filtres-liste">
      <legend id="filtres-liste" className="fr-fieldset__legend fr-h6">
        Filtrer la liste
      </legend>
      <div className="fr-fieldset__element fr-fieldset__element--inline">
        <Select
          label="Statut de la demande"
          nativeSelectProps={{
            value: value.status,
            onChange: (e) => onChange({ ...value, status: e.target.value as FiltersForm['status'] }),
          }}
        >
          <option value="">Toutes</option>
          <option value="SUBMITTED">En attente</option>
          <option value="OFFERED">Place proposée</option>
        </Select>
      </div>
      <div className="fr-fieldset__element fr-fieldset__element--inline">
        <Select
          label="Horaires et places"
          nativeSelectProps={{
            value: value.fits,
            onChange: (e) => onChange({ ...value, fits: e.target.value as FiltersForm['fits'] }),
          }}
        >
          <option value="">Tous les horaires</option>
          <option value="true">Compatibles avec les places</option>
          <option value="false">Incompatibles avec les places</option>
        </Select>
      </div>
      <div className="fr-fieldset__element">
        <Checkbox
          options={[
            {
              label: 'Seulement les demandes avec des horaires atypiques',
              nativeInputProps: {
                checked: value.atypical,
                onChange: (e) => onChange({ ...value, atypical: e.target.checked }),
              },
            },
            {
              label: 'Seulement les demandes avec des critères à vérifier',
              nativeInputProps: {
                checked: value.toVerify,
                onChange: (e) => onChange({ ...value, toVerify: e.target.checked }),
              },
            },
          ]}
        />
      </div>
    </fieldset>
  );
}

function EntryCard({
  entry,
  maxAgeMonths,
  household,
  onVerified,
}: {
  entry: Entry;
  maxAgeMonths: number;
  household: Household | undefined;
  onVerified: (message: string) => Promise<void>;
}) {
  const name = entry.childFirstName;
  const headingId = `demande-${entry.applicationId}`;
  const verify = useMutation({
    mutationFn: async (line: { criterion: string }) => {
      const claim = claimOf(line.criterion)!;
      // The value this line shows is the one verified: if the family changed it since, the API refuses (409).
      const value = claimValueOf(line.criterion);
      await unwrap(
        api.POST('/api/families/{id}/claims', {
          params: { path: { id: entry.familyId } },
          body: isChildClaim(claim) ? { claim, value, childId: household!.childId } : { claim, value },
        }),
      );
    },
    onSuccess: () =>
      onVerified(`Justificatif de la famille de ${name} enregistré comme vu : le classement est à jour.`),
  });
  // A criterion's proof uploaded by the family is opened (downloaded with the session's token) before it is verified.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const openProof = useMutation({
    mutationFn: async (proofId: string) =>
      saveAttachment(
        await api.GET('/api/families/{id}/claim-proofs/{proofId}/document', {
          params: { path: { id: entry.familyId, proofId } },
          parseAs: 'blob',
        }),
      ),
    onSuccess: (_name, proofId) => setOpened((was) => new Set(was).add(proofId)),
  });
  const toVerify = entry.breakdown.filter((l) => proofOf(l) === 'TO_VERIFY');
  return (
    <li className="fr-mb-3w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <section aria-labelledby={headingId}>
        <h3 id={headingId} tabIndex={-1} className="fr-h5 fr-mb-1w">
          {`${entry.rank}. ${name}, ${ageFr(entry.ageAtStartMonths)} à l'entrée souhaitée`}
        </h3>
        <p className="fr-mb-1w">
          <Badge severity={entry.status === 'OFFERED' ? 'new' : 'info'} small noIcon>
            {STATUS_FR[entry.status] ?? entry.status}
          </Badge>{' '}
          {entry.verifiedScore < entry.score && (
            <Badge severity="warning" small noIcon>
              Critères à vérifier
            </Badge>
          )}
        </p>
        {awaitsDisabilityProof(entry, maxAgeMonths) && (
          <Alert
            className="fr-mb-1w"
            severity="warning"
            small
            description={`Au-delà de l'âge maximal de la crèche (${maxAgeMonths} mois) à l'entrée souhaitée : ${name} n'est admissible qu'une fois son handicap vérifié sur justificatif (AEEH, MDPH). D'ici là, les attributions le laissent de côté.`}
          />
        )}
        <Family household={household} />
        <p className="fr-mb-1w">
          {`Entrée souhaitée le ${dateFr(entry.desiredStartDate)}, demande du ${dateFr(entry.submittedAt.slice(0, 10))}, ${preferenceFr(entry.preferencePosition)}.`}
        </p>
        <h4 className="fr-text--md fr-mb-1v">Horaires demandés</h4>
        {household ? <ScheduleSummary schedule={household.schedule} /> : null}
        <p className="fr-mb-1v">{weeklyHoursFr(entry.hoursPerWeek, entry.atypicalHoursPerWeek)}.</p>
        <p className="fr-mb-2w">
          <Badge severity={entry.fitsNow ? 'success' : 'warning'} small noIcon>
            {entry.fitsNow ? 'Compatibles' : 'Incompatibles'}
          </Badge>{' '}
          {fitFr(entry.fitsNow, entry.desiredStartDate, entry.firstConflict)}
        </p>
        <h4 className="fr-text--md fr-mb-1v">Points : {scoreFr(entry.score, entry.verifiedScore)}</h4>
        <Table
          className="fr-mb-2w"
          caption={`Détail des points ${ofName(name)}`}
          noCaption
          headers={['Critère', 'Points', 'Justificatif']}
          data={entry.breakdown.map((l) => {
            const row = breakdownRowFr(l);
            const claim = claimOf(l.criterion);
            // A proof the family uploaded, still to be opened and verified.
            return proofOf(l) === 'TO_VERIFY' && household && claim && uploadedProofOf(household, claim)
              ? [row[0], row[1], 'Déposé par la famille, à ouvrir']
              : row;
          })}
        />
        {verify.error && <Alert className="fr-mb-2w" severity="error" small description={frenchError(verify.error)} />}
        {openProof.error && (
          <Alert className="fr-mb-2w" severity="error" small description={frenchError(openProof.error)} />
        )}
        {toVerify.length > 0 && household && (
          <>
            <p className="fr-mb-1w">
              Après avoir vu le justificatif d'un critère déclaré (déposé par la famille ou sur papier), enregistrez-le
              :
            </p>
            <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
              {toVerify.map((l) => {
                const label = `${breakdownRowFr(l)[0]} (${name})`;
                const proof = uploadedProofOf(household, claimOf(l.criterion)!);
                return (
                  <li key={l.criterion}>
                    {proof && (
                      <Button
                        priority={opened.has(proof.proofId) ? 'tertiary' : 'primary'}
                        disabled={openProof.isPending}
                        onClick={() => openProof.mutate(proof.proofId)}
                      >
                        {`Ouvrir le justificatif : ${label}`}
                      </Button>
                    )}
                    {(!proof || opened.has(proof.proofId)) && (
                      <Button priority="secondary" disabled={verify.isPending} onClick={() => verify.mutate(l)}>
                        {`Justificatif vu : ${label}`}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {household && household.declarationsToReview > 0 && (
          <DeclarationsToReview
            familyId={entry.familyId}
            childName={name}
            count={household.declarationsToReview}
            onReviewed={onVerified}
          />
        )}
      </section>
    </li>
  );
}

/** The proof the family uploaded for a criterion (the applied child's, for a child criterion), if any. */
function uploadedProofOf(household: Household, claim: Claim): Household['claimProofs'][number] | undefined {
  return household.claimProofs.find(
    (p) => p.claim === claim && (isChildClaim(claim) ? p.childId === household.childId : p.childId === null),
  );
}

/** The parents to call, with their e-mails as links. */
function Family({ household }: { household: Household | undefined }) {
  if (!household) return <p className="fr-mb-1w">Famille : demande retirée entre-temps.</p>;
  if (household.parents.length === 0) return <p className="fr-mb-1w">Famille : aucun parent joignable.</p>;
  return (
    <div className="fr-mb-1w">
      <p className="fr-mb-1v">{household.parents.length > 1 ? 'Parents :' : 'Parent :'}</p>
      <ul className="fr-mb-0">
        {household.parents.map((p) => (
          <li key={p.email}>
            {`${p.firstName} ${p.lastName} — `}
            <a href={`mailto:${p.email}`} style={{ overflowWrap: 'anywhere' }}>
              {p.email}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "de Lou", "d'Inès": French elides "de" before a vowel. */
export const ofName = (name: string) => (/^[aeiouyàâäéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`);
