import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useMutation, useQuery } from '@tanstack/react-query';
import { frenchDate, frenchMonth } from '../../../../src/common/text/french-dates';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { eurosFr, PAYMENT_METHODS } from '../staff/billing/billing-format';
import { familyBalanceFr, familyOverdueFr, invoiceDueFr } from './invoices-words';
import { rawFetch, useMyFamily } from './household-shared';

const euros = (amount: string) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(Number(amount));

/** Saves a file the API serves behind the session's token (a plain link would not carry it). */
async function download(path: string, fallbackName: string): Promise<string> {
  const res = await rawFetch(path);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/**
 * Mes factures (issue #16): what the household owes each crèche (invoiced, credited, paid) with the payments the
 * crèche recorded, its invoices and credit notes as PDFs, and each year's certificate of childcare costs paid (per
 * crèche, for the years that are over). The e-mails "Votre facture … est disponible" and
 * "Votre attestation de frais de garde … est disponible" link here.
 */
export function InvoicesPage() {
  const family = useMyFamily();
  const familyId = family.data?.id;
  const invoices = useQuery({
    queryKey: ['family', familyId, 'invoices'],
    enabled: !!familyId,
    queryFn: () => unwrap(api.GET('/api/families/{id}/invoices', { params: { path: { id: familyId! } } })),
  });
  const balances = useQuery({
    queryKey: ['family', familyId, 'balance'],
    enabled: !!familyId,
    queryFn: () => unwrap(api.GET('/api/families/{id}/balance', { params: { path: { id: familyId! } } })),
  });
  const payments = useQuery({
    queryKey: ['family', familyId, 'payments'],
    enabled: !!familyId,
    queryFn: () => unwrap(api.GET('/api/families/{id}/payments', { params: { path: { id: familyId! } } })),
  });
  const creches = useQuery({
    queryKey: ['creches'],
    queryFn: () => unwrap(api.GET('/api/creches', {})),
  });
  const file = useMutation({ mutationFn: (f: { path: string; name: string }) => download(f.path, f.name) });

  const crecheName = (id: string) => creches.data?.find((c) => c.id === id)?.name ?? 'la crèche';
  const paymentTermsOf = (id: string) => creches.data?.find((c) => c.id === id)?.paymentTerms ?? null;
  const thisYear = new Date().getFullYear();
  // A certificate per crèche and year that is over, for the years it invoiced the household.
  const certificates = [
    ...new Map(
      (invoices.data ?? [])
        .filter((i) => i.kind === 'INVOICE' && Number(i.month.slice(0, 4)) < thisYear)
        .map((i) => [`${i.month.slice(0, 4)}|${i.crecheId}`, { year: i.month.slice(0, 4), crecheId: i.crecheId }]),
    ).values(),
  ].sort((a, b) => b.year.localeCompare(a.year));

  const failed = family.error ?? invoices.error ?? creches.error ?? balances.error ?? payments.error;
  const methodFr = (m: string) => PAYMENT_METHODS.find((p) => p.value === m)?.label ?? m;
  return (
    <>
      <h1>Mes factures</h1>
      {(family.isPending || (familyId && invoices.isPending)) && <p>Chargement…</p>}
      {failed && <Alert severity="error" small description={frenchError(failed)} />}
      {family.data === null && (
        <p>
          Vous n’avez pas encore déclaré de foyer. <Link href={webPaths.household}>Déclarer mon foyer</Link>
        </p>
      )}
      <div aria-live="polite">
        {file.isError && <Alert severity="error" small description={frenchError(file.error)} className="fr-mb-2w" />}
        {file.isSuccess && (
          <Alert severity="success" small description={`Fichier téléchargé : ${file.data}.`} className="fr-mb-2w" />
        )}
      </div>
      {balances.data && balances.data.length > 0 && (
        <section className="fr-mb-5w">
          <h2>Mon solde</h2>
          <ul className="fr-raw-list">
            {balances.data.map((b) => (
              <li key={b.crecheId} className="fr-mb-2w">
                <p className="fr-mb-1v">
                  <strong>{crecheName(b.crecheId)}</strong> : {familyBalanceFr(b.balance)}
                </p>
                {familyOverdueFr(b) && (
                  <p className="fr-text--sm fr-text--bold fr-mb-1v fr-text-default--warning">{familyOverdueFr(b)}</p>
                )}
                <p className="fr-text--sm fr-mb-0">
                  Facturé {eurosFr(b.invoiced)}
                  {Number(b.credited) !== 0 && `, avoirs ${eurosFr(b.credited)}`}, payé {eurosFr(b.paid)}.
                </p>
                {paymentTermsOf(b.crecheId) && (
                  <p className="fr-text--sm fr-mb-0">Modalités de paiement : {paymentTermsOf(b.crecheId)}</p>
                )}
              </li>
            ))}
          </ul>
          <h3 className="fr-h6">Paiements reçus</h3>
          {payments.data?.length ? (
            <ul>
              {payments.data.map((p) => (
                <li key={p.id}>
                  {frenchDate(p.paidOn)} — {methodFr(p.method)} — {eurosFr(p.amount)}
                  {balances.data.length > 1 && ` (${crecheName(p.crecheId)})`}
                  {p.cancelledAt && ` — annulé par la crèche : ${p.cancelReason}`}
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucun paiement enregistré pour l’instant.</p>
          )}
        </section>
      )}
      {invoices.data && (
        <>
          <section className="fr-mb-5w">
            <h2>Factures et avoirs</h2>
            {invoices.data.length === 0 ? (
              <p>
                Aucune facture pour l’instant : la crèche émet la facture d’un mois le premier jour du mois suivant.
              </p>
            ) : (
              <ul className="fr-raw-list">
                {invoices.data.map((i) => {
                  const what = `${i.kind === 'CREDIT_NOTE' ? 'Avoir' : 'Facture'} n° ${i.reference}`;
                  return (
                    <li key={i.id} className="fr-mb-3w">
                      <p className="fr-mb-1w">
                        <strong>{what}</strong> — {crecheName(i.crecheId)}, {frenchMonth(i.month)} : {euros(i.total)}
                        {invoiceDueFr(i)}
                      </p>
                      <Button
                        priority="secondary"
                        size="small"
                        iconId="fr-icon-download-line"
                        disabled={file.isPending}
                        onClick={() =>
                          file.mutate({
                            path: `/api/invoices/${i.id}/pdf`,
                            name: `${i.kind === 'CREDIT_NOTE' ? 'avoir' : 'facture'}-${i.reference}.pdf`,
                          })
                        }
                      >
                        {`Télécharger ${i.kind === 'CREDIT_NOTE' ? 'l’avoir' : 'la facture'} n° ${i.reference} (PDF)`}
                      </Button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section>
            <h2>Attestations de frais de garde</h2>
            <p>
              Pour le crédit d’impôt pour frais de garde des enfants de moins de 6 ans : les sommes payées à la crèche
              pendant l’année, une attestation par crèche, disponible une fois l’année terminée.
            </p>
            {certificates.length === 0 ? (
              <p>Aucune attestation pour l’instant.</p>
            ) : (
              <ul className="fr-raw-list">
                {certificates.map((c) => (
                  <li key={`${c.year}-${c.crecheId}`} className="fr-mb-2w">
                    <Button
                      priority="secondary"
                      size="small"
                      iconId="fr-icon-download-line"
                      disabled={file.isPending}
                      onClick={() =>
                        file.mutate({
                          path: `/api/families/${familyId}/childcare-certificates/${c.year}?crecheId=${c.crecheId}`,
                          name: `attestation-frais-de-garde-${c.year}.pdf`,
                        })
                      }
                    >
                      {`Attestation ${c.year} — ${crecheName(c.crecheId)} (PDF)`}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
