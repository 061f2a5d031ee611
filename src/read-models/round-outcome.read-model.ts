import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** Why the last confirmed round made no offer to an application at one crèche (the engine's reasons, R6.x). */
export type RoundOutcomeKind =
  | 'OFFERED'
  | 'PLACED_AT_PREFERRED'
  | 'OUTRANKED'
  | 'NO_CAPACITY'
  | 'CLOSED'
  | 'AGE'
  | 'EXCLUDED'
  | 'ONE_OFFER_PER_FAMILY';

/** What the last confirmed round over a crèche did with one application there, as its family reads it. */
export interface RoundOutcome {
  readonly confirmedAt: Date;
  readonly outcome: RoundOutcomeKind;
  /** OUTRANKED: the lowest score the round kept on the hours asked (verified points), null when unknown. */
  readonly lowestHeldScore: number | null;
  /** NO_CAPACITY, CLOSED: the first day and hours that did not fit. */
  readonly conflict: { readonly date: string; readonly from: string; readonly to: string } | null;
  /** EXCLUDED: the manager's reason code (never the note, which may name people). */
  readonly exclusionReason: string | null;
}

interface Row {
  readonly roundId: string;
  readonly confirmedAt: Date;
  readonly placedAt: string | null;
  readonly reasons:
    { crecheId: string; reason: string; lowestHeldScore?: number | null; conflict?: RoundOutcome['conflict'] }[] | null;
  readonly exclusionReason: string | null;
  readonly offered: boolean;
}

/**
 * The last confirmed allocation round over a crèche that considered an application, and what it did with it there:
 * an offer, or why not — a place at a crèche the family ranked before, outranked on its hours (with the lowest score
 * kept), no capacity or a closure on its hours, the age limit, left out by the manager, or a second placement of a
 * family that receives one offer. Read across `allocation_rounds` and `offers` (allocation) for the applications
 * module (the family's « Mes demandes »: a rank of 1 with no offer was left unexplained). Only the application's own
 * entries of the round's result are read, not the whole result. Read-only; the caller checks who may see it.
 */
@Injectable()
export class RoundOutcomeReadModel {
  async lastOutcome(em: EntityManager, crecheId: string, applicationId: string): Promise<RoundOutcome | null> {
    const [row] = await selectRows<Row>(
      em,
      `SELECT r.id AS round_id, r.confirmed_at,
              (SELECT p->>'crecheId' FROM jsonb_array_elements(r.result->'placements') p
                WHERE p->>'applicationId' = $2::text LIMIT 1) AS placed_at,
              (SELECT u->'reasons' FROM jsonb_array_elements(r.result->'unplaced') u
                WHERE u->>'applicationId' = $2::text LIMIT 1) AS reasons,
              (SELECT e->>'reason' FROM jsonb_array_elements(r.exclusions) e
                WHERE e->>'applicationId' = $2::text LIMIT 1) AS exclusion_reason,
              EXISTS (SELECT 1 FROM offers o WHERE o.round_id = r.id AND o.application_id = $2::uuid) AS offered
         FROM allocation_rounds r
        WHERE r.status = 'CONFIRMED' AND $1::uuid = ANY(r.creche_ids)
          AND (r.result->'placements' @> jsonb_build_array(jsonb_build_object('applicationId', $2::text))
               OR r.result->'unplaced' @> jsonb_build_array(jsonb_build_object('applicationId', $2::text)))
        ORDER BY r.confirmed_at DESC LIMIT 1`,
      [crecheId, applicationId],
    );
    if (!row) return null;
    return { confirmedAt: row.confirmedAt, ...outcomeOf(row, crecheId) };
  }
}

function outcomeOf(row: Row, crecheId: string): Omit<RoundOutcome, 'confirmedAt'> {
  const none = { lowestHeldScore: null, conflict: null, exclusionReason: null };
  if (row.exclusionReason) return { ...none, outcome: 'EXCLUDED', exclusionReason: row.exclusionReason };
  if (row.placedAt === crecheId) return { ...none, outcome: row.offered ? 'OFFERED' : 'ONE_OFFER_PER_FAMILY' };
  // Held below a crèche it prefers, the reasons say why not here; placed at one it prefers, none are given here.
  const here = (row.reasons ?? []).find((r) => r.crecheId === crecheId);
  if (!here) return { ...none, outcome: 'PLACED_AT_PREFERRED' };
  const conflict = here.conflict ? { date: here.conflict.date, from: here.conflict.from, to: here.conflict.to } : null;
  switch (here.reason) {
    case 'OUTRANKED':
      return { ...none, outcome: 'OUTRANKED', lowestHeldScore: here.lowestHeldScore ?? null };
    case 'NO_CAPACITY':
    case 'CLOSED':
      return { ...none, outcome: here.reason, conflict };
    default:
      return { ...none, outcome: 'AGE' };
  }
}
