import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { frenchDate, frenchMonth } from '../../common/text/french-dates';
import { dayOf, isoOf } from '../../common/time/calendar';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { CrechesService } from '../creches/creches.service';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { PlannedChild, PlannedDayReadModel } from '../../read-models/planned-day.read-model';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { AbsenceRow, AttendanceRepository, AttendanceRow } from './attendance.repository';
import { civilMinuteOf, minutesOfTime, timeOf } from './domain/attendance-time';
import { dueForWholeDay, wholeDayDueBy } from './domain/whole-day';
import { isOvernightStay, PlannedSlots } from './domain/overnight';
import type { ClockDto, CorrectAttendanceDto } from './dto/attendance.dto';

export interface DayView {
  readonly date: string;
  readonly children: {
    childId: string;
    firstName: string;
    planned: { from: string; to: string; kind: string }[];
    actual: AttendanceRow | null;
    absence: AbsenceRow | null;
  }[];
}

/**
 * Pointage (issue #16): a crèche's managers check children in and out, child by child or the whole day at once, and
 * correct times afterwards (each correction audited with its previous values). A child is checked in only on a day it
 * is expected at the crèche (a contract running, or a booking) — an extra day of a contract counts.
 */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly repo: AttendanceRepository,
    private readonly planned: PlannedDayReadModel,
    private readonly audit: AuditService,
    private readonly invoiced: InvoicedMonthsReadModel,
    private readonly creches: CrechesService,
    private readonly holidays: HolidayCalendar,
    private readonly names: FamilyNamesReadModel,
  ) {}

  async checkIn(actor: AuthUser, crecheId: string, childId: string, when: ClockDto): Promise<AttendanceRow> {
    const { date, minute } = this.arrival(actor, when);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanClock(em, actor, crecheId);
      // The child's lock before reading whether it is expected: a contract ended, or a booking cancelled, at the same
      // moment is then either seen here or refused for this arrival (AttendedDaysReadModel).
      await this.repo.lockChildArrivals(em, childId);
      // Then the crèche's closures, held: a closure added over this day at the same moment waits and sees this arrival.
      await this.holdCreche(em, crecheId, [childId]);
      await this.refuseClosed(em, crecheId, date);
      if (!(await this.planned.isInCareBetween(em, crecheId, childId, date, date))) throw childNotFound();
      if (isStaff(actor)) await this.refuseAbsent(em, crecheId, date, [childId]);
      await this.refuseInvoiced(em, crecheId, date, [childId]);
      const busy = await this.alreadyHere(em, crecheId, childId, date);
      if (busy) throw busy;
      const row = await this.repo.checkIn(em, { crecheId, childId, date, minute, by: actor.id });
      if (!row)
        throw new DomainError('ATTENDANCE.ALREADY_CHECKED_IN', 'Cet enfant est déjà pointé à son arrivée ce jour.');
      await this.auditEnteredAfterwards(em, actor, when, 'check_in', [row]);
      return row;
    });
  }

  /**
   * Everyone due (a slot under way or starting within 30 minutes: `dueForWholeDay`), or the listed children, and not yet
   * in: checked in at once, absentees left out.
   */
  async checkInDay(
    actor: AuthUser,
    crecheId: string,
    when: ClockDto,
    childIds?: string[],
    expectedBy?: string,
  ): Promise<AttendanceRow[]> {
    if (childIds && expectedBy !== undefined)
      throw invalidFields([{ field: 'expectedBy', errors: ['expectedBy cannot be given with childIds'] }]);
    const { date, minute } = this.arrival(actor, when);
    const dueBy = wholeDayDueBy(minute, expectedBy === undefined ? undefined : minutesOfTime(expectedBy)!);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanClock(em, actor, crecheId);
      // Those expected, their locks taken in id order (as two whole days at two crèches take them), then read again
      // under the locks: a contract ended or a booking cancelled meanwhile leaves its child out (see checkIn).
      const candidates = (await this.planned.expectedOn(em, crecheId, date, childIds)).map((c) => c.childId).sort();
      for (const id of candidates) await this.repo.lockChildArrivals(em, id);
      await this.holdCreche(em, crecheId, candidates);
      await this.refuseClosed(em, crecheId, date);
      const expected = await this.planned.expectedOn(em, crecheId, date, childIds ?? candidates);
      if (childIds && expected.length !== new Set(childIds).size) throw childNotFound();
      if (childIds && isStaff(actor)) await this.refuseAbsent(em, crecheId, date, childIds);
      const absent = new Set((await this.repo.absencesOfCrecheBetween(em, crecheId, date, date)).map((a) => a.childId));
      await this.refuseInvoiced(
        em,
        crecheId,
        date,
        expected.map((c) => c.childId),
      );
      const out: AttendanceRow[] = [];
      // In id order: two whole days at two crèches take their children's arrival locks in the same order.
      for (const child of [...expected].sort((a, b) => (a.childId < b.childId ? -1 : 1))) {
        if (!childIds && absent.has(child.childId)) continue;
        // The whole day at once brings in those planned today: a child under contract with no slot that day (nor a
        // booking) comes on an extra day only when named, as their hours are billed on top.
        if (!childIds && !plannedOn(child, date)) continue;
        // « Tout le monde est arrivé » at 09:30 brings in those due by then: a child expected at 13:00 is checked in
        // when it comes (checked in now, it would be billed and counted present for a morning it was not there).
        if (!childIds && !dueForWholeDay(plannedSlots(child, date).slots, minute, dueBy)) continue;
        const busy = await this.alreadyHere(em, crecheId, child.childId, date);
        if (busy) {
          if (childIds) throw busy;
          continue;
        }
        const row = await this.repo.checkIn(em, { crecheId, childId: child.childId, date, minute, by: actor.id });
        if (row) out.push(row);
      }
      await this.auditEnteredAfterwards(em, actor, when, 'check_in', out);
      return out;
    });
  }

  async checkOut(actor: AuthUser, crecheId: string, childId: string, when: ClockDto): Promise<AttendanceRow> {
    const { date, minute } = this.when(actor, when);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanClock(em, actor, crecheId);
      // Before the row's lock, as every path takes the invoice sequence first (InvoicedMonthsReadModel.waitForIssue).
      await this.refuseInvoiced(em, crecheId, date, [childId]);
      const row = await this.repo.findOfChildOn(em, childId, crecheId, date, true);
      if (!row && when.date === undefined) {
        const overnight = await this.overnight(em, crecheId, childId, date, minute, actor);
        if (overnight) {
          await this.auditEnteredAfterwards(em, actor, when, 'check_out', overnight);
          return overnight[overnight.length - 1];
        }
      }
      if (!row)
        throw new DomainError('ATTENDANCE.NOT_CHECKED_IN', "Cet enfant n'a pas été pointé à son arrivée ce jour.");
      if (row.leftMinute !== null)
        throw new DomainError('ATTENDANCE.ALREADY_CHECKED_OUT', 'Le départ de cet enfant est déjà pointé ce jour.');
      if (minute <= row.arrivedMinute)
        throw invalidFields([
          { field: 'time', errors: [`time must be after the arrival (${timeOf(row.arrivedMinute)})`] },
        ]);
      const saved = await this.repo.setTimes(em, row.id, {
        arrivedMinute: row.arrivedMinute,
        leftMinute: minute,
        checkedOutBy: actor.id,
      });
      await this.auditEnteredAfterwards(em, actor, when, 'check_out', [saved]);
      return saved;
    });
  }

  /**
   * A child in care across midnight (atypical hours), leaving now with no arrival today: the evening's record, still
   * open, ends at 24:00 and today's runs from 00:00 to now — each day's hours on its own day, as invoices and the
   * Caf's report count them. Null when the child has no such night at this crèche (`openNight`): then nobody checked
   * the eve's departure, which a manager corrects.
   */
  private async overnight(
    em: EntityManager,
    crecheId: string,
    childId: string,
    date: string,
    minute: number,
    actor: AuthUser,
  ): Promise<AttendanceRow[] | null> {
    await this.refuseInvoiced(em, crecheId, isoOf(dayOf(date) - 1), [childId]);
    // The child's lock, as a check-in: a contract ended at the same moment sees the morning's record, or this finds
    // the child no longer expected today (below).
    await this.repo.lockChildArrivals(em, childId);
    // The morning's record is an arrival on `date`: held against a closure of that day as a check-in is.
    await this.holdCreche(em, crecheId, [childId]);
    const open = await this.openNight(em, crecheId, childId, date, true);
    if (!open) return null;
    const evening = await this.repo.setTimes(em, open.id, {
      arrivedMinute: open.arrivedMinute,
      leftMinute: 1440,
      checkedOutBy: actor.id,
    });
    if (minute === 0) return [evening];
    // Not expected today (its contract ended on the eve): the night stops at 24:00, as a contract end waits for it.
    if (!(await this.planned.isInCareBetween(em, crecheId, childId, date, date))) return [evening];
    const morning = await this.repo.checkIn(em, { crecheId, childId, date, minute: 0, by: actor.id });
    if (!morning) return null;
    return [
      evening,
      await this.repo.setTimes(em, morning.id, { arrivedMinute: 0, leftMinute: minute, checkedOutBy: actor.id }),
    ];
  }

  /**
   * The child's arrival left open the day before `date`, when it is a night in care (isOvernightStay: the crèche open
   * across midnight, the child planned across it) and `date` takes pointage for the child (the crèche not closed, the
   * child not noted absent): a departure forgotten the day before is not billed as a night by a tap the next morning.
   */
  private async openNight(
    em: EntityManager,
    crecheId: string,
    childId: string,
    date: string,
    lock = false,
  ): Promise<AttendanceRow | null> {
    const eve = isoOf(dayOf(date) - 1);
    const open = await this.repo.findOfChildOn(em, childId, crecheId, eve, lock);
    if (!open || open.leftMinute !== null) return null;
    if (await this.closedReason(em, crecheId, date)) return null;
    if ((await this.repo.absencesOfCrecheBetween(em, crecheId, date, date)).some((a) => a.childId === childId))
      return null;
    const creche = await this.creches.get(crecheId, em);
    const [evePlan] = await this.planned.expectedOn(em, crecheId, eve, [childId]);
    const [todayPlan] = await this.planned.expectedOn(em, crecheId, date, [childId]);
    const night = isOvernightStay({
      openingHours: creche.openingHours.map((h) => ({
        weekday: h.weekday,
        opens: minutesOfTime(h.opens)!,
        closes: minutesOfTime(h.closes)!,
      })),
      eve: plannedSlots(evePlan, eve),
      today: plannedSlots(todayPlan, date),
    });
    return night ? open : null;
  }

  /** Every child still in that day leaves at once (closing time). */
  async checkOutDay(actor: AuthUser, crecheId: string, when: ClockDto): Promise<AttendanceRow[]> {
    const { date, minute } = this.when(actor, when);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanClock(em, actor, crecheId);
      const open = (await this.repo.ofCrecheOn(em, crecheId, date)).filter(
        (row) => row.leftMinute === null && row.arrivedMinute < minute,
      );
      await this.refuseInvoiced(
        em,
        crecheId,
        date,
        open.map((row) => row.childId),
      );
      // Those still open once locked: a child checked out or corrected meanwhile keeps what was recorded for it.
      const out = await this.repo.checkOutOpen(
        em,
        open.map((row) => row.id),
        minute,
        actor.id,
      );
      await this.auditEnteredAfterwards(em, actor, when, 'check_out', out);
      return out;
    });
  }

  /**
   * A record a manager changes (corrects or removes): theirs to plan (404 otherwise), its month not invoiced, locked
   * after the invoice sequence is waited for (the order every path takes them in).
   */
  private async recordToChange(em: EntityManager, actor: AuthUser, id: string): Promise<AttendanceRow> {
    const found = await this.repo.findById(em, id);
    if (!found) throw notFound();
    await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
    await this.refuseInvoiced(em, found.crecheId, found.date, [found.childId]);
    const row = await this.repo.findById(em, id, true);
    if (!row) throw notFound();
    return row;
  }

  /**
   * A correction of the times, kept in the audit trail with who, when and the times before. Without `leftAt`, the
   * departure stays as recorded: a correction of the arrival typed on a screen opened before an auxiliary checked the
   * child out erased that departure. `leftAt: null` removes one recorded by mistake.
   */
  async correct(actor: AuthUser, id: string, dto: CorrectAttendanceDto): Promise<AttendanceRow> {
    const arrived = minutesOfTime(dto.arrivedAt)!;
    if (arrived >= 1440) throw invalidFields([{ field: 'arrivedAt', errors: ['arrivedAt must be before 24:00'] }]);
    const sent = dto.leftAt === undefined || dto.leftAt === null ? null : minutesOfTime(dto.leftAt)!;
    if (sent !== null && sent <= arrived)
      throw invalidFields([{ field: 'leftAt', errors: ['leftAt must be after arrivedAt'] }]);
    return this.dataSource.transaction(async (em) => {
      const row = await this.recordToChange(em, actor, id);
      const left = dto.leftAt === undefined ? row.leftMinute : sent;
      this.assertNotLater(row.date, [
        ['arrivedAt', arrived],
        ['leftAt', sent],
      ]);
      if (left !== null && left <= arrived)
        throw invalidFields([
          { field: 'arrivedAt', errors: [`arrivedAt must be before the departure recorded at ${timeOf(left)}`] },
        ]);
      const saved = await this.repo.setTimes(em, id, {
        arrivedMinute: arrived,
        leftMinute: left,
        checkedOutBy: left === null ? null : (row.checkedOutBy ?? actor.id),
      });
      await this.audit.record(em, {
        actor,
        action: 'attendance.corrected',
        subjectType: 'attendance_record',
        subjectId: id,
        details: {
          date: row.date,
          before: {
            arrivedAt: timeOf(row.arrivedMinute),
            leftAt: row.leftMinute === null ? null : timeOf(row.leftMinute),
          },
          after: { arrivedAt: dto.arrivedAt, leftAt: left === null ? null : timeOf(left) },
        },
      });
      return saved;
    });
  }

  /**
   * A check-in made by mistake (the wrong child tapped, a child who did not come) is removed by a manager, audited with
   * its times; refused once its month is invoiced (R8.9). Its day may then be taken out of a contract or a booking.
   */
  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.recordToChange(em, actor, id);
      await this.repo.deleteRecord(em, id);
      await this.audit.record(em, {
        actor,
        action: 'attendance.removed',
        subjectType: 'attendance_record',
        subjectId: id,
        details: {
          crecheId: row.crecheId,
          childId: row.childId,
          date: row.date,
          arrivedAt: timeOf(row.arrivedMinute),
          leftAt: row.leftMinute === null ? null : timeOf(row.leftMinute),
        },
      });
    });
  }

  /**
   * Arrivals of earlier days still without a departure (the Saturday's tablet forgot it), for the managers to enter
   * it: the month cannot be invoiced until they do (INVOICE.ATTENDANCE_OPEN). A child staying the night since
   * yesterday is left out: today's list shows it, to be checked out there.
   */
  async openArrivals(actor: AuthUser, crecheId: string): Promise<(AttendanceRow & { firstName: string })[]> {
    const today = todayOf(this.clock);
    const yesterday = isoOf(dayOf(today) - 1);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      const open: AttendanceRow[] = [];
      for (const r of await this.repo.openBefore(em, crecheId, today))
        if (!(r.date === yesterday && (await this.openNight(em, crecheId, r.childId, today)))) open.push(r);
      const names = await this.names.childFirstNames(
        em,
        open.map((r) => r.childId),
      );
      return open.map((r) => ({ ...r, firstName: names.get(r.childId) ?? '' }));
    });
  }

  /** The day planned (contracts, bookings) beside the day as it happened. */
  async day(actor: AuthUser, crecheId: string, date: string): Promise<DayView> {
    if (isStaff(actor) && date !== todayOf(this.clock)) throw staffTodayOnly();
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanClock(em, actor, crecheId);
      const expected = await this.planned.expectedOn(em, crecheId, date);
      const actual = new Map((await this.repo.ofCrecheOn(em, crecheId, date)).map((r) => [r.childId, r]));
      // Still here since the evening before (no departure yet): shown with that record, to be checked out now.
      const overnight: AttendanceRow[] = [];
      for (const r of await this.repo.ofCrecheOn(em, crecheId, isoOf(dayOf(date) - 1)))
        if (r.leftMinute === null && !actual.has(r.childId) && (await this.openNight(em, crecheId, r.childId, date)))
          overnight.push(r);
      for (const r of overnight) actual.set(r.childId, r);
      const expectedIds = new Set(expected.map((c) => c.childId));
      const stayed = overnight.filter((r) => !expectedIds.has(r.childId)).map((r) => r.childId);
      if (stayed.length)
        for (const c of await this.planned.expectedOn(em, crecheId, isoOf(dayOf(date) - 1), stayed))
          expected.push({ ...c, schedule: null, bookings: [] });
      const absences = new Map(
        (await this.repo.absencesOfCrecheBetween(em, crecheId, date, date)).map((a) => [a.childId, a]),
      );
      return {
        date,
        children: expected.map((c) => ({
          childId: c.childId,
          firstName: c.firstName,
          planned: [
            ...contractSlotsOn(c, date).map((s) => ({ from: s.from, to: s.to, kind: 'CONTRACT' })),
            ...c.bookings.map((b) => ({ from: timeOf(b.fromMinute), to: timeOf(b.toMinute), kind: b.kind })),
          ],
          actual: actual.get(c.childId) ?? null,
          absence: absences.get(c.childId) ?? null,
        })),
      };
    });
  }

  /**
   * The crèche's attendance and absences over a period, for its invoices (in the caller's transaction). The absences
   * are locked in share mode until the invoices are committed: a correction or removal under way is waited for and
   * read as it ends, and none starts before the month is issued (then refused: docs/rules.md#r812).
   */
  /** The pointage from `from` and the absences ending from `absencesFrom` (an illness's episode may begin earlier). */
  async factsBetween(em: EntityManager, crecheId: string, from: string, to: string, absencesFrom = from) {
    return {
      attendance: await this.repo.ofCrecheBetween(em, crecheId, from, to),
      absences: await this.repo.absencesOfCrecheBetween(em, crecheId, absencesFrom, to, true),
    };
  }

  /**
   * 409 when the day's month is invoiced to one of these children (docs/rules.md#r89-attendance-pointage): the
   * invoice's hours attended, extra hours and deductions rest on that day's pointage, and an issued invoice never
   * changes (the correction is a credit note). A month is invoiced once it is over: today's pointage reads nothing.
   * Waits for an issue of the crèche's month under way, as an absence's change does.
   */
  private async refuseInvoiced(em: EntityManager, crecheId: string, date: string, childIds: readonly string[]) {
    if (date.slice(0, 7) >= todayOf(this.clock).slice(0, 7)) return;
    for (const childId of new Set(childIds)) {
      const months = await this.invoiced.invoicedMonths(em, crecheId, childId, [{ from: date, to: date }]);
      if (months.length)
        throw new DomainError(
          'ATTENDANCE.INVOICED',
          `Ce jour est dans un mois déjà facturé (${frenchMonth(months[0])}) : une facture émise ne change plus, corrigez-la par un avoir.`,
          { months },
        );
    }
  }

  /**
   * Why the child cannot arrive at this crèche now, with its arrivals locked until the transaction ends (so that two
   * crèches' check-ins at once see each other): checked in at another crèche and not out (that day, or since the
   * evening before: 409 ATTENDANCE.IN_OTHER_CRECHE), or still here since the evening, in night care (its departure,
   * not a new arrival: checking it in again would leave the night open and unbilled). Null: free to arrive.
   */
  private async alreadyHere(
    em: EntityManager,
    crecheId: string,
    childId: string,
    date: string,
  ): Promise<DomainError | null> {
    await this.repo.lockChildArrivals(em, childId);
    if (await this.repo.openElsewhere(em, childId, crecheId, date)) return inOtherCreche();
    if (await this.openNight(em, crecheId, childId, date))
      return new DomainError(
        'ATTENDANCE.ALREADY_CHECKED_IN',
        'Cet enfant est encore là depuis la veille au soir (accueil de nuit) : pointez son départ, pas une arrivée.',
      );
    return null;
  }

  /**
   * No pointage on a day the crèche is closed (a public holiday it does not open on, a closure): nobody is cared for
   * there, and hours attended that day would be billed as extra hours and counted in the Caf's activity report while
   * the day is out of its capacity (docs/rules.md#r89-attendance-pointage).
   */
  private async refuseClosed(em: EntityManager, crecheId: string, date: string): Promise<void> {
    const closed = await this.closedReason(em, crecheId, date);
    if (closed)
      throw new DomainError(
        'ATTENDANCE.CLOSED_DAY',
        `La crèche est fermée le ${frenchDate(date)} (${closed}) : aucun pointage ce jour-là.`,
        { date },
      );
  }

  /** Why the crèche is closed that day, in French, or null when it opens. */
  private async closedReason(em: EntityManager, crecheId: string, date: string): Promise<string | null> {
    const creche = await this.creches.get(crecheId, em);
    const day = dayOf(date);
    if (!creche.openingHours.some((h) => h.weekday === weekdayOf(date))) return 'jour sans ouverture';
    if (!creche.opensOnPublicHolidays && this.holidays.between(day, day).size > 0) return 'jour férié';
    return creche.closures.some((c) => c.from <= date && date <= c.to) ? 'fermeture' : null;
  }

  /**
   * The crèche's settings held until the arrival commits (a closure saved at the same moment waits for it, and then
   * refuses the day: CRECHE.CLOSED_DAY_ATTENDED), after the children's rows: an admission locks a child's row, then
   * the crèche's, so the other order deadlocked a check-in against a booking of the same child (found by a review).
   */
  private async holdCreche(em: EntityManager, crecheId: string, childIds: readonly string[]): Promise<void> {
    await this.planned.holdChildren(em, childIds);
    await this.creches.holdSettings(em, crecheId);
  }

  /**
   * A child recorded absent that day is not checked in by a staff account: only a manager can undo the absence, and
   * a day with an attendance record is no longer deducted from the invoice.
   */
  private async refuseAbsent(em: EntityManager, crecheId: string, date: string, childIds: readonly string[]) {
    const absent = (await this.repo.absencesOfCrecheBetween(em, crecheId, date, date)).filter((a) =>
      childIds.includes(a.childId),
    );
    if (absent.length)
      throw new DomainError(
        'ATTENDANCE.CHILD_ABSENT',
        "Cet enfant est noté absent ce jour : seule la direction peut retirer l'absence avant de pointer son arrivée.",
      );
  }

  /**
   * Pointage entered afterwards (a `date` or `time` other than now: a manager's) weighs on the invoice as a correction
   * does, so the audit trail keeps it too, with who entered it; pointage as it happens is the record itself.
   */
  private async auditEnteredAfterwards(
    em: EntityManager,
    actor: AuthUser,
    when: ClockDto,
    what: 'check_in' | 'check_out',
    rows: readonly AttendanceRow[],
  ): Promise<void> {
    if (when.date === undefined && when.time === undefined) return;
    for (const row of rows)
      await this.audit.record(em, {
        actor,
        action: 'attendance.entered_afterwards',
        subjectType: 'attendance_record',
        subjectId: row.id,
        details: {
          // The child and the crèche, so that the journal says whose day was entered (ids only: no name in the log).
          childId: row.childId,
          crecheId: row.crecheId,
          date: row.date,
          what,
          arrivedAt: timeOf(row.arrivedMinute),
          leftAt: row.leftMinute === null ? null : timeOf(row.leftMinute),
        },
      });
  }

  /**
   * Today's times are not later than now, corrected or clocked (R8.9): a departure typed as 23:30 at six in the morning
   * was billed as extra hours nobody had attended yet.
   */
  private assertNotLater(date: string, times: readonly [string, number | null][]): void {
    if (date !== todayOf(this.clock)) return;
    const now = civilMinuteOf(this.clock.now());
    const late = times.filter(([, minute]) => minute !== null && minute > now);
    if (late.length)
      throw invalidFields(
        late.map(([field]) => ({ field, errors: [`${field} must not be later than now (${timeOf(now)})`] })),
      );
  }

  private arrival(actor: AuthUser, w: ClockDto): { date: string; minute: number } {
    const at = this.when(actor, w);
    if (at.minute >= 1440) throw invalidFields([{ field: 'time', errors: ['an arrival must be before 24:00'] }]);
    return at;
  }

  private when(actor: AuthUser, w: ClockDto): { date: string; minute: number } {
    // A staff account clocks what happens as it happens; another day or time is entered by a manager, as it weighs
    // on the invoice like a correction does.
    if (isStaff(actor) && (w.date !== undefined || w.time !== undefined)) throw staffTodayOnly();
    const now = this.clock.now();
    const today = todayOf(this.clock);
    const date = w.date ?? today;
    if (date > today)
      throw invalidFields([{ field: 'date', errors: [`date must not be in the future (today is ${today})`] }]);
    const minute = w.time === undefined ? civilMinuteOf(now) : minutesOfTime(w.time)!;
    // A time to come would be checked out by nobody at it (the tablet's departure, now, would come before it).
    if (date === today && minute > civilMinuteOf(now))
      throw invalidFields([
        { field: 'time', errors: [`time must not be later than now (${timeOf(civilMinuteOf(now))})`] },
      ]);
    return { date, minute };
  }
}

function notFound(): DomainError {
  return new DomainError('ATTENDANCE.NOT_FOUND', 'Pointage introuvable.');
}

function childNotFound(): DomainError {
  return new DomainError('CHILD.NOT_FOUND', "Cet enfant n'est pas attendu dans cette crèche ce jour-là.");
}

function inOtherCreche(): DomainError {
  return new DomainError(
    'ATTENDANCE.IN_OTHER_CRECHE',
    "Cet enfant est pointé présent dans une autre crèche ce jour, sans départ : son départ de là-bas d'abord.",
  );
}

const isStaff = (actor: AuthUser) => actor.role === 'CRECHE_STAFF';

/** ISO weekday (1 Monday … 7 Sunday) of a civil date. */
const weekdayOf = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The child's planned hours that day (its contract's slots that weekday, its bookings), as minutes. */
function plannedSlots(child: PlannedChild | undefined, date: string): PlannedSlots {
  const weekday = weekdayOf(date);
  return {
    weekday,
    slots: [
      ...contractSlotsOn(child, date).map((s) => ({ from: minutesOfTime(s.from)!, to: minutesOfTime(s.to)! })),
      ...(child?.bookings ?? []).map((b) => ({ from: b.fromMinute, to: b.toMinute })),
    ],
  };
}

/** The contract's slots that day: those of its weekday, none on a day of declared leave (it bills no hours then). */
function contractSlotsOn(child: PlannedChild | undefined, date: string): { from: string; to: string }[] {
  if (!child || (child.leavePeriods ?? []).some((p) => p.from <= date && date <= p.to)) return [];
  return (child.schedule ?? []).filter((s) => s.weekday === weekdayOf(date));
}

/** A contract slot that day (not on leave), or a booking. */
const plannedOn = (child: PlannedChild, date: string) =>
  child.bookings.length > 0 || contractSlotsOn(child, date).length > 0;

function staffTodayOnly(): DomainError {
  return new DomainError(
    'AUTH.FORBIDDEN',
    "Un compte d'équipe pointe la journée en cours, à l'heure où cela se passe : un autre jour ou une autre heure se saisit par la direction.",
  );
}
