import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { queryPrepared } from '../../common/db/prepared-query';
import { returningRows, selectRows } from '../../common/db/rows';
import { DomainError } from '../../common/errors/domain-error';
import { auditInsertFrom, auditParams } from '../audit/audit.service';
import { BookingEntity } from './entities/booking.entity';

/**
 * The booking and its audit event in one statement; no row when the child already has a live booking at
 * overlapping hours that day (checked under the child's lock).
 */
const INSERT_BOOKING_UNLESS_BOOKED = {
  name: 'insert_booking_unless_booked',
  text: `WITH booking AS (
           INSERT INTO bookings (creche_id, child_id, date, from_minute, to_minute, kind, created_by,
                                 hourly_rate, billed_minutes, amount, fee_trace, scale_id)
           SELECT $1::uuid, $2::uuid, $3::date, $4::int, $5::int, $6::text, $7::uuid,
                  $8::numeric, $9::int, $10::numeric, $11::jsonb, $12::uuid
            WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE child_id = $2 AND date = $3 AND cancelled_at IS NULL AND from_minute < $5 AND to_minute > $4)
           RETURNING id, created_at),
         audited AS (${auditInsertFrom('booking', 13)})
         SELECT id, created_at FROM booking`,
};

/**
 * For each wanted booking (arrays of the same length, in order), whether its child already has a live booking at
 * overlapping hours that day: the insert's own check, read first for admissions decided together (under the
 * children's locks), so that one refused for it is not counted against the others.
 */
const ALREADY_BOOKED = {
  name: 'bookings_already_booked',
  text: `SELECT EXISTS (SELECT 1 FROM bookings b
                    WHERE b.child_id = w.child_id AND b.date = w.day AND b.cancelled_at IS NULL
                      AND b.from_minute < w.to_minute AND b.to_minute > w.from_minute) AS booked
           FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[]) WITH ORDINALITY
                AS w(child_id, day, from_minute, to_minute, n)
          ORDER BY w.n`,
};

type NewBooking = Pick<
  BookingEntity,
  | 'crecheId'
  | 'childId'
  | 'date'
  | 'fromMinute'
  | 'toMinute'
  | 'kind'
  | 'createdBy'
  | 'hourlyRate'
  | 'billedMinutes'
  | 'amount'
  | 'feeTrace'
  | 'scaleId'
>;

/**
 * The SQL of `bookings`, owned by the contracts module. The admission's insert also writes its audit event, in the
 * same statement, through the fragment the audit module provides (the hot path: one round trip).
 */
@Injectable()
export class BookingsRepository {
  findById(em: EntityManager, id: string): Promise<BookingEntity | null> {
    return em.findOne(BookingEntity, { where: { id } });
  }

  /** Cancels a live booking; false if it was already cancelled. */
  async cancel(em: EntityManager, id: string, by: string): Promise<boolean> {
    const rows = await returningRows(
      em,
      `UPDATE bookings SET cancelled_at = now(), cancelled_by = $2 WHERE id = $1 AND cancelled_at IS NULL RETURNING id`,
      [id, by],
    );
    return rows.length > 0;
  }

  /** The child's live bookings at the crèche between two days (a contract about to be signed over them). */
  liveOfChildBetween(
    em: EntityManager,
    childId: string,
    crecheId: string,
    from: string,
    to: string,
  ): Promise<{ id: string; date: string; fromMinute: number; toMinute: number }[]> {
    return selectRows(
      em,
      `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, from_minute, to_minute FROM bookings
        WHERE child_id = $1 AND creche_id = $2 AND cancelled_at IS NULL AND date BETWEEN $3 AND $4
        ORDER BY date, from_minute`,
      [childId, crecheId, from, to],
    );
  }

  /** See ALREADY_BOOKED: one answer per wanted booking, in order. */
  async alreadyBooked(
    em: EntityManager,
    wanted: readonly { childId: string; date: string; fromMinute: number; toMinute: number }[],
  ): Promise<boolean[]> {
    const rows = await queryPrepared<{ booked: boolean }>(em, ALREADY_BOOKED, [
      wanted.map((w) => w.childId),
      wanted.map((w) => w.date),
      wanted.map((w) => w.fromMinute),
      wanted.map((w) => w.toMinute),
    ]);
    return rows.map((r) => r.booked);
  }

  async insertAudited(em: EntityManager, actor: AuthUser, b: NewBooking): Promise<BookingEntity> {
    const insert = this.insertAuditedStatement(em, actor, b);
    return insert.booking(await queryPrepared(em, insert.statement, insert.values));
  }

  /**
   * The same insert as a prepared statement and its values, for a caller that sends it itself (with its
   * transaction's COMMIT: `PipelinedTransaction.commitWith`); `booking` reads its answer.
   */
  insertAuditedStatement(em: EntityManager, actor: AuthUser, b: NewBooking) {
    const audit = auditParams({
      actor,
      action: 'booking.created',
      subjectType: 'booking',
      details: { crecheId: b.crecheId, date: b.date, kind: b.kind },
    });
    const values = [
      b.crecheId,
      b.childId,
      b.date,
      b.fromMinute,
      b.toMinute,
      b.kind,
      b.createdBy,
      b.hourlyRate,
      b.billedMinutes,
      b.amount,
      b.feeTrace === null ? null : JSON.stringify(b.feeTrace),
      b.scaleId,
      ...audit,
    ];
    const booking = (rows: readonly { id: string; created_at: Date }[]): BookingEntity => {
      if (rows.length === 0) throw alreadyBookedError();
      return em.create(BookingEntity, {
        ...b,
        id: rows[0].id,
        createdAt: rows[0].created_at,
        cancelledAt: null,
        cancelledBy: null,
      });
    };
    return { statement: INSERT_BOOKING_UNLESS_BOOKED, values, booking };
  }
}

/** A child's second live booking at overlapping hours the same day. */
export function alreadyBookedError(): DomainError {
  return new DomainError('CAPACITY.FULL', 'This child is already booked at that time.', { conflicts: [] });
}
