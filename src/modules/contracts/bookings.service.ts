import { frenchMonth } from '../../common/text/french-dates';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
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
import { KeyedBatcher, Settled } from '../../common/concurrency/keyed-batcher';

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
  ) {}

  /**
   * Bookings asked at the same time of one crèche by one planner are decided together (`admitTogether`): one
   * transaction locks the crèche once for all of them. Asked alone, a booking goes at once, alone (`admitAlone`).
   */
  private readonly admissions = new KeyedBatcher<BookingAsk, BookingEntity>(
    (_key, asks) => this.admitTogether(asks),
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
    return this.admissions.submit(`${crecheId} ${actor.id}`, { actor, crecheId, dto });
  }

  /**
   * A child asked twice in one go is decided in a later transaction (its own locks then see the first booking);
   * the others together. A transaction for several that fails before its COMMIT is sent (nothing written) is run
   * again one booking at a time, so that what made it fail is answered to that booking alone.
   */
  private async admitTogether(asks: readonly BookingAsk[]): Promise<Settled<BookingEntity>[]> {
    const answers: Settled<BookingEntity>[] = new Array(asks.length);
    for (const round of roundsOfDistinctChildren(asks)) {
      const together =
        round.length > 1 ? await settle(() => this.admitInOneTransaction(round.map((i) => asks[i]))) : undefined;
      // The COMMIT failed, or its answer was lost: whether anything was written is unknown, so nothing is retried.
      if (together?.ok === false) {
        for (const i of round) answers[i] = together;
        continue;
      }
      if (together && together.value !== 'alone') {
        const values = together.value;
        round.forEach((i, n) => (answers[i] = values[n]));
        continue;
      }
      for (const i of round) answers[i] = await settle(() => this.admitAlone(asks[i]));
    }
    return answers;
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
      // planned are read in the same batch (last: the crèche stays locked from there to the COMMIT).
      const [invoiced, creche, situation, scales, locked] = await tx.begin([
        () => this.invoiced.monthsInvoicedToPayers(em, { crecheId, childId: dto.childId }, dto.date, dto.date),
        () => this.creches.careFeeFacts(crecheId, em),
        () => this.families.feeSituationOfChild(em, dto.childId, dto.date),
        () => this.fees.scaleVersions(em),
        () => this.capacity.lockForAdmission(em, admission),
      ]);
      // Not the planner's crèche: nothing else is said of it (not even whether the month is invoiced).
      if (!locked.context) throw crecheNotFound();
      if (invoiced.length) throw monthInvoiced(invoiced);
      const fee = await this.feeOf(em, dto, creche, situation, scales);
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
   * `admitAlone` for each, sent in one write with the BEGIN; then the children locked in id order, whether each is
   * booked already at those hours, and the crèche locked with what is planned over all their weeks; each decided in
   * turn against what is planned and the ones admitted before it; the inserts sent together with the COMMIT.
   * 'alone' when the transaction failed before its COMMIT was sent: nothing was written.
   */
  private async admitInOneTransaction(asks: readonly BookingAsk[]): Promise<Settled<BookingEntity>[] | 'alone'> {
    const { actor, crecheId } = asks[0];
    const candidates = asks.map((a, i) => candidateOf(a.dto, `candidate-${i}`));
    const childIds = asks.map((a) => a.dto.childId).sort();
    return PipelinedTransaction.run(this.dataSource, async (tx) => {
      const em = tx.manager;
      let inserts: { ask: number; insert: ReturnType<BookingsService['insertOf']> }[];
      const answers: Settled<BookingEntity>[] = new Array(asks.length);
      try {
        // Sent in this order, run in this order: the children's bookings are read once the children are locked.
        const [invoiced, situations, creche, scales, found, booked, locked] = await tx.begin([
          () =>
            Promise.all(
              asks.map((a) =>
                this.invoiced.monthsInvoicedToPayers(em, { crecheId, childId: a.dto.childId }, a.dto.date, a.dto.date),
              ),
            ),
          () => Promise.all(asks.map((a) => this.families.feeSituationOfChild(em, a.dto.childId, a.dto.date))),
          () => this.creches.careFeeFacts(crecheId, em),
          () => this.fees.scaleVersions(em),
          () => this.families.lockChildren(em, childIds),
          () => this.repo.alreadyBooked(em, asks.map(wantedOf)),
          () => this.capacity.lockForAdmissions(em, { crecheId, childId: childIds[0], candidates, planner: actor }),
        ]);
        if (!locked.context) return asks.map(() => ({ ok: false, error: crecheNotFound() }));
        const toDecide: number[] = [];
        const fees = new Map<number, Awaited<ReturnType<BookingsService['feeOf']>>>();
        for (const [i, ask] of asks.entries()) {
          const refused = !found.has(ask.dto.childId)
            ? new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.')
            : invoiced[i].length
              ? monthInvoiced(invoiced[i])
              : booked[i]
                ? alreadyBookedError()
                : null;
          if (refused) answers[i] = { ok: false, error: refused };
          else {
            fees.set(i, await this.feeOf(em, ask.dto, creche, situations[i], scales));
            toDecide.push(i);
          }
        }
        const decisions = this.capacity.decideInOrder(
          locked,
          crecheId,
          toDecide.map((i) => candidates[i]),
        );
        inserts = [];
        decisions.forEach((refused, n) => {
          const i = toDecide[n];
          if (refused) answers[i] = { ok: false, error: refused };
          else inserts.push({ ask: i, insert: this.insertOf(em, asks[i].actor, crecheId, asks[i].dto, fees.get(i)!) });
        });
      } catch {
        return 'alone';
      }
      if (inserts.length === 0) return answers;
      const results = await tx.commitWithAll<{ id: string; created_at: Date }>(
        inserts.map(({ insert }) => ({ statement: insert.statement, values: insert.values })),
      );
      inserts.forEach(({ ask, insert }, n) => (answers[ask] = settleNow(() => insert.booking(results[n]))));
      return answers;
    });
  }

  private feeOf(
    em: EntityManager,
    dto: CreateBookingDto,
    creche: Awaited<ReturnType<CrechesService['careFeeFacts']>>,
    situation: Awaited<ReturnType<FamiliesService['feeSituationOfChild']>>,
    scales: Awaited<ReturnType<FeesService['scaleVersions']>>,
  ) {
    const minutes = minuteOf(dto.to) - minuteOf(dto.from);
    return this.fees.careFee(em, { date: dto.date, kind: dto.kind, minutes, creche, situation }, scales);
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
    });
  }

  /** Cancels a booking (the row stays, for history) and frees its capacity. */
  async cancel(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const booking = await this.repo.findById(em, id);
      if (!booking) throw notFound();
      await this.access.assertCanPlan(em, actor, booking.crecheId, notFound);
      if (!(await this.repo.cancel(em, id, actor.id)))
        throw new DomainError('BOOKING.ALREADY_CANCELLED', 'This booking is already cancelled.');
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

/** Bookings one planner asks of one crèche while an earlier batch of theirs there is being decided, at most. */
const MAX_BOOKINGS_DECIDED_TOGETHER = 32;

interface BookingAsk {
  readonly actor: AuthUser;
  readonly crecheId: string;
  readonly dto: CreateBookingDto;
}

function candidateOf(dto: CreateBookingDto, id: string) {
  return { kind: dto.kind, id, day: dayOf(dto.date), from: minuteOf(dto.from), to: minuteOf(dto.to) } as const;
}

function wantedOf(ask: BookingAsk) {
  const { childId, date, from, to } = ask.dto;
  return { childId, date, fromMinute: minuteOf(from), toMinute: minuteOf(to) };
}

/**
 * The asks' indexes in rounds where each child appears once, in the order asked: a child's second booking is
 * decided after its first, in a transaction of its own that sees it.
 */
export function roundsOfDistinctChildren(asks: readonly { dto: { childId: string } }[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  asks.forEach((ask, i) => {
    const round = seen.get(ask.dto.childId) ?? 0;
    seen.set(ask.dto.childId, round + 1);
    (rounds[round] ??= []).push(i);
  });
  return rounds;
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
