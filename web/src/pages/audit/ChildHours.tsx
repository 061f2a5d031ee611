import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { eurosFr, hoursFr, monthFr, percentFr } from '../staff/billing/billing-format';
import { frenchDate } from './audit-format';

/** "mars 2027", or "2027" for the whole year. */
export const periodFr = (year: number, month: number | null): string =>
  month === null ? String(year) : monthFr(`${year}-${String(month).padStart(2, '0')}`);

/**
 * Hours billed against hours attended, child by child (docs/rules.md R9.7): what a Caf auditor compares with the
 * crèche's attendance sheets. Over the months the crèche has issued only (a month not issued has nothing billed yet);
 * alerts first, then children billed without any presence, as the API orders them.
 */
export function ChildHours({ crecheId, year, month }: { crecheId: string; year: number; month: number | null }) {
  const report = useQuery({
    queryKey: ['creches', crecheId, 'child-hours', year, month],
    queryFn: () =>
      unwrap(
        api.GET('/api/creches/{id}/caf-reports/children', {
          params: { path: { id: crecheId }, query: { year, ...(month === null ? {} : { month }) } },
        }),
      ),
  });
  if (report.isPending) return <p>Chargement des heures par enfant…</p>;
  if (report.error) return <Alert severity="error" small description={frenchError(report.error)} />;
  const { issuedMonths, children } = report.data;
  if (issuedMonths.length === 0)
    return <p>Aucun mois de {month === null ? 'cette année' : 'cette période'} n’est encore facturé.</p>;
  if (children.length === 0) return <p>Aucun enfant facturé ni présent sur les mois facturés.</p>;
  const alerts = children.filter((c) => c.billingRateAlert).length;
  const absent = children.filter((c) => c.billedWithoutAttendance).length;
  return (
    <>
      <p>
        {month === null && `Mois facturés : ${issuedMonths.map((m) => monthFr(m)).join(', ')}. `}
        {alerts === 0
          ? 'Aucun enfant au-delà de 107 % d’heures facturées sur les heures réalisées'
          : `${alerts} enfant${alerts > 1 ? 's' : ''} au-delà de 107 %`}
        {absent > 0 && `, ${absent} facturé${absent > 1 ? 's' : ''} sans aucune présence`}.
      </p>
      <Table
        caption={`Heures facturées et réalisées par enfant, ${periodFr(year, month)}`}
        headers={[
          'Enfant',
          'Né(e) le',
          'Heures réalisées',
          'Heures facturées',
          'Dont retirées par avoir',
          'Participations',
          'Taux de facturation',
        ]}
        data={children.map((c) => [
          `${c.firstName}${c.lastName ? ` ${c.lastName}` : ''}`,
          c.birthDate ? frenchDate(c.birthDate) : '—',
          hoursFr(c.hoursAttended),
          hoursFr(c.hoursBilled),
          Number(c.hoursCredited) === 0 ? '—' : hoursFr(c.hoursCredited),
          eurosFr(c.feesBilled),
          c.billedWithoutAttendance
            ? 'facturé sans présence'
            : `${percentFr(c.billingRatePercent)}${c.billingRateAlert ? ' — au-delà de 107 %' : ''}`,
        ])}
      />
    </>
  );
}
