import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { queryPrepared } from '../../common/db/prepared-query';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService, auditInsertFrom, auditParams } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, minuteOf } from '../creches/domain/calendar';
import type { CreateBookingDto } from './dto/contract.dto';
import { BookingEntity } from './entities/booking.entity';

@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
  ) {}

  /**
   * An occasional or emergency booking, through the same locked admission path as contracts (child and crèche
   * locked); the insert itself refuses a second booking of the child at overlapping hours.
   */
  async create(actor: AuthUser, crecheId: string, dto: CreateBookingDto): Promise<BookingEntity> {
    const from = minuteOf(dto.from);
    const to = minuteOf(dto.to);
    return this.dataSource.transaction((em) =>
      this.capacity.admit(em, {
        crecheId,
        childId: dto.childId,
        planner: actor,
        candidate: { kind: dto.kind, id: 'candidate', day: dayOf(dto.date), from, to },
        insert: () => insertAudited(em, actor, { crecheId, childId: dto.childId, date: dto.date, fromMinute: from, toMinute: to, kind: dto.kind, createdBy: actor.id }),
      }),
    );
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

/**
 * The booking and its audit event in one statement; no row when the child already has a live booking at
 * overlapping hours that day (checked under the child's lock).
 */
const INSERT_BOOKING_UNLESS_BOOKED = {
  name: 'insert_booking_unless_booked',
  text: `WITH booking AS (
           INSERT INTO bookings (creche_id, child_id, date, from_minute, to_minute, kind, created_by)
           SELECT $1::uuid, $2::uuid, $3::date, $4::int, $5::int, $6::text, $7::uuid
            WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE child_id = $2 AND date = $3 AND cancelled_at IS NULL AND from_minute < $5 AND to_minute > $4)
           RETURNING id, created_at),
         audited AS (${auditInsertFrom('booking', 8)})
         SELECT id, created_at FROM booking`,
};

type NewBooking = Pick<BookingEntity, 'crecheId' | 'childId' | 'date' | 'fromMinute' | 'toMinute' | 'kind' | 'createdBy'>;

async function insertAudited(em: EntityManager, actor: AuthUser, b: NewBooking): Promise<BookingEntity> {
  const audit = auditParams({ actor, action: 'booking.created', subjectType: 'booking', details: { crecheId: b.crecheId, date: b.date, kind: b.kind } });
  const rows = await queryPrepared<{ id: string; created_at: Date }>(em, INSERT_BOOKING_UNLESS_BOOKED, [
    b.crecheId, b.childId, b.date, b.fromMinute, b.toMinute, b.kind, b.createdBy, ...audit,
  ]);
  if (rows.length === 0) throw new DomainError('CAPACITY.FULL', 'This child is already booked at that time.', { conflicts: [] });
  return em.create(BookingEntity, { ...b, id: rows[0].id, createdAt: rows[0].created_at, cancelledAt: null, cancelledBy: null });
}

function notFound(): DomainError {
  return new DomainError('BOOKING.NOT_FOUND', 'Réservation introuvable.');
}
