import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { PAYMENT_REMINDER_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { BillingRepository } from './billing.repository';
import { dueDateOf } from './domain/documents';
import { lateOf, overdueOf } from './domain/overdue';

/** One invoice paid late, as the reminder tells it: what is left of it and the day it was to be paid by. */
export interface LateInvoice {
  readonly number: number;
  readonly month: string;
  readonly unsettled: string;
  readonly dueOn: string;
  readonly paymentTerms: string | null;
}

export interface PaymentReminder {
  readonly overdue: string;
  readonly overdueSince: string;
  readonly invoices: LateInvoice[];
  /** How many parents of the household it was e-mailed to. */
  readonly recipients: number;
}

/**
 * A crèche's manager reminds a household of what it pays late (docs/rules.md R8.15): each parent gets an e-mail naming
 * the late invoices, what is left of each and its due date, as the balance says it (R8.14). Once a day per household
 * and crèche, whoever asks: a second click, or a colleague's at the same moment, is told it was sent.
 */
@Injectable()
export class PaymentRemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly repo: BillingRepository,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
  ) {}

  async remind(actor: AuthUser, crecheId: string, familyId: string): Promise<PaymentReminder> {
    const { reminder, noticeIds } = await this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      const documents = await this.repo.listOfFamily(em, familyId, [crecheId]);
      if (!documents.length)
        throw new DomainError('FAMILY.NOT_FOUND', "Ce foyer n'a pas de facture dans cette crèche.");
      const [balance] = await this.repo.balances(em, familyId, [crecheId]);
      const today = todayOf(this.clock);
      const invoices = documents
        .filter((d) => d.kind === 'INVOICE')
        .map((d) => ({ ...d, dueOn: dueDateOf(d.issuedAt, d.paymentDueDays) }));
      // The same settlement as the balance's, so that the e-mail never says another amount than the page.
      const { overdue, overdueSince } = overdueOf(invoices, balance.credited, balance.paid, today);
      if (overdueSince === null) throw nothingOverdue();
      const late: LateInvoice[] = lateOf(invoices, balance.credited, balance.paid, today).map(
        ({ invoice, unsettled }) => ({
          number: invoice.number,
          month: invoice.month,
          unsettled,
          dueOn: invoice.dueOn,
          paymentTerms: invoice.paymentTerms,
        }),
      );
      // What the household owed when the manager asked is written in the notice: the e-mail says that, even if it is
      // sent after a payment recorded meanwhile.
      const noticeIds = await this.notices.createForFamily(em, familyId, {
        type: PAYMENT_REMINDER_NOTICE,
        templateData: { crecheId, overdue, overdueSince, invoices: late, on: today },
        idempotencyKey: `payment-reminder-${crecheId}-${familyId}-${today}`,
        subject: { type: 'family', id: familyId },
      });
      if (!noticeIds.length)
        throw new DomainError('REMINDER.NO_RECIPIENT', "Ce foyer n'a plus de parent à qui écrire.");
      // Each key already taken: today's reminder was written by an earlier request (it waited for it if concurrent).
      // A parent who joined the household since is written to alone, and counted alone.
      const written = noticeIds.filter((id) => id !== null).length;
      if (!written) throw alreadySentToday(today);
      await this.audit.record(em, {
        actor,
        action: 'billing.payment_reminder_sent',
        subjectType: 'family',
        subjectId: familyId,
        details: { crecheId, overdue, overdueSince, invoices: late.map((i) => i.number), recipients: written },
      });
      return {
        reminder: { overdue, overdueSince, invoices: late, recipients: written },
        noticeIds,
      };
    });
    await this.notices.dispatch(noticeIds);
    return reminder;
  }
}

function nothingOverdue(): DomainError {
  return new DomainError(
    'REMINDER.NOTHING_OVERDUE',
    "Ce foyer n'a rien en retard dans cette crèche : aucune facture n'est restée impayée après son échéance.",
  );
}

function alreadySentToday(today: string): DomainError {
  return new DomainError(
    'REMINDER.ALREADY_SENT_TODAY',
    "Un rappel de paiement a déjà été envoyé aujourd'hui à ce foyer pour cette crèche.",
    { on: today },
  );
}
