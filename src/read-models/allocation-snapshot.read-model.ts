import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import type { VerifiedClaims } from '../modules/families/domain/claims';

export interface SnapshotCandidate {
  id: string;
  familyId: string;
  birth: string;
  disability: boolean;
  desiredStartDate: string;
  /** The application's default schedule (each preference below carries the one asked of its crèche). */
  schedule: { weekday: number; from: string; to: string }[];
  submittedAt: Date;
  socialMinimaOrInsertion: boolean;
  /** What managers verified of the household's claims (families/domain/claims.ts). */
  familyClaims: VerifiedClaims;
  /** What managers verified of the child's claims (its disability: points and the age limit, R1.3). */
  childClaims: VerifiedClaims;
  /** The crèches of the round the application lists, first choice first, with the schedule asked of each. */
  preferences: { crecheId: string; schedule: { weekday: number; from: string; to: string }[] }[];
}

/**
 * What an allocation round reads across applications, families, children, offers, contracts, bookings, crèches and
 * priority policies. Read-only; the round's own rows are written by the allocation module.
 */
@Injectable()
export class AllocationSnapshotReadModel {
  /** Waiting applications that list these crèches, from families without an open offer (one at a time). */
  candidates(em: EntityManager, crecheIds: readonly string[]): Promise<SnapshotCandidate[]> {
    return selectRows<SnapshotCandidate>(
      em,
      `SELECT a.id, a.family_id, to_char(COALESCE(ch.birth_date, ch.expected_birth_date), 'YYYY-MM-DD') AS birth, ch.disability,
              to_char(a.desired_start_date, 'YYYY-MM-DD') AS desired_start_date, a.schedule, a.submitted_at, f.social_minima_or_insertion, f.verified_claims AS family_claims,
              ch.verified_claims AS child_claims,
              json_agg(json_build_object('crecheId', p.creche_id, 'schedule', p.schedule) ORDER BY p.rank) AS preferences
         FROM applications a
         JOIN application_preferences p ON p.application_id = a.id AND p.creche_id = ANY($1::uuid[])
         JOIN children ch ON ch.id = a.child_id
         JOIN families f ON f.id = a.family_id
        WHERE a.status = 'SUBMITTED'
          AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.family_id = a.family_id AND o.status = 'OPEN')
        GROUP BY a.id, ch.birth_date, ch.expected_birth_date, ch.disability, ch.verified_claims, f.social_minima_or_insertion, f.verified_claims
        ORDER BY a.id`,
      [crecheIds],
    );
  }

  /** The latest priority policy version of each territory. */
  async policyVersions(em: EntityManager, territoryIds: readonly string[]): Promise<Record<string, number>> {
    const rows = await selectRows<{ territoryId: string; version: number }>(
      em,
      `SELECT DISTINCT ON (territory_id) territory_id, version FROM priority_policies WHERE territory_id = ANY($1::uuid[]) ORDER BY territory_id, version DESC`,
      [territoryIds],
    );
    return Object.fromEntries(rows.map((p) => [p.territoryId, p.version]));
  }

  /**
   * What a round depends on: planned presences, crèche settings, candidate applications, the version of each
   * crèche's waitlist (moved by whatever its ranking reads: the families' and children's facts and verified claims,
   * the territory's priority policy, see migration CacheWaitlistRankings), and which of the families waiting here hold
   * an open offer (they wait their turn). Offers of other families stay out: an offer made or answered at another
   * crèche of the territory does not make this round stale.
   */
  async fingerprint(em: EntityManager, crecheIds: readonly string[]): Promise<string> {
    const [row] = await selectRows<{ fp: string | null }>(
      em,
      `SELECT md5(concat_ws('|',
          (SELECT string_agg(id::text || end_date::text || updated_at::text, ',' ORDER BY id) FROM contracts WHERE creche_id = ANY($1::uuid[])),
          (SELECT string_agg(id::text || coalesce(cancelled_at::text, ''), ',' ORDER BY id) FROM bookings WHERE creche_id = ANY($1::uuid[])),
          (SELECT string_agg(id::text || updated_at::text, ',' ORDER BY id) FROM creches WHERE id = ANY($1::uuid[])),
          (SELECT string_agg(DISTINCT a.id::text || a.status || a.updated_at::text, ',') FROM applications a
             JOIN application_preferences p ON p.application_id = a.id WHERE p.creche_id = ANY($1::uuid[]) AND a.status IN ('SUBMITTED', 'OFFERED')),
          (SELECT string_agg(w.creche_id::text || ':' || w.version::text, ',' ORDER BY w.creche_id) FROM waitlist_versions w
             WHERE w.creche_id = ANY($1::uuid[])),
          (SELECT string_agg(DISTINCT o.family_id::text, ',' ORDER BY o.family_id::text) FROM offers o
             WHERE o.status = 'OPEN' AND o.family_id IN (SELECT a.family_id FROM applications a
               JOIN application_preferences p ON p.application_id = a.id WHERE p.creche_id = ANY($1::uuid[]) AND a.status = 'SUBMITTED'))
        )) AS fp`,
      [crecheIds],
    );
    return row.fp ?? '';
  }
}
