import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { BookingsRepository, childAlreadyBooked } from './bookings.repository';
import { FeesService } from '../fees/fees.service';
import { CrechesService } from '../creches/creches.service';
import { FamiliesService } from '../families/families.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess, notFound as crecheNotFound } from '../creches/creche-access';
import type { OccasionalFee } from '../fees/domain/occasional-fee';
import { dayOf, isoOf, minuteOf } from '../../common/time/calendar';
import type { CreateBookingDto } from './dto/contract.dto';
import { BookingEntity } from './entities/booking.entity';
import { PipelinedTransaction } from '../../common/db/pipelined-transaction';

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
  ) {}

  /**
   * An occasional or emergency booking, through the same capacity engine as contracts, under the child's and the
   * crèche's locks. Two round trips (issue #18): the reads the decision rests on, sent in one write (the crèche's
   * rules and billing facts with its version, the household's situation with its stamp, the stamp of the fee scales
   * held in memory); then one statement that locks, checks that those reads still hold, counts what is planned
   * against the limits worked out here from the rules, and inserts the booking with its audit event
   * (`admit_booking`). The crèche stays locked for that statement and its commit only: no trip through Node while
   * every other admission to it waits. A refusal (by the rules alone, or by the count) gets the engine's conflicts
   * from the presences the statement read under the lock. When the reads are stale, or the database refuses what the
   * engine would admit, the booking takes the locked path (`createLocked`).
   */
  async create(actor: AuthUser, crecheId: string, dto: CreateBookingDto): Promise<BookingEntity> {
    const from = minuteOf(dto.from);
    const to = minuteOf(dto.to);
    const candidate = { kind: dto.kind, id: 'candidate', day: dayOf(dto.date), from, to } as const;
    return PipelinedTransaction.run(this.dataSource, async (tx) => {
      const em = tx.manager;
      const [facts, household, scales] = await tx.reads([
        () => this.creches.bookingFacts(crecheId, em),
        () => this.families.stampedFeeSituationOfChild(em, dto.childId, dto.date),
        () => this.fees.scaleVersions(em),
      ]);
      // No such crèche or child: the locked path answers which, in the order it checks them.
      if (!facts || !household) return this.createLocked(tx, actor, crecheId, dto);
      const { limits, weekFrom, weekTo } = this.capacity.bookingCheck(facts.rules, candidate);
      const fee = await this.fees.careFee(
        em,
        { date: dto.date, kind: dto.kind, minutes: to - from, creche: facts.fee, situation: household.situation },
        scales,
      );
      const answer = await this.repo.admitAndInsert(em, actor, this.newBooking(actor, crecheId, dto, fee), {
        managerId: this.capacity.plannerId(actor),
        crecheVersion: facts.version,
        situationStamp: household.stamp,
        segments: limits?.segments ?? null,
        days: (limits?.days ?? []).map(isoOf),
        weekCapacity: limits?.weekCapacity ?? null,
        weekFrom: isoOf(weekFrom),
        weekTo: isoOf(weekTo),
      });
      switch (answer.outcome) {
        case 'FITS':
          return answer.booking;
        case 'NO_CRECHE':
          throw crecheNotFound();
        case 'NO_CHILD':
          throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
        case 'CHILD_BOOKED':
          throw childAlreadyBooked();
        case 'REFUSED':
          this.capacity.confirmRefusal(facts.rules, candidate, answer.planned);
          return this.createLocked(tx, actor, crecheId, dto);
        case 'STALE':
          return this.createLocked(tx, actor, crecheId, dto);
      }
    });
  }

  /**
   * The locked path: one transaction whose reads go out with its BEGIN (the crèche's billing facts, the household's
   * situation, the stamp of the fee scales, then the locks and what is planned), the engine's decision in Node, and
   * the insert sent with the COMMIT.
   */
  private async createLocked(
    tx: PipelinedTransaction,
    actor: AuthUser,
    crecheId: string,
    dto: CreateBookingDto,
  ): Promise<BookingEntity> {
    const em = tx.manager;
    const from = minuteOf(dto.from);
    const to = minuteOf(dto.to);
    const candidate = { kind: dto.kind, id: 'candidate', day: dayOf(dto.date), from, to } as const;
    const admission = { crecheId, childId: dto.childId, planner: actor, candidate };
    // The fee is fixed when booked, from the household's declared situation that day; the locks and what is
    // planned are read in the same batch (last: the crèche stays locked from there to the COMMIT).
    const [creche, situation, scales, locked] = await tx.begin([
      () => this.creches.careFeeFacts(crecheId, em),
      () => this.families.feeSituationOfChild(em, dto.childId, dto.date),
      () => this.fees.scaleVersions(em),
      () => this.capacity.lockForAdmission(em, admission),
    ]);
    const fee = await this.fees.careFee(
      em,
      { date: dto.date, kind: dto.kind, minutes: to - from, creche, situation },
      scales,
    );
    return this.capacity.decide(locked, {
      ...admission,
      insert: async () => {
        const insert = this.repo.insertAuditedStatement(em, actor, this.newBooking(actor, crecheId, dto, fee));
        return insert.booking(await tx.commitWith(insert.statement, insert.values));
      },
    });
  }

  private newBooking(actor: AuthUser, crecheId: string, dto: CreateBookingDto, fee: OccasionalFee | null) {
    return {
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
    };
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
