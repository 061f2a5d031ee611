import { Injectable } from '@nestjs/common';
import { slotsOf } from './domain/schedule';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../../common/db/prepared-query';
import { Day, dayOf, isoOf } from '../../common/time/calendar';
import type { Presence } from './domain/presence';

/** A contract, an open offer or a live booking, as a row of `planned_presences` (migration OpenOffersHoldPlaces). */
export interface PresenceRow {
  id: string;
  kind: 'REGULAR' | 'OCCASIONAL' | 'EMERGENCY';
  start_date: string;
  end_date: string;
  schedule: { weekday: number; from: string; to: string }[] | null;
  from_minute: number | null;
  to_minute: number | null;
}

const LOAD_PRESENCES = { name: 'load_planned_presences', text: `SELECT * FROM planned_presences($1, $2, $3, $4)` };

/**
 * The same over several periods at once (`$2`/`$3`, from and to of each), each contract or open offer once however
 * many of the periods it runs over.
 */
const LOAD_PRESENCES_OVER = {
  name: 'load_planned_presences_over',
  text: `SELECT DISTINCT ON (p.id) p.*
           FROM unnest($2::date[], $3::date[]) AS r(from_day, to_day)
          CROSS JOIN LATERAL planned_presences($1, r.from_day, r.to_day, NULL) p
          ORDER BY p.id`,
};

/** Reads a crèche's planned presences (contracts, open offers, live bookings) over a period, in one statement. */
@Injectable()
export class PlannedPresenceRepository {
  async load(
    em: EntityManager,
    crecheId: string,
    from: Day,
    to: Day,
    opts: { excludeContractId?: string } = {},
  ): Promise<Presence[]> {
    const rows = await queryPrepared<PresenceRow>(em, LOAD_PRESENCES, [
      crecheId,
      isoOf(from),
      isoOf(to),
      opts.excludeContractId ?? null,
    ]);
    return presencesOf(rows);
  }

  /** What is planned over several periods at once (see LOAD_PRESENCES_OVER). */
  async loadOver(em: EntityManager, crecheId: string, periods: readonly { from: Day; to: Day }[]): Promise<Presence[]> {
    const rows = await queryPrepared<PresenceRow>(em, LOAD_PRESENCES_OVER, [
      crecheId,
      periods.map((p) => isoOf(p.from)),
      periods.map((p) => isoOf(p.to)),
    ]);
    return presencesOf(rows);
  }
}

export function presencesOf(rows: readonly PresenceRow[]): Presence[] {
  return rows.map((r): Presence => {
    if (r.kind !== 'REGULAR')
      return { kind: r.kind, id: r.id, day: dayOf(r.start_date), from: r.from_minute!, to: r.to_minute! };
    return {
      kind: 'REGULAR',
      id: r.id,
      start: dayOf(r.start_date),
      end: dayOf(r.end_date),
      slots: slotsOf(r.schedule!),
    };
  });
}
