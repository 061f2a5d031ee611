import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waitlist's `fitsNow` now leaves an OFFERED application's own open offer out of its own fit (docs/rules.md
 * R2.3). Rankings stored before (`waitlist_rankings`, keyed by the crèche's input version, not by the code that
 * ranked them) counted it, and would be served until the crèche's next change: they are dropped, and each crèche's
 * next page ranks anew. A cache: nothing is lost, and down() drops them the same way for the previous code.
 */
export class RerankWaitlistsWithOwnOfferLeftOut1765013000000 implements MigrationInterface {
  name = 'RerankWaitlistsWithOwnOfferLeftOut1765013000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM waitlist_rankings`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM waitlist_rankings`);
  }
}
