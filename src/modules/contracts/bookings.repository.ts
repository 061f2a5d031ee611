import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { queryPrepared } from '../../common/db/prepared-query';
import { returningRows } from '../../common/db/rows';
import { DomainError } from '../../common/errors/domain-error';
import { auditInsertFrom, auditParams } from '../audit/audit.service';
import { BookingEntity } from './entities/booking.entity';
import type { PresenceRow } from '../creches/capacity.service';

/**
 * The booking and its audit event in one statement; no row when the child already has a live booking at
 * overlapping hours that day (checked under the child's lock).
 */
const INSERT_BOOKING_UNLESS_BOOKED = {
  name: 'insert_booking_unless_booked',
  text: `WITH booking AS (
           INSERT INTO bookings (creche_id, child_id, date, from_minute, to_minute, kind, created_by,
                                 hourly_rate, billed_minutes, amount, fee_trace)
           SELECT $1::uuid, $2::uuid, $3::date, $4::int, $5::int, $6::text, $7::uuid,
                  $8::numeric, $9::int, $10::numeric, $11::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE child_id = $2 AND date = $3 AND cancelled_at IS NULL AND from_minute < $5 AND to_minute > $4)
           RETURNING id, created_at),
         audited AS (${auditInsertFrom('booking', 12)})
         SELECT id, created_at FROM booking`,
};

/**
 * The booking decided and written in one statement (issue #18): `admit_booking` (migration AdmitBookingInOneStatement)
 * locks the child and the crèche and answers; the booking and its audit event are inserted only on FITS. The
 * statement commits on its own: the crèche stays locked for it and its commit, with no trip through Node.
 */
const ADMIT_AND_INSERT_BOOKING = {
  name: 'admit_and_insert_booking',
  text: `WITH admit AS (
           SELECT * FROM admit_booking($1::uuid, $12::uuid, $2::uuid, $3::date, $4::int, $5::int, $13::text, $14::text,
                                       $15::int[], $16::int[], $17::int[], $18::date[], $19::int, $20::date, $21::date)),
         booking AS (
           INSERT INTO bookings (creche_id, child_id, date, from_minute, to_minute, kind, created_by,
                                 hourly_rate, billed_minutes, amount, fee_trace)
           SELECT $1::uuid, $2::uuid, $3::date, $4::int, $5::int, $6::text, $7::uuid,
                  $8::numeric, $9::int, $10::numeric, $11::jsonb
             FROM admit WHERE admit.outcome = 'FITS'
           RETURNING id, created_at),
         audited AS (${auditInsertFrom('booking', 22)})
         SELECT admit.outcome, admit.presences, booking.id, booking.created_at FROM admit LEFT JOIN booking ON true`,
};

/** What `admit_booking` is asked: who plans, the versions read before, and the limits (`CapacityService.bookingCheck`). */
export interface BookingAdmission {
  readonly managerId: string | null;
  readonly crecheVersion: string;
  readonly situationStamp: string;
  /** Null when the rules alone refuse the booking (closed, outside the opening hours): REFUSED under the locks. */
  readonly segments: readonly { from: number; to: number; limit: number }[] | null;
  readonly days: readonly string[];
  readonly weekCapacity: number | null;
  readonly weekFrom: string;
  readonly weekTo: string;
}

/** `admit_booking`'s answer; `booking` only on FITS, `planned` (the week's presences) only on REFUSED. */
export type AdmissionOutcome =
  | { readonly outcome: 'FITS'; readonly booking: BookingEntity }
  | { readonly outcome: 'REFUSED'; readonly planned: PresenceRow[] }
  | { readonly outcome: 'NO_CRECHE' | 'NO_CHILD' | 'STALE' | 'CHILD_BOOKED' };

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

  async insertAudited(em: EntityManager, actor: AuthUser, b: NewBooking): Promise<BookingEntity> {
    const insert = this.insertAuditedStatement(em, actor, b);
    return insert.booking(await queryPrepared(em, insert.statement, insert.values));
  }

  /** See ADMIT_AND_INSERT_BOOKING: one statement, outside any transaction, on the caller's connection. */
  async admitAndInsert(
    em: EntityManager,
    actor: AuthUser,
    b: NewBooking,
    admission: BookingAdmission,
  ): Promise<AdmissionOutcome> {
    const insert = this.insertAuditedStatement(em, actor, b);
    const values = [
      ...insert.values.slice(0, 11),
      admission.managerId,
      admission.crecheVersion,
      admission.situationStamp,
      admission.segments?.map((g) => g.from) ?? null,
      admission.segments?.map((g) => g.to) ?? null,
      admission.segments?.map((g) => g.limit) ?? null,
      admission.days,
      admission.weekCapacity,
      admission.weekFrom,
      admission.weekTo,
      ...insert.values.slice(11),
    ];
    const [row] = await queryPrepared<{
      outcome: AdmissionOutcome['outcome'];
      presences: PresenceRow[] | null;
      id: string | null;
      created_at: Date | null;
    }>(em, ADMIT_AND_INSERT_BOOKING, values);
    if (row.outcome === 'FITS') return { outcome: 'FITS', booking: insert.booking([row as { id: string; created_at: Date }]) };
    if (row.outcome === 'REFUSED') return { outcome: 'REFUSED', planned: row.presences ?? [] };
    return { outcome: row.outcome };
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
      ...audit,
    ];
    const booking = (rows: readonly { id: string; created_at: Date }[]): BookingEntity => {
      if (rows.length === 0) throw childAlreadyBooked();
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

/** The child's own clash: a live booking at overlapping hours that day (409, no capacity conflict to list). */
export function childAlreadyBooked(): DomainError {
  return new DomainError('CAPACITY.FULL', 'This child is already booked at that time.', { conflicts: [] });
}
