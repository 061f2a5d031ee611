import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import {
  CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE,
  CHILDCARE_CERTIFICATE_CORRECTED_NOTICE,
  CREDIT_NOTE_ISSUED_NOTICE,
} from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { BillingInputsReadModel } from '../../read-models/billing-inputs.read-model';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import { FamilyAccess } from '../families/family-access';
import { FamiliesService } from '../families/families.service';
import { Dec } from '../fees/domain/decimal';
import { BillingRepository, InvoiceToPay, InvoiceRow, LineRow, NewLine, PaymentRow } from './billing.repository';
import { creditHoursLines } from './domain/credit-hours';
import { rateDifference } from './domain/rate-changes';
import type { RateChangedRow } from '../../read-models/billing-inputs.read-model';

export type RateChange = RateChangedRow & {
  readonly reference: string;
  /** The hours still billed at the old rate (credit notes in hours taken off). */
  readonly hoursLeft: string;
  readonly difference: string;
  readonly direction: 'OVER_BILLED' | 'UNDER_BILLED';
};
import { balanceOf, documentNumber, dueDateOf } from './domain/documents';
import { DueInvoice, Overdue, overdueOf, settlementOf } from './domain/overdue';
import { renderInvoicePdf } from './invoice-pdf';

export interface Balance extends Overdue {
  readonly crecheId: string;
  readonly invoiced: string;
  readonly credited: string;
  readonly paid: string;
  readonly balance: string;
}

/** What a credit note credits: its euros and hours (positive) and its lines (negative). */
interface CreditNoteContent {
  readonly amount: Dec;
  readonly hours: Dec;
  readonly lines: readonly NewLine[];
}

export interface CrecheBalance extends Omit<Balance, 'crecheId'> {
  readonly familyId: string;
  readonly parents: string[];
  readonly children: string[];
}

/**
 * Reading invoices (the household's parents; the crèche's managers; admins), credit notes that correct an issued
 * invoice, payments and each household's balance (issue #16). Another household's or crèche's document answers 404.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly families: FamilyAccess,
    private readonly creches: CrechesService,
    private readonly repo: BillingRepository,
    private readonly inputs: BillingInputsReadModel,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly households: FamiliesService,
  ) {}

  async get(user: AuthUser, id: string): Promise<{ invoice: InvoiceRow; lines: LineRow[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const invoice = await this.visible(em, user, id);
      return { invoice, lines: await this.repo.linesOf(em, id) };
    });
  }

  /**
   * The crèche's issued invoices billed at a rate its households' fees no longer have for their month, with what each
   * was billed too much (a credit note corrects it) or too little (docs/rules.md R8.17); those corrected in full by
   * credit notes in hours are left out.
   */
  async rateChanges(user: AuthUser, crecheId: string): Promise<RateChange[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      const rows = await this.inputs.ratesChanged(em, crecheId);
      return rows
        .map((r) => ({
          ...r,
          reference: documentNumber(r.number),
          hoursLeft: new Dec(r.hours).minus(r.hoursCredited).toFixed(2),
          ...rateDifference(r),
        }))
        .filter((r) => r.difference !== '0.00');
    });
  }

  async listOfCreche(user: AuthUser, crecheId: string, month: string): Promise<InvoiceRow[]> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      return this.repo.listOfCrecheMonth(em, crecheId, month);
    });
  }

  /**
   * The household's invoices and credit notes, each invoice with what is left to pay of it (payments and credit notes
   * settle the oldest first, R8.14), read in one snapshot.
   */
  async listOfFamily(user: AuthUser, familyId: string): Promise<(InvoiceRow & { unsettled?: string })[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const scope = await this.scope(em, user, familyId);
      const rows = await this.repo.listOfFamily(em, familyId, scope);
      const unsettled = new Map<string, string>();
      for (const b of await this.repo.balances(em, familyId, scope)) {
        const invoices = rows.filter((r) => r.crecheId === b.crecheId && r.kind === 'INVOICE');
        for (const s of settlementOf(invoices, b.credited, b.paid)) unsettled.set(s.invoice.id, s.unsettled);
      }
      return rows.map((r) => (unsettled.has(r.id) ? { ...r, unsettled: unsettled.get(r.id) } : r));
    });
  }

  async balances(user: AuthUser, familyId: string): Promise<Balance[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const scope = await this.scope(em, user, familyId);
      const rows = await this.repo.balances(em, familyId, scope);
      const toPay = await this.repo.invoicesToPayOfFamily(em, familyId, scope);
      const today = todayOf(this.clock);
      return rows.map((r) => ({
        ...r,
        balance: balanceOf(r),
        ...overdueOf(dueInvoices(toPay.filter((i) => i.crecheId === r.crecheId)), r.credited, r.paid, today),
      }));
    });
  }

  /**
   * A payment recorded by mistake (a wrong amount, the same cheque twice) cancelled by the crèche's managers or an
   * admin, with the reason the household reads: kept in its history, it no longer counts in the balance nor in the
   * yearly certificate. Once (409 after), audited.
   */
  async cancelPayment(actor: AuthUser, id: string, reason: string): Promise<PaymentRow> {
    const { cancelled, noticeIds } = await this.dataSource.transaction(async (em) => {
      const found = await this.repo.findPayment(em, id);
      if (!found) throw paymentNotFound();
      await this.access.assertCanPlan(em, actor, found.crecheId, paymentNotFound);
      // The household before the payment (the order an erasure takes them in): its erasure checking the balance
      // waits for this cancellation, or has committed before it.
      await this.households.holdInTx(em, found.familyId);
      const payment = (await this.repo.findPayment(em, id, true))!;
      if (payment.cancelledAt)
        throw new DomainError('PAYMENT.ALREADY_CANCELLED', 'Ce paiement est déjà annulé.', {
          cancelledAt: payment.cancelledAt,
        });
      // The application's clock, as every date Berceau decides: the certificate tells a cancellation made once the
      // payment's year was over (R8.10).
      const cancelled = await this.repo.cancelPayment(em, id, actor.id, reason, this.clock.now());
      await this.audit.record(em, {
        actor,
        action: 'payment.cancelled',
        subjectType: 'payment',
        subjectId: id,
        details: { crecheId: payment.crecheId, familyId: payment.familyId, amount: payment.amount },
      });
      // A payment of a year that is over: that year's certificate changes (R8.10), and the household may have used it.
      const year = Number(payment.paidOn.slice(0, 4));
      const noticeIds =
        year < Number(todayOf(this.clock).slice(0, 4))
          ? await this.notices.createForFamily(em, payment.familyId, {
              type: CHILDCARE_CERTIFICATE_CORRECTED_NOTICE,
              templateData: {
                crecheId: payment.crecheId,
                year,
                amount: payment.amount,
                paidOn: payment.paidOn,
                reason,
              },
              idempotencyKey: `childcare-certificate-corrected-${id}`,
              subject: { type: 'family', id: payment.familyId },
            })
          : [];
      return { cancelled, noticeIds };
    });
    await this.notices.dispatch(noticeIds);
    return cancelled;
  }

  /** The payments a household made, as the crèches recorded them (its parents, admins; managers: their crèches'). */
  async paymentsOfFamily(user: AuthUser, familyId: string): Promise<PaymentRow[]> {
    return this.dataSource.transaction(async (em) =>
      this.repo.paymentsOfFamily(em, familyId, await this.scope(em, user, familyId)),
    );
  }

  /** Each household's balance with the crèche, with who the household is (its managers; admins). */
  async balancesOfCreche(user: AuthUser, crecheId: string): Promise<CrecheBalance[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      const rows = await this.repo.balancesOfCreche(em, crecheId);
      const toPay = new Map<string, InvoiceToPay[]>();
      for (const i of await this.repo.invoicesToPayOfCreche(em, crecheId))
        toPay.set(i.familyId, [...(toPay.get(i.familyId) ?? []), i]);
      const today = todayOf(this.clock);
      const names = await this.inputs.householdNames(
        em,
        rows.map((r) => r.familyId),
      );
      return rows.map((r) => ({
        ...r,
        parents: names.get(r.familyId)?.parents ?? [],
        children: names.get(r.familyId)?.children ?? [],
        balance: balanceOf(r),
        ...overdueOf(dueInvoices(toPay.get(r.familyId) ?? []), r.credited, r.paid, today),
      }));
    });
  }

  /** The PDF, for whoever may read the document. */
  async pdf(user: AuthUser, id: string): Promise<{ bytes: Buffer; filename: string }> {
    const { invoice, lines, crecheName, childNames, creditedNumber, payers } = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (em) => {
        const invoice = await this.visible(em, user, id);
        const lines = await this.repo.linesOf(em, id);
        const credited = invoice.creditedInvoiceId ? await this.repo.findInvoice(em, invoice.creditedInvoiceId) : null;
        return {
          invoice,
          lines,
          crecheName: (await this.creches.get(invoice.crecheId, em)).name,
          childNames: await this.inputs.childNames(
            em,
            lines.map((l) => l.childId).filter((c): c is string => !!c),
          ),
          creditedNumber: credited?.number,
          payers: (await this.inputs.householdNames(em, [invoice.familyId])).get(invoice.familyId)?.parents ?? [],
        };
      },
    );
    const bytes = await renderInvoicePdf({ invoice, lines, crecheName, childNames, creditedNumber, payers });
    const kind = invoice.kind === 'CREDIT_NOTE' ? 'avoir' : 'facture';
    return { bytes, filename: `${kind}-${documentNumber(invoice.number)}.pdf` };
  }

  /**
   * A credit note for part or all of an issued invoice (never more than what is left to credit), numbered in the
   * crèche's sequence under its lock: the invoice itself never changes. In euros (`amount`), or in hours taken off lines
   * of the invoice at their rates (`hours`, R8.16), so that the hours billed the Caf reads are corrected too.
   */
  async credit(
    actor: AuthUser,
    invoiceId: string,
    dto: { amount?: string; hours?: readonly { position: number; hours: string }[]; reason: string },
  ): Promise<InvoiceRow> {
    if (dto.amount !== undefined && dto.hours !== undefined)
      throw invalidFields([
        { field: 'hours', errors: ['give amount (euros) or hours (at each line’s rate), not both'] },
      ]);
    const { note, noticeIds } = await this.dataSource.transaction(async (em) => {
      const invoice = await this.repo.findInvoice(em, invoiceId);
      if (!invoice) throw notFound();
      await this.access.assertCanPlan(em, actor, invoice.crecheId, notFound);
      if (invoice.kind !== 'INVOICE')
        throw invalidFields([
          { field: 'invoiceId', errors: ['a credit note corrects an invoice, not another credit note'] },
        ]);
      // Under the sequence lock: two credit notes of one invoice are decided one after the other.
      const last = await this.repo.lockSequence(em, invoice.crecheId);
      const credit = dto.hours
        ? await this.creditInHours(em, invoice, dto.hours)
        : this.creditInEuros(invoice, dto.amount!, dto.reason);
      const left = new Dec(invoice.total).plus(await this.repo.creditedTotal(em, invoiceId));
      if (credit.amount.gt(left))
        throw invalidFields([
          {
            field: dto.hours ? 'hours' : 'amount',
            errors: [
              `${dto.hours ? 'these hours come to ' + credit.amount.toFixed(2) + ' euros: ' : ''}amount must be at most what is left to credit on this invoice (${left.toFixed(2)})`,
            ],
          },
        ]);
      const amount = credit.amount.neg().toFixed(2);
      const [note] = await this.repo.insertDocuments(em, [
        {
          number: last + 1,
          invoice: {
            crecheId: invoice.crecheId,
            familyId: invoice.familyId,
            kind: 'CREDIT_NOTE',
            month: invoice.month,
            creditedInvoiceId: invoice.id,
            reason: dto.reason,
            total: amount,
            contractHours: '0',
            deductedHours: '0',
            extraHours: '0',
            occasionalHours: '0',
            billedHours: credit.hours.neg().toString(),
            attendedMinutes: 0,
            scaleVersions: [],
            issuedBy: actor.id,
            paymentDueDays: null,
            paymentTerms: null,
          },
          lines: credit.lines,
        },
      ]);
      await this.repo.setSequence(em, invoice.crecheId, last + 1);
      await this.audit.record(em, {
        actor,
        action: 'invoice.credited',
        subjectType: 'invoice',
        subjectId: invoice.id,
        details: {
          creditNoteId: note.id,
          number: note.number,
          amount,
          ...(dto.hours ? { hours: dto.hours.map((h) => ({ position: h.position, hours: h.hours })) } : {}),
        },
      });
      // Each parent is told what they owe changed, and why, as they were told of the invoice.
      const noticeIds = await this.notices.createForFamily(em, invoice.familyId, {
        type: CREDIT_NOTE_ISSUED_NOTICE,
        templateData: { creditNoteId: note.id },
        idempotencyKey: `credit-note-issued-${note.id}`,
        subject: { type: 'invoice', id: note.id },
      });
      return { note, noticeIds };
    });
    await this.notices.dispatch(noticeIds);
    return note;
  }

  /** A credit note in euros: one line naming no child nor hours. */
  private creditInEuros(invoice: InvoiceRow, amount: string, reason: string): CreditNoteContent {
    const euros = new Dec(amount);
    return {
      amount: euros,
      hours: new Dec(0),
      lines: [
        {
          kind: 'CREDIT',
          childId: null,
          contractId: null,
          bookingId: null,
          reason: null,
          fromDate: null,
          toDate: null,
          label: `Avoir sur la facture n° ${documentNumber(invoice.number)} : ${reason}`,
          hours: '0',
          hourlyRate: null,
          amount: euros.neg().toFixed(2),
        },
      ],
    };
  }

  /** A credit note in hours: the asked lines' hours at their rates, checked against what is left on each (R8.16). */
  private async creditInHours(
    em: EntityManager,
    invoice: InvoiceRow,
    asked: readonly { position: number; hours: string }[],
  ): Promise<CreditNoteContent> {
    const lines = await this.repo.linesOf(em, invoice.id);
    const result = creditHoursLines({
      invoiceReference: documentNumber(invoice.number),
      lines: lines.map((l) => ({
        ...l,
        hoursCredited: l.hoursCredited ?? '0',
        amountCredited: l.amountCredited ?? '0',
      })),
      asked,
    });
    if ('problems' in result) throw invalidFields(result.problems);
    if (result.amount.isZero())
      throw invalidFields([{ field: 'hours', errors: ['these hours cost nothing: there is no amount to credit'] }]);
    // The reason is printed once, on the document; each line says which line of the invoice lost which hours.
    return result;
  }

  /** A payment received from a household billed by the crèche. */
  async pay(
    actor: AuthUser,
    crecheId: string,
    dto: { familyId: string; amount: string; paidOn: string; method: string },
  ): Promise<PaymentRow> {
    const { payment, noticeIds } = await this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      // Recorded once received: a payment dated ahead would count in a year's certificate (R8.10) before it is paid.
      const now = this.clock.now();
      const today = todayOf(this.clock);
      if (dto.paidOn > today)
        throw invalidFields([{ field: 'paidOn', errors: [`paidOn must not be in the future (today is ${today})`] }]);
      // Nor years back (a typo, 2000 for 2026): it would reopen, and e-mail about, the certificate of a year long
      // closed. A December payment recorded in January is still the previous year's.
      const earliest = `${Number(today.slice(0, 4)) - 1}-01-01`;
      if (dto.paidOn < earliest)
        throw invalidFields([
          { field: 'paidOn', errors: [`paidOn must not be before ${earliest} (the start of the previous year)`] },
        ]);
      if (!(await this.repo.listOfFamily(em, dto.familyId, [crecheId])).length)
        throw new DomainError('FAMILY.NOT_FOUND', "Ce foyer n'a pas de facture dans cette crèche.");
      // Recorded at the application's clock, as every date Berceau decides: the certificate tells a payment recorded
      // once its year was over (R8.10).
      const payment = await this.repo.insertPayment(em, { ...dto, crecheId, recordedBy: actor.id, recordedAt: now });
      await this.audit.record(em, {
        actor,
        action: 'payment.recorded',
        subjectType: 'payment',
        subjectId: payment.id,
        details: { crecheId, familyId: dto.familyId, amount: payment.amount, method: dto.method },
      });
      return { payment, noticeIds: await this.tellLateRecording(em, payment, today) };
    });
    await this.notices.dispatch(noticeIds);
    return payment;
  }

  /**
   * A payment of a year that is over raises that year's certificate (R8.10). A household already told in January that
   * its certificate was available may have used it: each parent is e-mailed that it changed. Before that e-mail, the
   * January one will announce the certificate with the payment counted.
   */
  private async tellLateRecording(em: EntityManager, payment: PaymentRow, today: string): Promise<(string | null)[]> {
    const year = Number(payment.paidOn.slice(0, 4));
    if (year >= Number(today.slice(0, 4))) return [];
    const family = { type: 'family', id: payment.familyId };
    if (!(await this.notices.existsForSubjectInTx(em, family, CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE, { year })))
      return [];
    return this.notices.createForFamily(em, payment.familyId, {
      type: CHILDCARE_CERTIFICATE_CORRECTED_NOTICE,
      templateData: {
        change: 'RECORDED',
        crecheId: payment.crecheId,
        year,
        amount: payment.amount,
        paidOn: payment.paidOn,
        recordedOn: today,
      },
      idempotencyKey: `childcare-certificate-recorded-${payment.id}`,
      subject: family,
    });
  }

  /**
   * Which crèches' documents of a household the user sees: null for all (its parents, admins). A manager sees those of
   * their crèches, and only of a household they can read or that their crèches billed or were paid by (an occasional
   * booking's household has neither contract nor live application): any other household is the same 404 as one that
   * does not exist, rather than an empty list that tells it exists.
   */
  private async scope(em: EntityManager, user: AuthUser, familyId: string): Promise<string[] | null> {
    if (user.role === 'PARENT' || user.role === 'ADMIN') {
      await this.families.assertCanRead(em, user, familyId);
      return null;
    }
    const crecheIds = (await this.access.managedCrecheIds(em, user)) ?? [];
    if (!(await this.repo.hasDocumentsOf(em, familyId, crecheIds)))
      await this.families.assertCanRead(em, user, familyId);
    return crecheIds;
  }

  private async visible(em: EntityManager, user: AuthUser, id: string): Promise<InvoiceRow> {
    const invoice = await this.repo.findInvoice(em, id);
    if (!invoice) throw notFound();
    if (user.role === 'PARENT') {
      if ((await this.families.familyIdOf(em, user.id)) !== invoice.familyId) throw notFound();
    } else await this.access.assertCanPlan(em, user, invoice.crecheId, notFound);
    return invoice;
  }
}

function notFound(): DomainError {
  return new DomainError('INVOICE.NOT_FOUND', 'Facture introuvable.');
}

function paymentNotFound(): DomainError {
  return new DomainError('PAYMENT.NOT_FOUND', 'Paiement introuvable.');
}

/** Each invoice with the day it was to be paid by (kept at its issue, R8.13). */
function dueInvoices(invoices: readonly InvoiceToPay[]): DueInvoice[] {
  return invoices.map((i) => ({ ...i, dueOn: dueDateOf(i.issuedAt, i.paymentDueDays) }));
}
