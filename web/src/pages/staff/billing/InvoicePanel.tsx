import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import type { components } from '../../../api/schema';
import { fieldErrorsFr, fieldState, frenchError } from '../../../api/errors-fr';
import { frenchDate } from '../../../../../src/common/text/french-dates';
import { todayInFrance } from '../today';
import { civilDateOf } from '../../../../../src/common/time/clock';
import { invoiceDueFr } from '../../parent/invoices-words';
import {
  amountProblemFr,
  balanceFr,
  creditableLines,
  creditCents,
  fromCents,
  hoursFitIn,
  parseHours,
  overdueFr,
  cents,
  eurosFr,
  householdFr,
  hoursFr,
  lineHoursFr,
  leftToCredit,
  minutesFr,
  monthFr,
  parseEuros,
  PAYMENT_METHODS,
  type PaymentMethod,
} from './billing-format';
import { balancesKey, crecheKey, type HouseholdBalance, type Invoice } from './billing-queries';
import { downloadFile } from './files';

/**
 * One invoice or credit note opened: its lines as printed (in French), its PDF, a credit note that corrects it (with
 * a confirmation: it cannot be undone) and a payment of the household with its balance.
 */
export function InvoicePanel({
  crecheId,
  invoice,
  documents,
  balance,
  creditPrefill,
  onClose,
}: {
  crecheId: string;
  invoice: Invoice;
  documents: readonly Invoice[];
  balance: HouseholdBalance | undefined;
  /** A credit note in euros to start from (the difference of a rate since changed), for the manager to check. */
  creditPrefill?: CreditPrefill;
  onClose: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const detail = useQuery({
    queryKey: ['invoices', invoice.id],
    queryFn: async () => await unwrap(api.GET('/api/invoices/{id}', { params: { path: { id: invoice.id } } })),
  });
  const isNote = invoice.kind === 'CREDIT_NOTE';
  const what = `${isNote ? 'Avoir' : 'Facture'} n° ${invoice.reference}`;
  const pdf = useMutation({
    mutationFn: () =>
      downloadFile(`/api/invoices/${invoice.id}/pdf`, `${isNote ? 'avoir' : 'facture'}-${invoice.reference}.pdf`),
  });
  return (
    <section
      className="fr-mt-4w fr-p-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
      aria-labelledby="piece-ouverte"
    >
      <h3 id="piece-ouverte" ref={headingRef} tabIndex={-1}>
        {what} — {monthFr(invoice.month)}
      </h3>
      <p>
        {householdFr(balance)} : <strong>{eurosFr(invoice.total)}</strong>
        {!isNote && (
          <>
            {' '}
            pour {hoursFr(invoice.billedHours)} facturées ({hoursFr(invoice.contractHours)} réservées,{' '}
            {hoursFr(invoice.deductedHours)} déduites, {hoursFr(invoice.extraHours)} en plus),{' '}
            {minutesFr(invoice.attendedMinutes)} réalisées.
          </>
        )}
        {isNote && invoice.reason && <> Motif : {invoice.reason}</>}
      </p>
      {!isNote && (invoice.dueOn || invoice.paymentTerms) && (
        <p className="fr-text--sm">
          {/* What the household was told when it was issued (R8.13). */}
          {invoice.dueOn && `Émise le ${frenchDate(civilDateOf(new Date(invoice.issuedAt)))}${invoiceDueFr(invoice)}.`}
          {invoice.paymentTerms && ` Modalités de paiement : ${invoice.paymentTerms}`}
        </p>
      )}
      {detail.isPending ? (
        <p>Chargement des lignes…</p>
      ) : detail.error ? (
        <Alert severity="error" small description={frenchError(detail.error)} />
      ) : (
        <Table
          caption={`Lignes de ${isNote ? 'l’avoir' : 'la facture'} n° ${invoice.reference}`}
          headers={['Libellé', 'Heures', 'Tarif horaire', 'Montant']}
          data={(detail.data.lines ?? []).map((l) => [
            l.label,
            Number(l.hours) === 0 ? '—' : lineHoursFr(l.hours),
            l.hourlyRate === null ? '—' : eurosFr(l.hourlyRate),
            eurosFr(l.amount),
          ])}
        />
      )}
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
        <li>
          <Button iconId="fr-icon-download-line" disabled={pdf.isPending} onClick={() => pdf.mutate()}>
            {`Télécharger ${isNote ? 'l’avoir' : 'la facture'} n° ${invoice.reference} (PDF)`}
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onClose}>
            Fermer
          </Button>
        </li>
      </ul>
      <div aria-live="polite">
        {pdf.isSuccess && <Alert severity="success" small description={`Fichier téléchargé : ${pdf.data}.`} />}
        {pdf.isError && <Alert severity="error" small description={frenchError(pdf.error)} />}
      </div>
      {!isNote && (
        <CreditNoteForm
          invoice={invoice}
          documents={documents}
          crecheId={crecheId}
          lines={detail.data?.lines ?? []}
          prefill={creditPrefill}
        />
      )}
      <PaymentForm crecheId={crecheId} familyId={invoice.familyId} balance={balance} />
    </section>
  );
}

type Line = NonNullable<Invoice['lines']>[number];

/** A credit note in euros the form starts from: its amount (a decimal string) and its reason. */
export interface CreditPrefill {
  readonly amount: string;
  readonly reason: string;
  /** What the invoice's credit notes in euros already gave back, taken off `amount` already. */
  readonly alreadyCredited: string;
}

/**
 * A credit note on an issued invoice: in euros (a gesture, a wrong rate), or in hours taken off its lines at their rates
 * (an absence learnt of after the issue), which corrects the hours billed the Caf reads too (R8.16).
 */
function CreditNoteForm({
  crecheId,
  invoice,
  documents,
  lines,
  prefill,
}: {
  crecheId: string;
  invoice: Invoice;
  documents: readonly Invoice[];
  lines: readonly Line[];
  prefill?: CreditPrefill;
}) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'euros' | 'hours'>('euros');
  const [amount, setAmount] = useState(prefill ? prefill.amount.replace('.', ',') : '');
  const [hoursByLine, setHoursByLine] = useState<Record<number, string>>({});
  const [reason, setReason] = useState(prefill?.reason ?? '');
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const confirmRef = useRef<HTMLButtonElement>(null);
  const left = leftToCredit(invoice, documents);
  const offered = creditableLines(lines);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const credit = useMutation({
    mutationFn: async (c: Confirming) =>
      await unwrap(
        api.POST('/api/invoices/{id}/credit-notes', {
          params: { path: { id: invoice.id } },
          body: c.hours ? { hours: c.hours, reason: reason.trim() } : { amount: c.amount, reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setConfirming(null);
      setAmount('');
      setHoursByLine({});
      setReason('');
      // The month's documents, the balances, the invoice's lines and the Caf's reports (which count the credit notes).
      await queryClient.invalidateQueries({ queryKey: crecheKey(crecheId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices', invoice.id] });
    },
    onError: () => setConfirming(null),
  });
  // The API names the asked lines by their index in `hours`: shown on the line's own field.
  const apiErrors = new Map(
    [...fieldErrorsFr(credit.error)].map(([field, message]) => {
      const m = /^hours\[(\d+)\]\.(hours|position)$/.exec(field);
      const asked = m ? credit.variables?.hours?.[Number(m[1])] : undefined;
      return [asked ? `line-${asked.position}` : field, message] as const;
    }),
  );
  const errors = new Map([...apiErrors, ...problems]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = new Map<string, string>();
    if (reason.trim().length < 3) found.set('reason', 'Indiquez le motif de l’avoir (3 caractères au moins).');
    let next: Confirming | null = null;
    if (mode === 'euros') {
      const value = parseEuros(amount);
      const amountProblem = amountProblemFr(amount, '15,00');
      if (amountProblem) found.set('amount', amountProblem);
      else if (value && cents(value) > cents(left))
        found.set('amount', `Au plus ${eurosFr(left)} restent à créditer sur cette facture.`);
      if (value) next = { amount: value };
    } else {
      const hours: { position: number; hours: string }[] = [];
      let total = 0;
      for (const l of offered) {
        const typed = (hoursByLine[l.position] ?? '').trim();
        if (!typed) continue;
        const value = parseHours(typed);
        if (value === null || Number(value) === 0)
          found.set(`line-${l.position}`, 'Indiquez des heures supérieures à zéro, par exemple 14 ou 3,5.');
        else if (!hoursFitIn(value, l.left))
          found.set(`line-${l.position}`, `Au plus ${lineHoursFr(l.left)} restent à retirer de cette ligne.`);
        else {
          hours.push({ position: l.position, hours: value });
          total += creditCents(value, l.hourlyRate!, l.hoursCredited ?? '0');
        }
      }
      if (!hours.length && !found.size) found.set('hours', 'Indiquez les heures à retirer d’au moins une ligne.');
      else if (total > cents(left))
        found.set(
          'hours',
          `Ces heures font ${eurosFr(fromCents(total))} : au plus ${eurosFr(left)} restent à créditer.`,
        );
      next = {
        amount: fromCents(total),
        hours,
        hoursTotal: hours.reduce((sum, h) => sum + Number(h.hours), 0).toFixed(2),
      };
    }
    setProblems(found);
    credit.reset();
    if (!found.size && next) setConfirming(next);
  };
  const id = `avoir-${invoice.id}`;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-titre`} className="fr-mt-4w">
      <h4 id={`${id}-titre`} className="fr-h6">
        Faire un avoir sur la facture n° {invoice.reference}
      </h4>
      <p className="fr-hint-text">
        Reste à créditer : {eurosFr(left)}. L’avoir est numéroté à la suite ; les parents du foyer le reçoivent par
        e-mail, avec votre motif, et le trouvent dans « Mes factures ».
      </p>
      {prefill && !credit.isSuccess && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description={
            `Montant et motif repris de l’écart de tarif (${eurosFr(prefill.amount)}) : vérifiez-les, puis préparez l’avoir.` +
            (Number(prefill.alreadyCredited) > 0
              ? ` Les avoirs en euros déjà faits sur cette facture (${eurosFr(prefill.alreadyCredited)}) en sont déjà retirés.`
              : '')
          }
        />
      )}
      {credit.error && apiErrors.size === 0 && (
        <Alert className="fr-mb-2w" severity="error" small description={frenchError(credit.error)} />
      )}
      <div aria-live="polite">
        {credit.isSuccess && (
          <Alert
            className="fr-mb-2w"
            severity="success"
            small
            description={`Avoir n° ${credit.data.reference} de ${eurosFr(credit.data.total.replace('-', ''))} émis${
              Number(credit.data.billedHours) !== 0
                ? `, ${hoursFr(credit.data.billedHours.replace('-', ''))} retirées des heures facturées`
                : ''
            }.`}
          />
        )}
      </div>
      <RadioButtons
        legend="Ce que corrige l’avoir"
        name={`${id}-nature`}
        options={[
          {
            label: 'Un montant en euros',
            hintText: 'Un geste commercial, un tarif erroné : les heures facturées ne changent pas.',
            nativeInputProps: { checked: mode === 'euros', onChange: () => setMode('euros') },
          },
          {
            label: 'Des heures facturées à tort',
            hintText:
              'Une absence connue après la facture : les heures sont retirées de leur ligne, à son tarif, et des heures facturées déclarées à la Caf.',
            nativeInputProps: { checked: mode === 'hours', onChange: () => setMode('hours') },
          },
        ]}
      />
      {mode === 'euros' ? (
        <AmountInput
          label="Montant de l’avoir (€)"
          id={`${id}-montant`}
          value={amount}
          onChange={setAmount}
          errors={errors}
        />
      ) : offered.length === 0 ? (
        <p>Aucune ligne de cette facture ne facture d’heures qu’un avoir puisse retirer.</p>
      ) : (
        <fieldset className="fr-fieldset" aria-describedby={errors.has('hours') ? `${id}-heures-erreur` : undefined}>
          <legend className="fr-fieldset__legend fr-text--regular">Heures à retirer, ligne par ligne</legend>
          {errors.has('hours') && (
            <p id={`${id}-heures-erreur`} className="fr-error-text fr-mb-2w">
              {errors.get('hours')}
            </p>
          )}
          {offered.map((l) => (
            <div className="fr-fieldset__element" key={l.position}>
              <Input
                label={`Ligne ${l.position}${l.childFirstName ? `, ${l.childFirstName}` : ''} : ${l.label}`}
                hintText={`${lineHoursFr(l.hours)} à ${eurosFr(l.hourlyRate!)} de l’heure ; au plus ${lineHoursFr(l.left)} à retirer`}
                nativeInputProps={{
                  id: `${id}-ligne-${l.position}`,
                  inputMode: 'decimal',
                  autoComplete: 'off',
                  value: hoursByLine[l.position] ?? '',
                  onChange: (e) => setHoursByLine({ ...hoursByLine, [l.position]: e.target.value }),
                }}
                {...fieldState(errors, `line-${l.position}`)}
              />
            </div>
          ))}
        </fieldset>
      )}
      <Input
        label="Motif"
        hintText="Imprimé sur l’avoir"
        nativeInputProps={{
          id: `${id}-motif`,
          value: reason,
          maxLength: 300,
          onChange: (e) => setReason(e.target.value),
        }}
        {...fieldState(errors, 'reason')}
      />
      {confirming ? (
        <div role="group" aria-labelledby={`${id}-confirmation`}>
          <p id={`${id}-confirmation`}>
            <strong>
              Émettre un avoir de {eurosFr(confirming.amount)}
              {confirming.hoursTotal && ` (${hoursFr(confirming.hoursTotal)} retirées des heures facturées)`} sur la
              facture n° {invoice.reference} ? Un avoir émis ne s’annule pas.
            </strong>
          </p>
          <ul className="fr-btns-group fr-btns-group--inline-sm">
            <li>
              <Button
                ref={confirmRef}
                type="button"
                disabled={credit.isPending}
                onClick={() => credit.mutate(confirming)}
              >
                Confirmer l’avoir
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setConfirming(null)}>
                Ne pas émettre
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        <Button type="submit" priority="secondary">
          Préparer l’avoir
        </Button>
      )}
    </form>
  );
}

/** A credit note ready to confirm: its euros, and in hours the lines' hours asked. */
interface Confirming {
  readonly amount: string;
  readonly hours?: { position: number; hours: string }[];
  readonly hoursTotal?: string;
}

function PaymentForm({
  crecheId,
  familyId,
  balance,
}: {
  crecheId: string;
  familyId: string;
  balance: HouseholdBalance | undefined;
}) {
  const queryClient = useQueryClient();
  // What the household already paid here: a cheque recorded at the desk is not recorded a second time.
  const paymentsKey = ['families', familyId, 'payments'];
  const payments = useQuery({
    queryKey: paymentsKey,
    queryFn: async () => await unwrap(api.GET('/api/families/{id}/payments', { params: { path: { id: familyId } } })),
  });
  const paidHere = (payments.data ?? []).filter((p) => p.crecheId === crecheId);
  // After a cancellation its button is gone: the focus goes to the list, and the live region says what was done.
  const paymentsRef = useRef<HTMLParagraphElement>(null);
  const [cancelled, setCancelled] = useState('');
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(todayInFrance());
  const [method, setMethod] = useState<PaymentMethod | ''>('');
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const pay = useMutation({
    mutationFn: async (value: string) =>
      await unwrap(
        api.POST('/api/creches/{id}/payments', {
          params: { path: { id: crecheId } },
          body: { familyId, amount: value, paidOn, method: method as PaymentMethod },
        }),
      ),
    onSuccess: async () => {
      setAmount('');
      await queryClient.invalidateQueries({ queryKey: balancesKey(crecheId) });
      await queryClient.invalidateQueries({ queryKey: paymentsKey });
    },
  });
  const apiErrors = fieldErrorsFr(pay.error);
  const errors = new Map([...apiErrors, ...problems]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = parseEuros(amount);
    const found = new Map<string, string>();
    const amountProblem = amountProblemFr(amount, '151,50');
    if (amountProblem) found.set('amount', amountProblem);
    if (!method) found.set('method', 'Choisissez le moyen de paiement.');
    setProblems(found);
    pay.reset();
    if (!found.size && value) pay.mutate(value);
  };
  const id = `paiement-${familyId}`;
  return (
    // The payments already recorded sit outside the form: each one's cancellation is a form of its own.
    <section aria-labelledby={`${id}-titre`} className="fr-mt-4w">
      <h4 id={`${id}-titre`} className="fr-h6">
        Paiement du foyer
      </h4>
      {balance && (
        <p>
          Solde du foyer : <strong>{balanceFr(balance.balance) + overdueFr(balance)}</strong> (facturé{' '}
          {eurosFr(balance.invoiced)}, avoirs {eurosFr(balance.credited)}, payé {eurosFr(balance.paid)}).
        </p>
      )}
      {balance && cents(balance.overdue) > 0 && <PaymentReminder crecheId={crecheId} familyId={familyId} />}
      {payments.error ? (
        <Alert className="fr-mb-2w" severity="error" small description={frenchError(payments.error)} />
      ) : paidHere.length > 0 ? (
        <>
          <p className="fr-mb-1v" ref={paymentsRef} tabIndex={-1}>
            Paiements déjà enregistrés :
          </p>
          <ul>
            {paidHere.map((p) => (
              <li key={p.id}>
                <PaymentLine
                  payment={p}
                  onChanged={async (message) => {
                    await queryClient.invalidateQueries({ queryKey: balancesKey(crecheId) });
                    await queryClient.invalidateQueries({ queryKey: paymentsKey });
                    setCancelled(message);
                    paymentsRef.current?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      ) : (
        payments.data && <p>Aucun paiement enregistré pour ce foyer.</p>
      )}
      <p className="fr-sr-only" role="status" aria-live="polite">
        {cancelled}
      </p>
      <form onSubmit={submit} noValidate aria-label="Nouveau paiement du foyer">
        {pay.error && apiErrors.size === 0 && (
          <Alert className="fr-mb-2w" severity="error" small description={frenchError(pay.error)} />
        )}
        <div aria-live="polite">
          {pay.isSuccess && (
            <Alert
              className="fr-mb-2w"
              severity="success"
              small
              description={`Paiement de ${eurosFr(pay.data.amount)} enregistré.`}
            />
          )}
        </div>
        <AmountInput
          label="Montant reçu (€)"
          id={`${id}-montant`}
          value={amount}
          onChange={setAmount}
          errors={errors}
        />
        <Input
          label="Date du paiement"
          nativeInputProps={{
            id: `${id}-date`,
            type: 'date',
            // Recorded once received: never ahead of today (the API answers 400 naming paidOn).
            max: todayInFrance(),
            value: paidOn,
            onChange: (e) => setPaidOn(e.target.value),
          }}
          {...fieldState(errors, 'paidOn')}
        />
        <Select
          label="Moyen de paiement"
          nativeSelectProps={{
            id: `${id}-moyen`,
            value: method,
            onChange: (e) => setMethod(e.target.value as PaymentMethod),
          }}
          {...fieldState(errors, 'method')}
        >
          <option value="" disabled>
            Choisissez un moyen de paiement
          </option>
          {PAYMENT_METHODS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </Select>
        <Button type="submit" disabled={pay.isPending}>
          Enregistrer le paiement
        </Button>
      </form>
    </section>
  );
}

type Payment = components['schemas']['PaymentResponseDto'];

/** "10 avril 2027 — Chèque — 50,00 €". */
const paymentFr = (p: Payment) =>
  `${frenchDate(p.paidOn)} — ${PAYMENT_METHODS.find((m) => m.value === p.method)?.label ?? p.method} — ${eurosFr(p.amount)}`;

/**
 * A payment already recorded, and its cancellation when it was recorded by mistake (a wrong amount, the same cheque
 * twice): the reason asked, then POST /payments/:id/cancel. A cancelled payment stays listed with its reason.
 */
function PaymentLine({
  payment,
  onChanged,
}: {
  payment: Payment;
  /** The payments and balances to read again, and what to say of it (the focus then goes to the list). */
  onChanged: (message: string) => Promise<void>;
}) {
  const [asked, setAsked] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const cancel = useMutation({
    mutationFn: async () =>
      await unwrap(api.POST('/api/payments/{id}/cancel', { params: { path: { id: payment.id } }, body: { reason } })),
    onSuccess: async () => {
      setAsked(false);
      await onChanged(`Paiement du ${frenchDate(payment.paidOn)} (${eurosFr(payment.amount)}) annulé.`);
    },
    // Cancelled meanwhile by someone else: the list and the balance are read again and show it, said as a
    // cancellation done here is (the form, and its alert, leave with the button).
    onError: async (e) => {
      if (isApiError(e) && e.code === 'PAYMENT.ALREADY_CANCELLED')
        await onChanged(
          `Paiement du ${frenchDate(payment.paidOn)} déjà annulé par quelqu'un d'autre : la liste est à jour.`,
        );
    },
  });
  const apiErrors = fieldErrorsFr(cancel.error);
  const errors = new Map([...apiErrors, ...(problem ? [['reason', problem] as const] : [])]);
  const what = paymentFr(payment);
  if (payment.cancelledAt) return <>{`${what} — annulé : ${payment.cancelReason}`}</>;
  const back = () => {
    setAsked(false);
    setTimeout(() => triggerRef.current?.focus());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = reason.trim().length < 3 ? 'Dites pourquoi ce paiement est annulé (la famille le lira).' : null;
    setProblem(found);
    cancel.reset();
    if (!found) cancel.mutate();
  };
  return (
    <>
      {what}{' '}
      {!asked ? (
        <Button
          ref={triggerRef}
          priority="tertiary no outline"
          size="small"
          onClick={() => {
            cancel.reset();
            setAsked(true);
          }}
        >
          {`Annuler le paiement du ${frenchDate(payment.paidOn)} (${eurosFr(payment.amount)})`}
        </Button>
      ) : (
        <form
          onSubmit={submit}
          noValidate
          aria-label={`Annulation du paiement du ${frenchDate(payment.paidOn)}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') back();
          }}
        >
          {cancel.error && apiErrors.size === 0 && (
            <Alert className="fr-mb-1w" severity="error" small description={frenchError(cancel.error)} />
          )}
          <Input
            label="Motif de l’annulation"
            hintText="Un paiement enregistré par erreur (montant mal saisi, chèque compté deux fois). La famille le lira, et il est conservé : n’y écrivez ni nom ni détail de santé."
            nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value), autoFocus: true }}
            {...fieldState(errors, 'reason')}
          />
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
            <li>
              <Button type="submit" disabled={cancel.isPending}>
                Confirmer l’annulation
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={back}>
                Garder le paiement
              </Button>
            </li>
          </ul>
        </form>
      )}
    </>
  );
}

/** A euro amount typed in French ("12,50"), with its field error: the credit note's and the payment's. */
function AmountInput({
  label,
  id,
  value,
  onChange,
  errors,
}: {
  label: string;
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors: Parameters<typeof fieldState>[0];
}) {
  return (
    <Input
      label={label}
      nativeInputProps={{
        id,
        inputMode: 'decimal',
        autoComplete: 'off',
        value,
        onChange: (e) => onChange(e.target.value),
      }}
      {...fieldState(errors, 'amount')}
    />
  );
}

/**
 * A reminder of what the household pays late, e-mailed to its parents (R8.15): once a day, so the button says when it
 * was sent, or why it was not.
 */
function PaymentReminder({ crecheId, familyId }: { crecheId: string; familyId: string }) {
  const said = useRef<HTMLDivElement>(null);
  const remind = useMutation({
    mutationFn: async () =>
      await unwrap(
        api.POST('/api/creches/{id}/families/{familyId}/payment-reminders', {
          params: { path: { id: crecheId, familyId } },
        }),
      ),
    onSettled: () => requestAnimationFrame(() => said.current?.focus()),
  });
  return (
    <div className="fr-mb-2w">
      <div ref={said} tabIndex={-1} aria-live="polite">
        {remind.isSuccess && (
          <Alert
            className="fr-mb-1w"
            severity="success"
            small
            description={`Rappel de ${eurosFr(remind.data.overdue)} envoyé par e-mail ${
              remind.data.recipients > 1 ? `aux ${remind.data.recipients} parents` : 'à 1 parent'
            } du foyer, avec ${
              remind.data.invoices.length > 1
                ? `ses ${remind.data.invoices.length} factures en retard`
                : 'la facture en retard'
            }.`}
          />
        )}
        {remind.isError && (
          <Alert className="fr-mb-1w" severity="error" small description={frenchError(remind.error)} />
        )}
      </div>
      <Button
        type="button"
        priority="secondary"
        size="small"
        disabled={remind.isPending || remind.isSuccess}
        onClick={() => remind.mutate()}
      >
        Envoyer un rappel de paiement
      </Button>
    </div>
  );
}
