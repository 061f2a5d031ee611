import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Households erased before the erasure reached the rounds' exclusions (docs/rules.md R8.11b): the managers' notes on
 * their proposals left out (free text that may name the family or tell of its health) are removed from every round,
 * as the erasure now does; the reason's code stays. Their entries in a snapshot are marked `erased`.
 */
export class ClearErasedExclusionNotes1765060000000 implements MigrationInterface {
  name = 'ClearErasedExclusionNotes1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE allocation_rounds r
          SET exclusions = (
            SELECT jsonb_agg(
                     CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(r.snapshot->'applicants') a
                                        WHERE a->>'applicationId' = x.e->>'applicationId'
                                          AND (a->>'erased')::boolean IS TRUE)
                          THEN x.e - 'comment' ELSE x.e END
                     ORDER BY x.n)
              FROM jsonb_array_elements(r.exclusions) WITH ORDINALITY AS x(e, n))
        WHERE jsonb_array_length(r.exclusions) > 0`,
    );
  }

  async down(): Promise<void> {
    // The notes are gone, as an erasure leaves them.
  }
}
