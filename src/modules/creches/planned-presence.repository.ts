import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Day, dayOf, isoOf, minuteOf, Weekday } from './domain/calendar';
import type { Presence } from './domain/presence';

interface ContractRow {
  id: string;
  start_date: string;
  end_date: string;
  schedule: { weekday: number; from: string; to: string }[];
}
interface BookingRow {
  id: string;
  date: string;
  from_minute: number;
  to_minute: number;
  kind: 'OCCASIONAL' | 'EMERGENCY';
}

/** Reads a crèche's planned presences (contracts and live bookings) over a period, in two queries. */
@Injectable()
export class PlannedPresenceRepository {
  async load(em: EntityManager, crecheId: string, from: Day, to: Day, opts: { excludeContractId?: string } = {}): Promise<Presence[]> {
    // One after the other: a transaction's connection runs one query at a time.
    const contracts: ContractRow[] = await em.query(
        `SELECT id, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, schedule
           FROM contracts WHERE creche_id = $1 AND start_date <= $3 AND end_date >= $2 AND id <> COALESCE($4::uuid, '00000000-0000-0000-0000-000000000000')`,
        [crecheId, isoOf(from), isoOf(to), opts.excludeContractId ?? null],
    );
    const bookings: BookingRow[] = await em.query(
        `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, from_minute, to_minute, kind
           FROM bookings WHERE creche_id = $1 AND cancelled_at IS NULL AND date BETWEEN $2 AND $3`,
        [crecheId, isoOf(from), isoOf(to)],
    );
    return [
      ...contracts.map((c): Presence => ({
        kind: 'REGULAR',
        id: c.id,
        start: dayOf(c.start_date),
        end: dayOf(c.end_date),
        slots: c.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) })),
      })),
      ...bookings.map((b): Presence => ({ kind: b.kind, id: b.id, day: dayOf(b.date), from: b.from_minute, to: b.to_minute })),
    ];
  }
}
