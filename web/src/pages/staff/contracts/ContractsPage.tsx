import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import { Link } from '../../../router';
import { hours } from '../../public/quote-steps';
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
  return (
    <Table
      caption={`Contrats de la crèche (${rows.length})`}
      headers={['Enfant', 'Parents', 'Du', 'Au', 'État', 'Heures par semaine']}
      data={rows.map((c) => {
        return [
          <Link key={c.id} href={webPaths.staffContract(c.id)}>
            {c.childFirstName ?? 'Enfant (données effacées)'}
          </Link>,
          parentsFr(c.parents),
          civilDateFr(c.startDate),
          civilDateFr(c.endDate),
          contractStatusFr(c, today),
          hours(c.hoursPerWeek),
        ];
      })}
    />
  );
}
