import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalJson } from '../src/common/text/canonical-json';
import { eraseHouseholdFromRound, RoundRecord } from '../src/modules/allocation/domain/erase-household';

/**
 * Households erased before rounds were reduced at erasure (docs/rules.md R8.11b) still had their child's birth day,
 * disability and social situation in the rounds' snapshots. Reduced here as an erasure now does: the same pure
 * reduction, the snapshot's hash recomputed, and an audit event per round with the hash before and after.
 * Irreversible: the data is gone.
 */
export class EraseRoundsOfErasedHouseholds1765010000000 implements MigrationInterface {
  name = 'EraseRoundsOfErasedHouseholds1765010000000';

  async up(q: QueryRunner): Promise<void> {
    const rounds: (RoundRecord & { id: string; snapshot_hash: string; erased: string[] })[] = await q.query(`
      SELECT r.id, r.snapshot, r.result, r.snapshot_hash,
             ARRAY(SELECT DISTINCT f.id::text FROM jsonb_array_elements(r.snapshot->'applicants') a
                     JOIN families f ON f.id::text = a->>'familyId'
                    WHERE f.erased_at IS NOT NULL) AS erased
        FROM allocation_rounds r
       ORDER BY r.id FOR UPDATE`);
    for (const round of rounds) {
      let record: RoundRecord = { snapshot: round.snapshot, result: round.result };
      let changed = false;
      for (const familyId of round.erased) {
        const reduced = eraseHouseholdFromRound(record, familyId);
        if (reduced) [record, changed] = [reduced, true];
      }
      if (!changed) continue;
      const hashOf = (snapshot: unknown) => createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
      // A snapshot changed outside Berceau keeps its recorded hash, so that its replay keeps failing.
      const intact = hashOf(round.snapshot) === round.snapshot_hash;
      const hash = intact ? hashOf(record.snapshot) : round.snapshot_hash;
      await q.query(
        `UPDATE allocation_rounds SET snapshot = $2::jsonb, result = $3::jsonb, snapshot_hash = $4 WHERE id = $1`,
        [round.id, JSON.stringify(record.snapshot), JSON.stringify(record.result), hash],
      );
      await q.query(
        `INSERT INTO audit_events (actor_user_id, actor_role, action, subject_type, subject_id, request_id, details)
         VALUES (NULL, NULL, 'allocation_round.household_erased', 'allocation_round', $1, NULL, $2::jsonb)`,
        [
          round.id,
          JSON.stringify({
            previousSnapshotHash: round.snapshot_hash,
            snapshotHash: hash,
            migration: true,
            ...(!intact && { tampered: true }),
          }),
        ],
      );
    }
  }

  async down(): Promise<void> {
    // Nothing to restore: what an erasure removed is gone.
  }
}
