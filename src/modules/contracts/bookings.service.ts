import { frenchMonth } from '../../common/text/french-dates';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { BookingsRepository } from './bookings.repository';
import { FeesService } from '../fees/fees.service';
import { CrechesService } from '../creches/creches.service';
import { FamiliesService } from '../families/families.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, minuteOf } from '../../common/time/calendar';
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
    private readonly invoiced: InvoicedMonthsReadModel,
  ) {}

  /**
   * An occasional or emergency booking, through the same locked admission path as contracts (child and crèche
   * locked); the insert itself refuses a second booking of the child at overlapping hours. Two round trips where
   * there were nine statements one after the other: the reads, one prepared statement each, sent in one write with
   * the transaction's BEGIN (the crèche's billing facts, the household's situation, the stamp of the fee scales held
   * in memory, then the locks and what is planned); the insert, sent with the COMMIT (the crèche stays locked for
   * that one round trip). Each write to PostgreSQL costs a system call and a wake-up on both sides (issue #18).
   */
  async create(actor: AuthUser, crecheId: string, dto: CreateBookingDto): Promise<BookingEntity> {
    const from = minuteOf(dto.from);
    const to = minuteOf(dto.to);
    const candidate = { kind: dto.kind, id: 'candidate', day: dayOf(dto.date), from, to } as const;
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
      // A household's month is invoiced once: a booking there would never be billed.
      if (invoiced.length)
        throw new DomainError(
          'BOOKING.MONTH_INVOICED',
          `Le mois de cette réservation est déjà facturé à ce foyer (${frenchMonth(invoiced[0])}) : elle n'y serait jamais facturée.`,
          { months: invoiced },
        );
      const fee = await this.fees.careFee(
        em,
        { date: dto.date, kind: dto.kind, minutes: to - from, creche, situation },
        scales,
      );
      return this.capacity.decide(locked, {
        ...admission,
        insert: async () => {
          const insert = this.repo.insertAuditedStatement(em, actor, {
            crecheId,
            childId: dto.childId,
            date: dto.date,
            fromMinute: from,
            toMinute: to,
            kind: dto.kind,
            createdBy: actor.id,
            hourlyRate: fee?.hourlyRate ?? null,
            billedMinutes: fee?.billedMinutes ?? null,
            amount: fee?.amount ?? null,
            feeTrace: fee ? [...fee.trace] : null,
          });
          return insert.booking(await tx.commitWith(insert.statement, insert.values));
        },
      });
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
