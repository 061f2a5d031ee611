import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, minuteOf } from '../creches/domain/calendar';
import type { CreateBookingDto } from './dto/contract.dto';
import { BookingEntity } from './entities/booking.entity';
import { lockChild } from './planning-guards';

@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
  ) {}

  /** An occasional or emergency booking, through the same locked admission path as contracts. */
  async create(actor: AuthUser, crecheId: string, dto: CreateBookingDto): Promise<BookingEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      await lockChild(em, dto.childId);
      const from = minuteOf(dto.from);
      const to = minuteOf(dto.to);
      const clash: unknown[] = await em.query(
        `SELECT 1 FROM bookings WHERE child_id = $1 AND date = $2 AND cancelled_at IS NULL AND from_minute < $4 AND to_minute > $3`,
        [dto.childId, dto.date, from, to],
      );
      if (clash.length) throw new DomainError('CAPACITY.FULL', 'This child is already booked at that time.', { conflicts: [] });
      const booking = await this.capacity.admit(em, crecheId, { kind: dto.kind, id: 'candidate', day: dayOf(dto.date), from, to }, async () => {
        const result = await em
          .createQueryBuilder()
          .insert()
          .into(BookingEntity)
          .values({ crecheId, childId: dto.childId, date: dto.date, fromMinute: from, toMinute: to, kind: dto.kind, createdBy: actor.id })
          .returning('*')
          .execute();
        return em.create(BookingEntity, { crecheId, childId: dto.childId, date: dto.date, fromMinute: from, toMinute: to, kind: dto.kind, createdBy: actor.id, id: result.raw[0].id, createdAt: result.raw[0].created_at, cancelledAt: null });
      });
      await this.audit.record(em, { actor, action: 'booking.created', subjectType: 'booking', subjectId: booking.id, details: { crecheId, date: dto.date, kind: dto.kind } });
      return booking;
    });
  }

  /** Cancels a booking (the row stays, for history) and frees its capacity. */
  async cancel(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const booking = await em.findOne(BookingEntity, { where: { id } });
      if (!booking) throw notFound();
      await this.access.assertCanPlan(em, actor, booking.crecheId, notFound);
      const result = await em.query(
        `UPDATE bookings SET cancelled_at = now(), cancelled_by = $2 WHERE id = $1 AND cancelled_at IS NULL RETURNING id`,
        [id, actor.id],
      );
      if (result[1] === 0 || result[0]?.length === 0) throw new DomainError('BOOKING.ALREADY_CANCELLED', 'This booking is already cancelled.');
      await this.audit.record(em, { actor, action: 'booking.cancelled', subjectType: 'booking', subjectId: id, details: { crecheId: booking.crecheId } });
    });
  }
}

function notFound(): DomainError {
  return new DomainError('BOOKING.NOT_FOUND', 'Réservation introuvable.');
}
