import { AttendedDaysReadModel } from '../../read-models/attended-days.read-model';
import { frenchDate, frenchMonth } from '../../common/text/french-dates';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { contractSlotOverlapping } from './domain/booking-within-contract';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { HouseholdsLeftReadModel } from '../../read-models/households-left.read-model';
import { ContractRate, ContractRatesReadModel } from '../../read-models/contract-rates.read-model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { alreadyBookedError, BookingsRepository } from './bookings.repository';
import { FeesService } from '../fees/fees.service';
import { CrechesService } from '../creches/creches.service';
import { FamiliesService } from '../families/families.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess, notFound as crecheNotFound } from '../creches/creche-access';
import { dayOf, minuteOf } from '../../common/time/calendar';
import type { CreateBookingDto } from './dto/contract.dto';
import { BookingEntity } from './entities/booking.entity';
import { PipelinedTransaction } from '../../common/db/pipelined-transaction';
import { Answer, KeyedBatcher, Settled } from '../../common/concurrency/keyed-batcher';
import { RequestContext, requestContext } from '../../common/http/request-context';
import { sqlStateOf } from '../../common/db/pg-errors';

@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
    private readonly repo: BookingsRepository,
    private readonly fees: FeesService,
    private readonly creches: CrechesService,
    private readonly families: FamiliesService,
    private readonly invoiced: InvoicedMonthsReadModel,
    private readonly householdsLeft: HouseholdsLeftReadModel,
    private readonly contractRates: ContractRatesReadModel,
    private readonly holidays: HolidayCalendar,
    private readonly attended: AttendedDaysReadModel,
  ) {}

  /**
   * Bookings asked at the same time of one crèche by one planner are decided together (`admitTogether`): one
   * transaction locks the crèche once for all of them. Asked alone, a booking goes at once, alone (`admitAlone`).
   */
  private readonly admissions = new KeyedBatcher<BookingAsk, BookingEntity>(
    (_key, asks, answer) => this.admitTogether(asks, answer),
    MAX_BOOKINGS_DECIDED_TOGETHER,
  );

  /**
   * An occasional or emergency booking, through the same locked admission path as contracts (child and crèche
   * locked); refused if the child already has a booking at overlapping hours that day. With many planners booking
   * into one crèche at once, each booking used to wait for the crèche's lock in turn, each holding it for a trip
   * through Node and a commit: decided together, they share the lock, the read of what is planned and the commit
   * (issue #18). The answer for each is the one it would have had alone, in the order they were asked.
   */
  create(actor: AuthUser, crecheId: string, dto: CreateBookingDto): Promise<BookingEntity> {
    // The child's id as PostgreSQL writes it: the batch recognises its children by it.
    const ask = {
      actor,
      crecheId,
      dto: { ...dto, childId: dto.childId.toLowerCase() },
      context: requestContext.getStore(),
    };
    return this.admissions.submit(`${crecheId} ${actor.id}`, ask);
  }

  /**
   * The asks in runs of distinct children, in the order asked (a child asked again starts the next run, whose own
   * locks then see the first booking); a run of several in one transaction, each answered as soon as its run is
   * decided. Work done for the whole run belongs to no one request: it runs outside their contexts, and what is done
   * for one ask (its audit event, a replay) in that ask's.
   */
  private admitTogether(asks: readonly BookingAsk[], answer: Answer<BookingEntity>): Promise<void> {
    return requestContext.exit(async () => {
      for (const run of runsOfDistinctChildren(asks)) {
        if (run.length === 1) {
          answer(run[0], await this.admitAloneIn(asks[run[0]]));
          continue;
        }
        const outcome = await settle(() => this.admitInOneTransaction(run.map((i) => asks[i])));
        // The connection failed around the COMMIT: whether anything was written is unknown, so nothing is replayed.
        if (!outcome.ok) {
          for (const i of run) answer(i, outcome);
          continue;
        }
        const replay: number[] = [];
        outcome.value.forEach((settled, n) => (settled === 'alone' ? replay.push(run[n]) : answer(run[n], settled)));
        for (const i of replay) answer(i, await this.admitAloneIn(asks[i]));
      }
    });
  }

  /** `admitAlone` in the ask's own request context (its audit event carries its request's id). */
  private admitAloneIn(ask: BookingAsk): Promise<Settled<BookingEntity>> {
    return settle(() => inContextOf(ask, () => this.admitAlone(ask)));
  }

  /**
   * One booking in its own transaction. Two round trips where there were nine statements one after the other: the
   * reads, one prepared statement each, sent in one write with the transaction's BEGIN (the crèche's billing facts,
   * the household's situation, the stamp of the fee scales held in memory, then the locks and what is planned); the
   * insert, sent with the COMMIT (the crèche stays locked for that one round trip). Each write to PostgreSQL costs a
   * system call and a wake-up on both sides (issue #18).
   */
  private admitAlone({ actor, crecheId, dto }: BookingAsk): Promise<BookingEntity> {
    const candidate = candidateOf(dto, 'candidate');
    const admission = { crecheId, childId: dto.childId, planner: actor, candidate };
    return PipelinedTransaction.run(this.dataSource, async (tx) => {
      const em = tx.manager;
      // The fee is fixed when booked, from the household's declared situation that day; the locks and what is
      // planned are read in the same batch (near the end: the crèche stays locked from there to the COMMIT). The
      // child's contract is read under its lock, after it: a contract over these hours committed meanwhile (checked
      // under the same lock against live bookings) is seen, and the hours are not billed twice.
      const [left, invoiced, creche, situation, scales, locked, contractRate] = await tx.begin([
        () => this.householdsLeft.childrenWhoLeft(em, crecheId, [dto.childId]),
        () => this.invoiced.monthsInvoicedToPayers(em, { crecheId, childId: dto.childId }, dto.date, dto.date),
        () => this.creches.careFeeFacts(crecheId, em),
        () => this.families.feeSituationOfChild(em, dto.childId, dto.date),
        () => this.fees.scaleVersions(em),
        () => this.capacity.lockForAdmission(em, admission),
        () => this.contractRates.rateOn(em, crecheId, dto.childId, dto.date),
      ]);
      // Not the planner's crèche: nothing else is said of it (not even whether the month is invoiced).
      if (!locked.context) throw crecheNotFound();
      // A household that left the crèche's waitlist is not booked by it: it applies again (as for an unknown child).
      if (left.size) throw childNotFound();
      if (invoiced.length) throw monthInvoiced(invoiced);
      const reserved = this.reservedSlot(dto, creche, contractRate);
      if (reserved) throw withinContract(reserved);
      const fee = await this.feeOf(em, dto, creche, situation, scales, contractRate);
      if (!fee) throw noScaleOn(dto.date);
      return this.capacity.decide(locked, {
        ...admission,
        insert: async () => {
          const insert = this.insertOf(em, actor, crecheId, dto, fee);
          return insert.booking(await tx.commitWith(insert.statement, insert.values));
        },
      });
    });
  }

  /**
   * Bookings of one planner into one crèche, of distinct children, in one transaction: the same reads as
   * `admitAlone` for each, sent in one write with the BEGIN; then the children no one else holds locked, whether each
   * is booked already at those hours, and the crèche locked with what is planned over all their weeks; each decided
   * in turn against what is planned and the ones admitted before it, its checks in the order of `admitAlone`; the
   * inserts sent together with the COMMIT. 'alone' for an ask to replay in a transaction of its own: its child was
   * busy elsewhere (or does not exist), or the transaction failed before anything was written.
   */
  private async admitInOneTransaction(asks: readonly BookingAsk[]): Promise<(Settled<BookingEntity> | 'alone')[]> {
    const { actor, crecheId } = asks[0];
    const candidates = asks.map((a, i) => candidateOf(a.dto, `candidate-${i}`));
    const answers: (Settled<BookingEntity> | 'alone')[] = asks.map(() => 'alone');
    return PipelinedTransaction.run(this.dataSource, async (tx) => {
      const em = tx.manager;
      let admitted: { ask: number; insert: ReturnType<BookingsService['insertOf']> }[];
      try {
        // Sent in this order, run in this order: the children's bookings and contracts are read once the children
        // are locked (a contract committed meanwhile is seen, as in `admitAlone`), and the crèche is locked last.
        const [left, invoiced, situations, creche, scales, locked, booked, rates, planned] = await tx.begin([
          () =>
            this.householdsLeft.childrenWhoLeft(
              em,
              crecheId,
              asks.map((a) => a.dto.childId),
            ),
          () =>
            this.invoiced.monthsInvoicedToHouseholdsOf(
              em,
              crecheId,
              asks.map((a) => ({ childId: a.dto.childId, from: a.dto.date, to: a.dto.date })),
            ),
          () =>
            this.families.feeSituationsOfChildren(
              em,
              asks.map((a) => ({ childId: a.dto.childId, asOf: a.dto.date })),
            ),
          () => this.creches.careFeeFacts(crecheId, em),
          () => this.fees.scaleVersions(em),
          () =>
            this.families.lockFreeChildren(
              em,
              asks.map((a) => a.dto.childId),
            ),
          () => this.repo.alreadyBooked(em, asks.map(wantedOf)),
          () =>
            this.contractRates.ratesOn(
              em,
              crecheId,
              asks.map((a) => ({ childId: a.dto.childId, date: a.dto.date })),
            ),
          () => this.capacity.lockForAdmissions(em, { crecheId, candidates, planner: actor }),
        ]);
        // Not the planner's crèche: nothing else is said of it.
        if (!planned.context) return asks.map(() => ({ ok: false, error: crecheNotFound() }));
        const toDecide: number[] = [];
        const fees = new Map<number, Awaited<ReturnType<BookingsService['feeOf']>>>();
        for (const [i, ask] of asks.entries()) {
          if (!locked.has(ask.dto.childId)) continue;
          const reserved = this.reservedSlot(ask.dto, creche, rates[i]);
          if (left.has(ask.dto.childId)) answers[i] = { ok: false, error: childNotFound() };
          else if (invoiced[i].length) answers[i] = { ok: false, error: monthInvoiced(invoiced[i]) };
          else if (reserved) answers[i] = { ok: false, error: withinContract(reserved) };
          else {
            const fee = await this.feeOf(em, ask.dto, creche, situations[i], scales, rates[i]);
            if (!fee) answers[i] = { ok: false, error: noScaleOn(ask.dto.date) };
            else {
              fees.set(i, fee);
              toDecide.push(i);
            }
          }
        }
        // Checked as alone: capacity first, then whether the child is booked already (the insert's own check).
        const decisions = this.capacity.decideInOrder(
          planned,
          crecheId,
          toDecide.map((i) => ({ presence: candidates[i], counts: !booked[i] })),
        );
        admitted = [];
        decisions.forEach((refused, n) => {
          const i = toDecide[n];
          if (refused) answers[i] = { ok: false, error: refused };
          else if (booked[i]) answers[i] = { ok: false, error: alreadyBookedError() };
          else
            admitted.push({
              ask: i,
              insert: inContextOf(asks[i], () => this.insertOf(em, asks[i].actor, crecheId, asks[i].dto, fees.get(i)!)),
            });
        });
      } catch {
        return asks.map(() => 'alone' as const);
      }
      if (admitted.length === 0) return answers;
      let results: { id: string; created_at: Date }[][];
      try {
        results = await tx.commitWithAll<{ id: string; created_at: Date }>(
          admitted.map(({ insert }) => ({ statement: insert.statement, values: insert.values })),
        );
      } catch (err) {
        // PostgreSQL refused a statement or the COMMIT: nothing was written, each admitted one is replayed alone.
        // Without its answer (the connection lost), the outcome is unknown: the error is theirs.
        for (const { ask } of admitted) answers[ask] = sqlStateOf(err) ? 'alone' : { ok: false, error: err };
        return answers;
      }
      admitted.forEach(({ ask, insert }, n) => (answers[ask] = settleNow(() => insert.booking(results[n]))));
      return answers;
    });
  }

  /** The slot of the child's contract the booking falls in, if it does (its hours are billed by the contract). */
  private reservedSlot(
    dto: CreateBookingDto,
    creche: Awaited<ReturnType<CrechesService['careFeeFacts']>>,
    contract: ContractRate | null,
  ): { from: string; to: string } | null {
    if (!contract) return null;
    const day = dayOf(dto.date);
    // The closures its hours were reserved around (a day the crèche reopened since is not in its instalment).
    const closures = contract.reservedClosures ?? creche.closures;
    const closed =
      (!creche.opensOnPublicHolidays && this.holidays.between(day, day).size > 0) ||
      closures.some((c) => c.from <= dto.date && dto.date <= c.to);
    return contractSlotOverlapping(contract, dto.date, dto.from, dto.to, closed);
  }

  private feeOf(
    em: EntityManager,
    dto: CreateBookingDto,
    creche: Awaited<ReturnType<CrechesService['careFeeFacts']>>,
    situation: Awaited<ReturnType<FamiliesService['feeSituationOfChild']>>,
    scales: Awaited<ReturnType<FeesService['scaleVersions']>>,
    contractRate: ContractRate | null,
  ) {
    const minutes = minuteOf(dto.to) - minuteOf(dto.from);
    return this.fees.careFee(em, { date: dto.date, kind: dto.kind, minutes, creche, situation, contractRate }, scales);
  }

  private insertOf(
    em: EntityManager,
    actor: AuthUser,
    crecheId: string,
    dto: CreateBookingDto,
    fee: Awaited<ReturnType<BookingsService['feeOf']>>,
  ) {
    return this.repo.insertAuditedStatement(em, actor, {
      crecheId,
      childId: dto.childId,
      date: dto.date,
      fromMinute: minuteOf(dto.from),
      toMinute: minuteOf(dto.to),
      kind: dto.kind,
      createdBy: actor.id,
      hourlyRate: fee?.hourlyRate ?? null,
      billedMinutes: fee?.billedMinutes ?? null,
      amount: fee?.amount ?? null,
      feeTrace: fee ? [...fee.trace] : null,
      scaleId: fee?.scaleId ?? null,
    });
  }

  /** Cancels a booking (the row stays, for history) and frees its capacity. */
  async cancel(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const booking = await this.repo.findById(em, id);
      if (!booking) throw notFound();
      await this.access.assertCanPlan(em, actor, booking.crecheId, notFound);
      // Its child's attendance lock first, so a check-in at the same moment is seen (below).
      await this.attended.lockChild(em, booking.childId);
      // Its month invoiced, the invoice billed it and never changes: cancelling it would leave a cancelled booking
      // billed (the correction is a credit note, docs/rules.md#r88).
      const invoiced = await this.invoiced.monthsInvoicedToPayers(
        em,
        { crecheId: booking.crecheId, childId: booking.childId },
        booking.date,
        booking.date,
      );
      if (invoiced.length)
        throw new DomainError(
          'BOOKING.MONTH_INVOICED',
          `Le mois de cette réservation est déjà facturé (${frenchMonth(invoiced[0])}) : une facture émise ne change plus, corrigez-la par un avoir.`,
          { months: invoiced },
        );
      // A booking the child came to (at the crèche during its hours) took place: cancelled, those hours would be
      // counted attended and billed by no invoice (R8.9). One the child did not come to (another booking, the
      // contract's hours that day) is cancelled.
      const q = {
        crecheId: booking.crecheId,
        childId: booking.childId,
        date: booking.date,
        fromMinute: booking.fromMinute,
        toMinute: booking.toMinute,
      };
      if (await this.attended.attendedDuring(em, q))
        throw new DomainError(
          'BOOKING.ATTENDED',
          `L'enfant a été pointé présent le ${frenchDate(booking.date)} : cette réservation a eu lieu et sera facturée. Si l'enfant n'est pas venu, supprimez d'abord ce pointage.`,
          { date: booking.date },
        );
      if (!(await this.repo.cancel(em, id, actor.id)))
        throw new DomainError('BOOKING.ALREADY_CANCELLED', 'Cette réservation est déjà annulée.');
      await this.audit.record(em, {
        actor,
        action: 'booking.cancelled',
        subjectType: 'booking',
        subjectId: id,
        details: { crecheId: booking.crecheId },
      });
    });
  }
}

function notFound(): DomainError {
  return new DomainError('BOOKING.NOT_FOUND', 'Réservation introuvable.');
}

/** The answer for a child unknown to the crèche (the same as the capacity check's for a child that does not exist). */
function childNotFound(): DomainError {
  return new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
}

/** Bookings one planner asks of one crèche while an earlier batch of theirs there is being decided, at most. */
const MAX_BOOKINGS_DECIDED_TOGETHER = 32;

interface BookingAsk {
  readonly actor: AuthUser;
  readonly crecheId: string;
  readonly dto: CreateBookingDto;
  /** The request it came with: its audit event carries that request's id, whichever transaction writes it. */
  readonly context: RequestContext | undefined;
}

function candidateOf(dto: CreateBookingDto, id: string) {
  return { kind: dto.kind, id, day: dayOf(dto.date), from: minuteOf(dto.from), to: minuteOf(dto.to) } as const;
}

function wantedOf(ask: BookingAsk) {
  const { childId, date, from, to } = ask.dto;
  return { childId, date, fromMinute: minuteOf(from), toMinute: minuteOf(to) };
}

/**
 * The asks' indexes cut into consecutive runs where each child appears once: a child asked again starts the next
 * run, so every ask is still decided after those asked before it.
 */
export function runsOfDistinctChildren(asks: readonly { dto: { childId: string } }[]): number[][] {
  const runs: number[][] = [];
  let children = new Set<string>();
  asks.forEach((ask, i) => {
    if (runs.length === 0 || children.has(ask.dto.childId)) {
      runs.push([]);
      children = new Set();
    }
    children.add(ask.dto.childId);
    runs[runs.length - 1].push(i);
  });
  return runs;
}

/** Runs `work` in the request context the ask came with (none for a call outside a request). */
function inContextOf<R>(ask: BookingAsk, work: () => R): R {
  return ask.context ? requestContext.run(ask.context, work) : work();
}

/** Booked inside the child's own contract hours: they are in its instalment already (it would pay them twice). */
function withinContract(slot: { from: string; to: string }): DomainError {
  return new DomainError(
    'BOOKING.WITHIN_CONTRACT',
    `Cet enfant est déjà accueilli sous contrat de ${slot.from} à ${slot.to} ce jour-là : seules les heures en dehors du contrat se réservent.`,
    { contractSlot: slot },
  );
}

/** No scale version in force that day: the booking could not be priced, and a booking with no fee is never billed. */
function noScaleOn(date: string): DomainError {
  const message = `Aucun barème n'est en vigueur le ${date} : cette réservation ne peut pas être tarifée.`;
  return new DomainError('FEE.NO_SCALE', message, { date });
}

function monthInvoiced(months: readonly string[]): DomainError {
  // A household's month is invoiced once: a booking there would never be billed.
  return new DomainError(
    'BOOKING.MONTH_INVOICED',
    `Le mois de cette réservation est déjà facturé à ce foyer (${frenchMonth(months[0])}) : elle n'y serait jamais facturée.`,
    { months },
  );
}

async function settle<R>(run: () => Promise<R>): Promise<Settled<R>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function settleNow<R>(run: () => R): Settled<R> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}
