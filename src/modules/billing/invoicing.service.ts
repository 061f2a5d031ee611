import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { dayOf, isoOf } from '../../common/time/calendar';
import { CLOCK, civilDateOf, Clock, todayOf } from '../../common/time/clock';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { frenchDate } from '../../common/text/french-dates';
import {
  BillingInputsReadModel,
  BookingToBillRow,
  ContractShareToBill,
} from '../../read-models/billing-inputs.read-model';
import { AttendanceService } from '../attendance/attendance.service';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import { NoticesService } from '../notices/notices.service';
import { INVOICE_ISSUED_NOTICE, MONTH_NOT_ISSUED_NOTICE } from '../notices/notice-types';
import { withoutAddresses } from '../../common/logging/addresses';
import type { MonthNotIssuedReason } from './billing-notices';
import { BillingRepository, InvoiceRow } from './billing.repository';
import { Dec } from '../fees/domain/decimal';
import {
  billMonth,
  BookingToBill,
  ChildMonth,
  ContractToBill,
  monthBounds,
  PlannedDay,
  plannedDays,
} from './domain/month-invoice';
import { union } from './domain/intervals';
import { ABSENCES_LOOKBACK_DAYS } from './domain/deductions';

/**
 * A contract of the month that cannot be billed (no reserved hours stored, or no fee in force), for the manager to
 * fix. Its household's invoice waits (R8.8): the month bills a household once, so one issued without this child would
 * never bill it. `householdInvoiced`: the household was invoiced before all the same (before that rule), without it.
 */
export interface SkippedContract {
  readonly contractId: string;
  readonly familyId: string;
  readonly childId: string;
  readonly childFirstName: string;
  readonly reason: 'NO_MENSUALISATION' | 'NO_FEE';
  readonly householdInvoiced: boolean;
}

export interface IssueResult {
  readonly month: string;
  readonly issued: InvoiceRow[];
  /** Households of the month invoiced before this call (idempotent: never twice). */
  readonly alreadyIssued: number;
  readonly skipped: SkippedContract[];
}

const MONTH = /^20\d\d-(0[1-9]|1[0-2])$/;

/**
 * Issuing a crèche's month (issue #16): one invoice per household, crèche and month, from the contracts, bookings,
 * attendance and absences (docs/rules.md §8), numbered in the crèche's unbroken sequence. The sequence row's lock is
 * taken first, so two issuers of one crèche queue: the second sees the first's invoices and issues only the rest.
 */
@Injectable()
export class InvoicingService {
  private readonly logger = new Logger(InvoicingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly creches: CrechesService,
    private readonly holidays: HolidayCalendar,
    private readonly inputs: BillingInputsReadModel,
    private readonly attendance: AttendanceService,
    private readonly repo: BillingRepository,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  /** The month before today's (the monthly job's month). */
  previousMonth(): string {
    const today = todayOf(this.clock);
    return isoOf(dayOf(`${today.slice(0, 7)}-01`) - 1).slice(0, 7);
  }

  /**
   * `actor` null: the monthly job, which passes `unlessIssued`: a month the crèche has issued since the job read which
   * had (a manager's « Émettre » a moment before) is left as it is, under the sequence lock (R8.18).
   */
  async issueMonth(
    actor: AuthUser | null,
    crecheId: string,
    month: string,
    opts: { unlessIssued?: boolean } = {},
  ): Promise<IssueResult> {
    this.assertMonthOver(month);
    const { result, noticeIds } = await this.dataSource.transaction(async (em) => {
      if (actor) await this.access.assertCanPlan(em, actor, crecheId);
      let last = await this.repo.lockSequence(em, crecheId);
      if (opts.unlessIssued && (await this.repo.crechesThatIssued(em, month, crecheId)).size)
        return { result: { month, issued: [], alreadyIssued: 0, skipped: [] }, noticeIds: [] };
      await this.assertFeesComputed(em, crecheId, month);
      const done = await this.repo.familiesInvoiced(em, crecheId, month);
      const { creche, households, skipped, openAttendance } = await this.householdsOf(em, crecheId, month, done);
      if (openAttendance.length) throw attendanceOpen(openAttendance);
      const docs: Parameters<BillingRepository['insertDocuments']>[1][number][] = [];
      const waiting = new Set(skipped.filter((s) => !s.householdInvoiced).map((s) => s.familyId));
      for (const [familyId, h] of households) {
        if (done.has(familyId) || waiting.has(familyId)) continue;
        const inv = billMonth({ month, unitMinutes: h.unitMinutes, calendar: h.calendar, children: h.children });
        if (!inv.lines.length) continue;
        last += 1;
        docs.push({
          number: last,
          invoice: {
            crecheId,
            familyId,
            kind: 'INVOICE',
            month,
            creditedInvoiceId: null,
            reason: null,
            total: inv.total,
            contractHours: round2(inv.contractHours),
            deductedHours: round2(inv.deductedHours),
            extraHours: round2(inv.extraHours),
            occasionalHours: round2(inv.occasionalHours),
            billedHours: round2(inv.billedHours),
            attendedMinutes: inv.attendedMinutes,
            scaleVersions: h.scaleVersions,
            issuedBy: actor?.id ?? null,
            // As they are today: the invoice keeps them, whatever the crèche changes afterwards.
            paymentDueDays: creche.paymentDueDays,
            paymentTerms: creche.paymentTerms,
          },
          lines: inv.lines.map((l) => ({ ...l, fromDate: l.from, toDate: l.to, hours: round4(l.hours) })),
        });
      }
      const issued = await this.repo.insertDocuments(em, docs);
      const noticeIds: (string | null)[] = [];
      for (const row of issued)
        noticeIds.push(
          ...(await this.notices.createForFamily(em, row.familyId, {
            type: INVOICE_ISSUED_NOTICE,
            templateData: { invoiceId: row.id },
            idempotencyKey: `invoice-issued-${row.id}`,
            subject: { type: 'invoice', id: row.id },
          })),
        );
      await this.repo.setSequence(em, crecheId, last);
      await this.repo.markMonthIssued(em, crecheId, month, this.clock.now());
      if (issued.length)
        await this.audit.record(em, {
          actor,
          action: 'invoices.issued',
          subjectType: 'creche',
          subjectId: crecheId,
          details: { month, count: issued.length, numbers: [issued[0].number, issued[issued.length - 1].number] },
        });
      return { result: { month, issued, alreadyIssued: done.size, skipped }, noticeIds };
    });
    await this.notices.dispatch(noticeIds);
    return result;
  }

  /**
   * The month's contracts that cannot be billed (for Facturation, whoever issued the month: the monthly job says it to
   * no one). Any month: before the 1st, what the issue would leave waiting.
   */
  async unbillable(actor: AuthUser, crecheId: string, month: string): Promise<SkippedContract[]> {
    if (!MONTH.test(month))
      throw invalidFields([{ field: 'month', errors: ['month must be a month "YYYY-MM" (years 2000 to 2099)'] }]);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      const { first, last } = monthBounds(month);
      const contracts = await this.inputs.contractsBetween(em, crecheId, isoOf(first), isoOf(last));
      return unbillableOf(contracts, await this.repo.familiesInvoiced(em, crecheId, month));
    });
  }

  /**
   * One child's month day by day as the month's issue counts it (R9.7), in the caller's transaction (the caller checks
   * the reader's access): each day's contract slots, deduction, bookings, extra time and a booking's overtime, from the
   * same inputs and functions as the invoices, read as they are now (with the crèche's billing unit of today); the
   * days with an arrival and no departure; the child's contracts that cannot be billed (they have no day here). A child
   * of two households (alternating residence): the contract's slots once, each household's bookings, the day's extra
   * time once (both shares bill the same minutes, each its percent; a booking's overtime is billed by one household).
   */
  async childDays(
    em: EntityManager,
    crecheId: string,
    childId: string,
    month: string,
  ): Promise<{ days: Map<string, PlannedDay>; openArrivals: string[]; unbillable: SkippedContract[] }> {
    const { creche, households, skipped, openAttendance } = await this.householdsOf(em, crecheId, month, new Set());
    const days = new Map<string, PlannedDay>();
    for (const [, h] of households)
      for (const draft of h.children.filter((c) => c.childId === childId))
        for (const [date, d] of plannedDays(
          { month, unitMinutes: creche.billingUnitMinutes, calendar: h.calendar },
          draft,
        )) {
          const seen = days.get(date);
          if (!seen) days.set(date, d);
          else {
            seen.reserved.splice(0, seen.reserved.length, ...union([...seen.reserved, ...d.reserved]));
            seen.deducted ??= d.deducted;
            seen.bookings.push(...d.bookings);
            seen.extraMinutes = Math.max(seen.extraMinutes, d.extraMinutes);
            seen.overtimeMinutes = Math.max(seen.overtimeMinutes, d.overtimeMinutes);
          }
        }
    return {
      days,
      openArrivals: [...new Set(openAttendance.filter((o) => o.childId === childId).map((o) => o.date))].sort(),
      unbillable: skipped.filter((s) => s.childId === childId),
    };
  }

  /**
   * The previous month of every crèche that has not issued it yet (the job, every morning: on the 1st every crèche; on
   * the other days only a crèche the 1st missed, R8.18), each crèche in its own transaction: one crèche's failure is
   * logged and does not stop the others; the job then fails so BullMQ retries (households done are skipped).
   */
  async issuePreviousMonthEverywhere(opts: { lastAttempt?: boolean } = {}): Promise<number> {
    const month = this.previousMonth();
    const monthEnded = `${todayOf(this.clock).slice(0, 7)}-01`;
    const issued = await this.repo.crechesThatIssued(this.dataSource.manager, month);
    // A crèche created since the month ended was not on Berceau during it: what it cared for then was billed
    // elsewhere, and its contracts entered afterwards (some dated back) would bill it again.
    const pending = (await this.creches.list()).filter(
      (c) => !issued.has(c.id) && civilDateOf(c.createdAt) < monthEnded,
    );
    let count = 0;
    let failed = 0;
    for (const creche of pending) {
      try {
        const r = await this.issueMonth(null, creche.id, month, { unlessIssued: true });
        count += r.issued.length;
        // Ids only (no names in logs): the manager sees them on Facturation (`unbillable`).
        if (r.skipped.length)
          this.logger.warn(
            { crecheId: creche.id, month, contractIds: [...new Set(r.skipped.map((s) => s.contractId))] },
            'households waiting: contracts without reserved hours or fee',
          );
      } catch (err) {
        failed += 1;
        this.logger.error(
          { crecheId: creche.id, month, err: withoutAddresses((err as Error).message) },
          'month not issued',
        );
        if (opts.lastAttempt) await this.tellManagersNotIssued(creche.id, month, err);
      }
    }
    if (failed) throw new Error(`${failed} crèche(s) not invoiced for ${month}`);
    return count;
  }

  /**
   * After the job's last retry, the crèche's managers are e-mailed that the month is not issued and why: a reason they
   * can lift (an arrival without departure, named by its days) or one they cannot (fees still to recompute, a technical
   * failure). Once per manager, crèche, month and reason, however many mornings the job fails again (the idempotency
   * key): a manager who lifted one reason is told of the next. The notice keeps the reason's code, days and count
   * (nobody's name; the e-mail's words are the renderer's).
   */
  private async tellManagersNotIssued(crecheId: string, month: string, err: unknown): Promise<void> {
    try {
      const reason = monthNotIssuedReason(err);
      const ids = await this.dataSource.transaction(async (em) => {
        const managers = await this.access.managersOf(em, crecheId);
        if (!managers.length) this.logger.warn({ crecheId, month }, 'month not issued, and the crèche has no manager');
        const created: (string | null)[] = [];
        for (const managerId of managers)
          created.push(
            await this.notices.createInTx(em, {
              recipientUserId: managerId,
              type: MONTH_NOT_ISSUED_NOTICE,
              templateData: { crecheId, month, reason },
              idempotencyKey: `month-not-issued-${crecheId}-${month}-${reason.code}-${managerId}`,
              subject: { type: 'creche', id: crecheId },
            }),
          );
        return created;
      });
      await this.notices.dispatch(ids);
    } catch (notifyErr) {
      // The month's failure is what the job reports; a notice that cannot be written is logged beside it.
      this.logger.error(
        { crecheId, month, err: withoutAddresses((notifyErr as Error).message) },
        'managers not told of the month',
      );
    }
  }

  /**
   * A fee still to compute for the month (a declaration validated a moment ago: its job runs just after the commit)
   * would be billed at the rate it replaces, and the invoice never corrected: 409 until it is computed (the monthly
   * job fails and BullMQ tries again).
   */
  private async assertFeesComputed(em: EntityManager, crecheId: string, month: string): Promise<void> {
    const { first, last } = monthBounds(month);
    const pending = await this.inputs.contractsWithFeePending(em, crecheId, isoOf(first), isoOf(last));
    if (pending.length)
      throw new DomainError(
        'INVOICE.FEES_PENDING',
        'Des participations de ce mois sont en cours de recalcul (une déclaration vient d’être validée) : réessayez dans une minute ; si le service des tâches est indisponible, le recalcul se fait la nuit suivante.',
        { contractIds: pending },
      );
    // A scale version in force by the month that some contract's fee does not use yet (one dated back, or taking
    // effect today): the month would bill the fees it replaces.
    const replaced = await this.inputs.contractsOnReplacedScale(em, crecheId, isoOf(first), isoOf(last));
    if (replaced.length)
      throw new DomainError(
        'INVOICE.FEES_PENDING',
        'Un nouveau barème de la Cnaf est en cours d’application aux contrats de ce mois : réessayez dans quelques minutes ; si le service des tâches est indisponible, il s’applique la nuit suivante.',
        { contractIds: replaced },
      );
  }

  private assertMonthOver(month: string): void {
    if (!MONTH.test(month))
      throw invalidFields([{ field: 'month', errors: ['month must be a month "YYYY-MM" (years 2000 to 2099)'] }]);
    const current = todayOf(this.clock).slice(0, 7);
    if (month >= current)
      throw invalidFields([
        { field: 'month', errors: [`month must be over: ${current} is not (months up to the previous one)`] },
      ]);
  }

  /** The month's inputs, per paying household. */
  private async householdsOf(em: EntityManager, crecheId: string, month: string, invoiced: ReadonlySet<string>) {
    const creche = await this.creches.get(crecheId, em);
    const { first, last } = monthBounds(month);
    const from = isoOf(first);
    const to = isoOf(last);
    const contracts = await this.inputs.contractsBetween(em, crecheId, from, to);
    const bookings = await this.inputs.bookingsBetween(em, crecheId, from, to);
    // An illness begun before the month may still have waiting days to count (its episode read back a month).
    const facts = await this.attendance.factsBetween(
      em,
      crecheId,
      isoOf(first - 3),
      to,
      isoOf(first - ABSENCES_LOOKBACK_DAYS),
    );
    const earliest = contracts.reduce((min, c) => (c.startDate < min ? c.startDate : min), from);
    const calendar = {
      publicHolidays: this.holidays.between(dayOf(earliest), last),
      closures: creche.closures.map((c) => ({ from: c.from, to: c.to })),
      opensOnPublicHolidays: creche.opensOnPublicHolidays,
      maxLeaveWeeksPerYear: creche.maxLeaveWeeksPerYear,
    };
    // An arrival with no departure bills no hour attended: the month waits for the departure (a manager's correction).
    const openAttendance = facts.attendance
      .filter((a) => a.leftMinute === null && a.date >= from)
      .map((a) => ({ childId: a.childId, date: a.date }));
    const skipped = unbillableOf(contracts, invoiced);
    // By share: of a contract shared by two households, one share may have its fee and the other not.
    const unbillable = new Set(skipped.map((s) => `${s.contractId}|${s.familyId}`));
    const households = new Map<
      string,
      {
        children: ChildDraft[];
        unitMinutes: number;
        calendar: typeof calendar;
        scaleVersions: { id: string; effectiveFrom: string }[];
      }
    >();
    const household = (familyId: string) => {
      let h = households.get(familyId);
      if (!h)
        households.set(
          familyId,
          (h = { children: [], unitMinutes: creche.billingUnitMinutes, calendar, scaleVersions: [] }),
        );
      return h;
    };
    const child = (familyId: string, childId: string): ChildDraft => {
      const h = household(familyId);
      let c = h.children.find((x) => x.childId === childId);
      if (!c) {
        c = {
          childId,
          contracts: [],
          bookings: [],
          bookedElsewhere: [],
          attendance: facts.attendance
            .filter((a) => a.childId === childId && a.leftMinute !== null)
            .map((a) => ({ date: a.date, from: a.arrivedMinute, to: a.leftMinute! })),
          absences: facts.absences
            .filter((a) => a.childId === childId)
            .map((a) => ({ reason: a.reason, from: a.fromDate, to: a.toDate, certified: a.certified })),
        };
        h.children.push(c);
      }
      return c;
    };
    for (const c of contracts) {
      if (unbillable.has(`${c.contractId}|${c.familyId}`)) continue;
      child(c.familyId, c.childId).contracts.push(toContract(c));
      const h = household(c.familyId);
      if (c.scaleId && !h.scaleVersions.some((s) => s.id === c.scaleId))
        h.scaleVersions.push({ id: c.scaleId, effectiveFrom: c.scaleEffectiveFrom! });
    }
    for (const b of bookings) {
      child(b.familyId, b.childId).bookings.push(toBooking(b));
      // A child in alternating residence: the booking is its own household's, but its hours are not extra hours of
      // the contract the other household shares either.
      for (const [familyId, h] of households)
        if (familyId !== b.familyId)
          h.children
            .find((c) => c.childId === b.childId)
            ?.bookedElsewhere.push({ date: b.date, from: b.fromMinute, to: b.toMinute });
    }
    return {
      creche,
      households: [...households.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      skipped,
      openAttendance,
    };
  }
}

/** Each share of a contract the month cannot bill (a contract shared by two households: one per household). */
function unbillableOf(contracts: readonly ContractShareToBill[], invoiced: ReadonlySet<string>): SkippedContract[] {
  const out: SkippedContract[] = [];
  for (const c of contracts) {
    const reason = !c.mensualisation ? 'NO_MENSUALISATION' : !c.hourlyRate ? 'NO_FEE' : null;
    if (!reason) continue;
    const { contractId, familyId, childId, firstName: childFirstName } = c;
    out.push({ contractId, familyId, childId, childFirstName, reason, householdInvoiced: invoiced.has(familyId) });
  }
  return out;
}

function toContract(c: ContractShareToBill): ContractToBill {
  return {
    id: c.contractId,
    startDate: c.startDate,
    endDate: c.endDate,
    schedule: c.schedule,
    leavePeriods: c.leavePeriods,
    mensualisation: c.mensualisation!,
    hourlyRate: c.hourlyRate!,
    sharePercent: c.hoursPercent,
  };
}

function toBooking(b: BookingToBillRow): BookingToBill {
  return {
    id: b.id,
    date: b.date,
    from: b.fromMinute,
    to: b.toMinute,
    kind: b.kind,
    billedMinutes: b.billedMinutes,
    hourlyRate: b.hourlyRate,
    amount: b.amount,
  };
}

/** Why the job could not issue a month, as its managers' e-mail words it (`MonthNotIssuedReason`). */
function monthNotIssuedReason(err: unknown): MonthNotIssuedReason {
  if (!(err instanceof DomainError)) return { code: 'TECHNICAL' };
  if (err.code === 'INVOICE.ATTENDANCE_OPEN') {
    const open = (err.details as { open: { date: string }[] }).open;
    return { code: err.code, count: open.length, days: [...new Set(open.map((o) => o.date))].sort() };
  }
  return { code: err.code };
}

/** 409 naming the days (never the children: the message reaches the job's log) of arrivals with no departure. */
function attendanceOpen(open: readonly { childId: string; date: string }[]): DomainError {
  const days = [...new Set(open.map((o) => o.date))].sort().map(frenchDate);
  return new DomainError(
    'INVOICE.ATTENDANCE_OPEN',
    `${open.length} arrivée${open.length > 1 ? 's' : ''} sans départ pointé ce mois-ci (${days.join(', ')}) : saisissez l'heure de départ (page Aujourd'hui, « Départs non pointés ») avant d'émettre les factures, sinon ces heures ne seraient jamais facturées.`,
    { open },
  );
}

const round2 = (hours: string) => new Dec(hours).toFixed(2, Dec.ROUND_HALF_UP);
const round4 = (hours: string) => new Dec(hours).toFixed(4, Dec.ROUND_HALF_UP);

/** A child's month being gathered (ChildMonth with lists still growing). */
interface ChildDraft extends ChildMonth {
  readonly contracts: ContractToBill[];
  readonly bookings: BookingToBill[];
  readonly bookedElsewhere: { date: string; from: number; to: number }[];
}
