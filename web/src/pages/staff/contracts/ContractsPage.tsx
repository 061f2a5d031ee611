import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { type ProvisionalFee, provisionalFeeOf } from '../../../../../src/modules/fees/domain/provisional-fee';
import { api } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import { Link } from '../../../router';
import { euros, hours } from '../../public/quote-steps';
import { civilDateFr } from '../rounds/round-words';
import { CrecheChooser } from '../staff-creche';
import { todayInFrance } from '../today';
import { ContractDeclarations } from './ContractDeclarations';
import { contractStatusFr, parentsFr } from './contract-words';

/**
 * Contrats (issue #19): the declarations of the families under contract waiting for a manager, then the crèche's
 * contracts, running and upcoming first, each opening its page.
 */
export function ContractsPage() {
  return (
    <>
      <h1>Contrats</h1>
      <p>
        Un contrat est créé quand une famille accepte une offre de place (voir{' '}
        <Link href={webPaths.staffRounds}>Attribution des places</Link>) ; sa participation est calculée au barème de la
        Cnaf.
      </p>
      <CrecheChooser>
        {(creche) => (
          <>
            <ContractDeclarations key={`declarations-${creche.id}`} crecheId={creche.id} />
            <Contracts key={creche.id} crecheId={creche.id} />
          </>
        )}
      </CrecheChooser>
    </>
  );
}

function Contracts({ crecheId }: { crecheId: string }) {
  const today = todayInFrance();
  const contracts = useQuery({
    queryKey: ['creches', crecheId, 'contracts'],
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/contracts', { params: { path: { id: crecheId }, query: {} } })),
  });
  if (contracts.isPending) return <p>Chargement des contrats…</p>;
  if (contracts.error) return <Alert severity="error" small description={frenchError(contracts.error)} />;
  if (contracts.data.length === 0) return <p>Aucun contrat dans cette crèche.</p>;
  // Running and upcoming contracts first, then those over; the newest start first within each.
  const rows = [...contracts.data].sort(
    (a, b) => Number(a.endDate < today) - Number(b.endDate < today) || b.startDate.localeCompare(a.startDate),
  );
  const provisional = rows.filter((c) => c.endDate >= today && provisionalOf(c));
  return (
    <>
      {provisional.length > 0 && (
        <Alert
          className="fr-mb-2w"
          severity="warning"
          small
          title={`${provisional.length} contrat${provisional.length > 1 ? 's' : ''} facturé${provisional.length > 1 ? 's' : ''} sur des chiffres non vérifiés`}
          description="Tant que la crèche n’a pas vérifié les ressources d’une famille sur justificatif, sa participation est calculée au plancher du barème (et au taux d’une famille d’un enfant tant que ses enfants à charge ne le sont pas) : souvent moins que ce qu’elle devra. Demandez ses justificatifs à la famille, puis validez sa déclaration ci-dessus : la participation est recalculée à partir du mois suivant."
        />
      )}
      <Table
        caption={`Contrats de la crèche (${rows.length})`}
        headers={['Enfant', 'Parents', 'Du', 'Au', 'État', 'Heures par semaine', 'Participation en vigueur']}
        data={rows.map((c) => {
          const p = provisionalOf(c);
          return [
            <Link key={c.id} href={webPaths.staffContract(c.id)}>
              {c.childFirstName ?? 'Enfant (données effacées)'}
            </Link>,
            parentsFr(c.parents),
            civilDateFr(c.startDate),
            civilDateFr(c.endDate),
            contractStatusFr(c, today),
            hours(c.hoursPerWeek),
            <span key="fee">
              {feesFr(c)}
              {p && (
                <>
                  <br />
                  <Badge severity="warning" small noIcon as="span">
                    {provisionalBadgeFr(p)}
                  </Badge>
                </>
              )}
            </span>,
          ];
        })}
      />
    </>
  );
}

type ContractRow = components['schemas']['ContractResponseDto'];

/** The fees in force: the contract's, or each household's share in alternating residence. */
const feesOf = (c: ContractRow) => (c.feeShares?.length ? c.feeShares.map((s) => s.fee) : [c.fee ?? null]);

/** What the fee in force was computed on without checking (any household's share), or null. */
function provisionalOf(c: ContractRow): ProvisionalFee | null {
  const found = feesOf(c)
    .map((f) => provisionalFeeOf(f?.trace))
    .filter((p): p is ProvisionalFee => p !== null);
  return found.length ? { resources: found.some((p) => p.resources), children: found.some((p) => p.children) } : null;
}

const feesFr = (c: ContractRow) =>
  feesOf(c)
    .map((f) => (f ? `${euros(f.monthlyFee)} par mois` : 'pas encore calculée'))
    .join(' ; ');

const provisionalBadgeFr = (p: ProvisionalFee) =>
  p.resources && p.children
    ? 'Provisoire : ressources et enfants non vérifiés'
    : p.resources
      ? 'Provisoire : ressources non vérifiées'
      : 'Provisoire : enfants à charge non vérifiés';
