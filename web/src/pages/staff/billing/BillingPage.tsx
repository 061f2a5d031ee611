import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrorsOf, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { Link } from '../../../router';
import { CrecheChooser } from '../staff-creche';
import { frenchDate } from '../../../../../src/common/text/french-dates';
import { todayInFrance } from '../today';
import {
  balanceFr,
  cents,
  fromCents,
  overdueFr,
  eurosFr,
  householdFr,
  hoursFr,
  attendedHoursFr,
  monthFr,
  ofMonthFr,
  previousMonth,
  recentMonths,
  statusFr,
} from './billing-format';
import { balancesKey, crecheKey, invoicesKey } from './billing-queries';
import { CafReports } from './CafReports';
import { type CreditPrefill, InvoicePanel } from './InvoicePanel';

type IssueResult = components['schemas']['IssueMonthResponseDto'];
type Unbillable = components['schemas']['SkippedContractDto'];

const SKIP_REASON_FR: Readonly<Record<string, string>> = {
  NO_MENSUALISATION: 'aucune heure réservée enregistrée',
  NO_FEE: 'aucune participation calculée',
};

/**
 * Facturation (issue #19): a month's invoices and credit notes of the crèche with each household's balance, issuing
 * the month once it is over, an invoice's lines, PDF, credit notes and payments; then the Caf activity report and the
 * FILOUÉ file of the year. For the crèche's managers and admins.
 */
export function BillingPage() {
  return (
    <>
      <h1>Facturation</h1>
      <CrecheChooser>
        {(creche) => (
          <div key={creche.id}>
            <MonthInvoices crecheId={creche.id} />
            <CafReports crecheId={creche.id} />
          </div>
        )}
      </CrecheChooser>
    </>
  );
}

function issuedFr(r: IssueResult): string {
  const n = r.issued.length;
  const issued = n
    ? `${n} facture${n > 1 ? 's' : ''} émise${n > 1 ? 's' : ''} pour ${monthFr(r.month)}.`
    : `Aucune nouvelle facture pour ${monthFr(r.month)}.`;
  const before = r.alreadyIssued
    ? ` ${r.alreadyIssued} foyer${r.alreadyIssued > 1 ? 's étaient' : ' était'} déjà facturé${r.alreadyIssued > 1 ? 's' : ''}.`
    : '';
  return issued + before;
}

/** Each contract once (a contract shared by two households has a row per household), named by its child. */
function contractsFr(list: readonly Unbillable[]): { text: string; count: number } {
  const byContract = new Map(list.map((s) => [s.contractId, s]));
  const text = [...byContract.values()]
    .map((s) => `contrat de ${s.childFirstName} (${SKIP_REASON_FR[s.reason] ?? s.reason})`)
    .join(', ');
  return { text, count: byContract.size };
}

/**
 * The month's contracts that cannot be billed: their households' invoices wait for them (the month bills a household
 * once: an invoice without that child would never bill it); named by the child, as such a household has no invoice
 * yet. A household invoiced all the same without one (before its invoice waited) is said apart: issuing again will
 * not bill it.
 */
function unbillableFr(list: readonly Unbillable[]): string | null {
  const waiting = list.filter((s) => !s.householdInvoiced);
  const missed = list.filter((s) => s.householdInvoiced);
  const parts: string[] = [];
  if (waiting.length) {
    const { text, count } = contractsFr(waiting);
    const n = new Set(waiting.map((s) => s.familyId)).size;
    parts.push(
      `${n > 1 ? `${n} foyers attendent leur facture` : 'Un foyer attend sa facture'} : ${text}. Corrigez ${count > 1 ? 'ces contrats' : 'ce contrat'}, puis émettez de nouveau le mois : la facture comprendra alors tous les enfants du foyer.`,
    );
  }
  if (missed.length) {
    const { text, count } = contractsFr(missed);
    parts.push(
      `Non ${count > 1 ? 'facturés' : 'facturé'} : ${text}, dans un foyer déjà facturé ce mois-ci ; émettre de nouveau le mois ne ${count > 1 ? 'les' : 'le'} facturera pas : vérifiez ${count > 1 ? 'ces contrats' : 'ce contrat'}.`,
    );
  }
  return parts.length ? parts.join(' ') : null;
}

function MonthInvoices({ crecheId }: { crecheId: string }) {
  const queryClient = useQueryClient();
  const today = todayInFrance();
  const [month, setMonth] = useState(previousMonth(today));
  const [openId, setOpenId] = useState<string | null>(null);
  // The credit note a rate change asked for, with the invoice it is on; each ask remounts the panel to start from it.
  const [prefill, setPrefill] = useState<{ invoiceId: string; credit: CreditPrefill; asked: number } | null>(null);
  // Issued invoices never change (a mistake is corrected by a credit note): the button asks once more.
  const [confirming, setConfirming] = useState(false);
  const invoices = useQuery({
    queryKey: invoicesKey(crecheId, month),
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/invoices', { params: { path: { id: crecheId }, query: { month } } })),
  });
  const unbillable = useQuery({
    queryKey: [...crecheKey(crecheId), 'unbillable', month],
    queryFn: async () =>
      await unwrap(
        api.GET('/api/creches/{id}/invoices/unbillable', { params: { path: { id: crecheId }, query: { month } } }),
      ),
  });
  const unbillableText = unbillable.data ? unbillableFr(unbillable.data) : null;
  const balances = useQuery({
    queryKey: balancesKey(crecheId),
    queryFn: async () => await unwrap(api.GET('/api/creches/{id}/balances', { params: { path: { id: crecheId } } })),
  });
  const issue = useMutation({
    mutationFn: async () =>
      await unwrap(
        api.POST('/api/creches/{id}/invoices/issue', { params: { path: { id: crecheId } }, body: { month } }),
      ),
    // The month's documents, the balances and the Caf's reports (which count what was billed).
    onSuccess: async () => await queryClient.invalidateQueries({ queryKey: crecheKey(crecheId) }),
  });
  const household = (familyId: string) => balances.data?.find((b) => b.familyId === familyId);
  const documents = invoices.data ?? [];
  const open = documents.find((d) => d.id === openId);
  const monthNotOver = fieldErrorsOf(issue.error).some((d) => d.field === 'month' && /over/.test(d.errors.join()));

  return (
    <section aria-labelledby="factures-du-mois">
      <h2 id="factures-du-mois">Factures du mois</h2>
      <Select
        label="Mois"
        nativeSelectProps={{
          value: month,
          onChange: (e) => {
            setMonth(e.target.value);
            setOpenId(null);
            setConfirming(false);
            issue.reset();
          },
        }}
      >
        {recentMonths(today, 24).map((m) => (
          <option key={m} value={m}>
            {monthFr(m)}
          </option>
        ))}
      </Select>
      <p className="fr-hint-text">
        Un mois se facture une fois terminé, une facture par foyer (le 1er du mois suivant, Berceau le fait aussi
        automatiquement). Une facture émise ne change plus : on la corrige par un avoir.
      </p>
      {month >= today.slice(0, 7) ? (
        // A month is invoiced once over (the API refuses it before): said here rather than offered and refused.
        <p className="fr-text--bold" data-testid="month-not-over">
          {`${capitalized(monthFr(month))} n’est pas terminé : ce mois pourra être facturé à partir du 1er du mois suivant.`}
        </p>
      ) : confirming ? (
        <div className="fr-p-2w fr-background-alt--grey" role="group" aria-labelledby="confirmer-emission">
          <p id="confirmer-emission" className="fr-text--bold fr-mb-1w">
            {`Émettre les factures ${ofMonthFr(month)} ?`}
          </p>
          <p className="fr-text--sm">
            Chaque foyer reçoit sa facture. Une facture émise ne change plus : une erreur se corrige ensuite par un
            avoir.
          </p>
          <div className="fr-btns-group fr-btns-group--inline-sm">
            <Button
              disabled={issue.isPending}
              onClick={() => {
                setConfirming(false);
                issue.mutate();
              }}
            >
              Oui, émettre les factures
            </Button>
            <Button priority="secondary" onClick={() => setConfirming(false)}>
              Annuler
            </Button>
          </div>
        </div>
      ) : (
        <Button disabled={issue.isPending} onClick={() => setConfirming(true)}>
          {`Émettre les factures ${ofMonthFr(month)}`}
        </Button>
      )}
      <div aria-live="polite" className="fr-mt-2w">
        {issue.isSuccess && <Alert severity="success" small description={issuedFr(issue.data)} />}
        {issue.error && (
          <Alert
            severity="error"
            small
            description={
              monthNotOver ? (
                `${monthFr(month)} n’est pas terminé : ce mois pourra être facturé à partir du 1er du mois suivant.`
              ) : isApiError(issue.error) && issue.error.code === 'INVOICE.ATTENDANCE_OPEN' ? (
                // names the days whose departure is missing, and where to enter it
                <>
                  {issue.error.message} <Link href={webPaths.staffToday}>Saisir les départs</Link>
                </>
              ) : (
                frenchError(issue.error)
              )
            }
          />
        )}
      </div>
      {unbillableText && <Alert className="fr-mt-2w" severity="warning" small description={unbillableText} />}
      {unbillable.error && (
        <Alert
          className="fr-mt-2w"
          severity="error"
          small
          description={`Les contrats que ce mois ne peut pas facturer n’ont pas pu être lus : ${frenchError(unbillable.error)}`}
        />
      )}
      {invoices.isPending ? (
        <p>Chargement des factures…</p>
      ) : invoices.error ? (
        <Alert severity="error" small description={frenchError(invoices.error)} />
      ) : documents.length === 0 ? (
        <p className="fr-mt-2w">Aucune facture pour {monthFr(month)}.</p>
      ) : (
        <Table
          className="fr-mt-2w"
          caption={`Factures et avoirs ${ofMonthFr(month)}`}
          headers={['N°', 'Foyer', 'Montant', 'Heures facturées / réalisées', 'Statut', 'Solde du foyer', '']}
          data={documents.map((d) => {
            const what = `${d.kind === 'CREDIT_NOTE' ? 'l’avoir' : 'la facture'} n° ${d.reference}`;
            const b = household(d.familyId);
            return [
              d.reference,
              householdFr(b),
              eurosFr(d.total),
              // Both in decimal hours, as the invoice bills them, so that the two figures compare at a glance.
              // A credit note in hours says the hours it took off (R8.16).
              d.kind === 'CREDIT_NOTE'
                ? Number(d.billedHours) !== 0
                  ? hoursFr(d.billedHours)
                  : '—'
                : `${hoursFr(d.billedHours)} / ${attendedHoursFr(d.attendedMinutes)}`,
              statusFr(d, documents),
              b ? balanceFr(b.balance) + overdueFr(b) : '…',
              <Button
                key="open"
                size="small"
                priority={openId === d.id ? 'primary' : 'secondary'}
                aria-pressed={openId === d.id}
                onClick={() => {
                  setPrefill(null);
                  setOpenId(openId === d.id ? null : d.id);
                }}
              >
                {`Ouvrir ${what}`}
              </Button>,
            ];
          })}
        />
      )}
      {open && (
        <InvoicePanel
          key={`${open.id}-${prefill?.asked ?? 0}`}
          crecheId={crecheId}
          invoice={open}
          documents={documents}
          balance={household(open.familyId)}
          creditPrefill={prefill?.invoiceId === open.id ? prefill.credit : undefined}
          onClose={() => {
            setPrefill(null);
            setOpenId(null);
          }}
        />
      )}
      <RateChanges
        crecheId={crecheId}
        months={recentMonths(today, 24)}
        onOpen={(m, id, credit) => {
          setMonth(m);
          setOpenId(id);
          setPrefill(credit ? { invoiceId: id, credit, asked: (prefill?.asked ?? 0) + 1 } : null);
          setConfirming(false);
          issue.reset();
        }}
      />
    </section>
  );
}

/**
 * Issued invoices billed at a rate the household's fee for their month no longer has (docs/rules.md R8.17): a scale
 * version or a declaration taken in knowingly after the issue. An issued invoice never changes: the manager sees what
 * each was billed too much (a credit note corrects it, from the invoice opened here) or too little.
 */
function RateChanges({
  crecheId,
  months,
  onOpen,
}: {
  crecheId: string;
  months: readonly string[];
  onOpen: (month: string, invoiceId: string, credit?: CreditPrefill) => void;
}) {
  const changes = useQuery({
    queryKey: [...crecheKey(crecheId), 'rate-changes'],
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/invoices/rate-changes', { params: { path: { id: crecheId } } })),
  });
  if (changes.error)
    return (
      <Alert
        className="fr-mt-4w"
        severity="error"
        small
        description={`Les factures à un tarif depuis changé n’ont pas pu être lues : ${frenchError(changes.error)}`}
      />
    );
  if (!changes.data?.length) return null;
  // An invoice's credit notes in euros are given for the invoice, not for one of its rows (siblings on one invoice):
  // they are shared over its rows billed too much in the list's order, and each row's credit note is what is left.
  const left = new Map<(typeof changes.data)[number], number>();
  const sharing = new Map<string, number>();
  for (const r of changes.data) {
    if (r.direction !== 'OVER_BILLED') continue;
    const credit = sharing.get(r.invoiceId) ?? cents(r.creditedOnInvoice);
    const taken = Math.min(credit, cents(r.difference));
    sharing.set(r.invoiceId, credit - taken);
    left.set(r, cents(r.difference) - taken);
  }
  const covered = (r: (typeof changes.data)[number]) => (left.get(r) ?? 0) === 0;
  return (
    <div className="fr-mt-4w">
      <h3 id="tarifs-changes">Factures émises à un tarif depuis changé</h3>
      <p className="fr-hint-text">
        Un barème ou une déclaration pris en compte après l’émission a changé la participation de ces mois ; une facture
        émise ne change pas. Facturé en trop : faites un avoir du montant indiqué sur la facture. Facturé en moins : une
        facture émise ne s’augmente pas, la crèche en décide.
      </p>
      <Table
        caption="Factures émises à un tarif depuis changé"
        headers={['Facture', 'Mois', 'Enfant', 'Tarif facturé', 'Tarif en vigueur', 'Heures', 'Écart', '']}
        data={changes.data.map((r) => [
          r.reference,
          monthFr(r.month),
          r.childFirstName,
          `${eurosFr(r.billedRate)}/h`,
          `${eurosFr(r.rateNow)}/h depuis le ${frenchDate(r.rateNowFrom)}`,
          hoursFr(r.hours),
          `${eurosFr(r.difference)} facturés ${r.direction === 'OVER_BILLED' ? 'en trop' : 'en moins'}` +
            (Number(r.creditedOnInvoice) > 0
              ? ` (avoirs déjà faits sur la facture : ${eurosFr(r.creditedOnInvoice)}${
                  r.direction === 'OVER_BILLED' && covered(r) ? ', qui couvrent l’écart' : ''
                })`
              : ''),
          !months.includes(r.month) ? (
            ''
          ) : r.direction === 'OVER_BILLED' && !covered(r) ? (
            <Button
              key="open"
              size="small"
              priority="secondary"
              onClick={() =>
                onOpen(r.month, r.invoiceId, {
                  amount: fromCents(left.get(r) ?? 0),
                  reason: rateChangeReasonFr(r),
                  alreadyCredited: r.creditedOnInvoice,
                })
              }
            >
              {`Préparer l’avoir de ${eurosFr(fromCents(left.get(r) ?? 0))} sur la facture n° ${r.reference}`}
            </Button>
          ) : (
            <Button key="open" size="small" priority="secondary" onClick={() => onOpen(r.month, r.invoiceId)}>
              {`Ouvrir la facture n° ${r.reference}`}
            </Button>
          ),
        ])}
      />
    </div>
  );
}

/** The reason printed on the credit note of a rate billed too high: what was billed, at which rate, and why. */
function rateChangeReasonFr(r: {
  childFirstName: string;
  month: string;
  hours: string;
  billedRate: string;
  rateNow: string;
  rateNowFrom: string;
}): string {
  return (
    `Participation de ${r.childFirstName} recalculée pour ${monthFr(r.month)} : ${hoursFr(r.hours)} à ` +
    `${eurosFr(r.rateNow)}/h (en vigueur depuis le ${frenchDate(r.rateNowFrom)}) au lieu de ${eurosFr(r.billedRate)}/h.`
  );
}

/** "Décembre 2026" at the start of a sentence. */
function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
