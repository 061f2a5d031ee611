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
 * The per-child report of a period, shared (one request) by the table and by the pages' CSV button, which has nothing
 * to give before a month is issued.
 */
export const useChildHours = (crecheId: string, year: number, month: number | null, enabled = true) =>
  useQuery({
    queryKey: ['creches', crecheId, 'child-hours', year, month],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/creches/{id}/caf-reports/children', {
          params: { path: { id: crecheId }, query: { year, ...(month === null ? {} : { month }) } },
        }),
      ),
  });

/** Whether the period has an issued month, so that its CSV holds more than its header; unknown while loading. */
export const nothingIssued = (report: ReturnType<typeof useChildHours>): boolean =>
  report.data?.issuedMonths.length === 0;

/**
 * Hours billed against hours attended, child by child (docs/rules.md R9.7): what a Caf auditor compares with the
 * crèche's attendance sheets. Over the months the crèche has issued only (a month not issued has nothing billed yet);
 * alerts first, then children billed without any presence, as the API orders them.
 */
export function ChildHours({ crecheId, year, month }: { crecheId: string; year: number; month: number | null }) {
  const report = useChildHours(crecheId, year, month);
  if (report.isPending) return <p>Chargement des heures par enfant…</p>;
  if (report.error) return <Alert severity="error" small description={frenchError(report.error)} />;
  const { issuedMonths, children } = report.data;
  if (issuedMonths.length === 0)
    return (
      <p>{month === null ? 'Aucun mois de cette année n’est encore facturé.' : 'Ce mois n’est pas encore facturé.'}</p>
    );
  if (children.length === 0) return <p>Aucun enfant facturé ni présent sur les mois facturés.</p>;
  const alerts = children.filter((c) => c.billingRateAlert).length;
  const absent = children.filter((c) => c.billedWithoutAttendance).length;
  const unbilled = children.filter((c) => c.attendedWithoutBilling).length;
  const sum = (pick: (c: (typeof children)[number]) => string) =>
    (children.reduce((s, c) => s + Math.round(Number(pick(c)) * 100), 0) / 100).toFixed(2);
  return (
    <>
      <p>
        {month === null && `Mois facturés : ${issuedMonths.map((m) => monthFr(m)).join(', ')}. `}
        {alerts === 0
          ? 'Aucun enfant au-delà de 107 % d’heures facturées sur les heures réalisées'
          : `${alerts} enfant${alerts > 1 ? 's' : ''} au-delà de 107 %`}
        {absent > 0 && `, ${absent} facturé${absent > 1 ? 's' : ''} sans aucune présence`}
        {unbilled > 0 &&
          `, ${unbilled} présent${unbilled > 1 ? 's' : ''} sans facture (à facturer en émettant à nouveau le mois)`}
        .
      </p>
      <p className="fr-hint-text">
        Participations : les lignes des factures de chaque enfant, avoirs en heures déduits ; un avoir en euros ne nomme
        pas d’enfant et figure au rapport d’activité.
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
        data={[
          ...children.map((c) => [
            c.erased ? 'Enfant d’un foyer effacé' : `${c.firstName}${c.lastName ? ` ${c.lastName}` : ''}`,
            c.birthDate ? frenchDate(c.birthDate) : '—',
            hoursFr(c.hoursAttended),
            hoursFr(c.hoursBilled),
            Number(c.hoursCredited) === 0 ? '—' : hoursFr(c.hoursCredited),
            eurosFr(c.feesBilled),
            c.billedWithoutAttendance
              ? 'facturé sans présence'
              : c.attendedWithoutBilling
                ? 'présent sans facture'
                : `${percentFr(c.billingRatePercent)}${c.billingRateAlert ? ' — au-delà de 107 %' : ''}`,
          ]),
          [
            'Total',
            '',
            hoursFr(sum((c) => c.hoursAttended)),
            hoursFr(sum((c) => c.hoursBilled)),
            hoursFr(sum((c) => c.hoursCredited)),
            eurosFr(sum((c) => c.feesBilled)),
            '',
          ],
        ]}
      />
    </>
  );
}
