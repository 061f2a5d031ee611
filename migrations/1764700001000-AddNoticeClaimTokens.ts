import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which run holds a notice's claim: a batch keeps its claims alive while it sends (a queue of messages behind pooled
 * connections can outlast NOTICE_CLAIM_SECONDS), and only the run holding a claim may extend it, so a notice whose
 * claim lapsed and was taken by another run is never sent twice.
 */
export class AddNoticeClaimTokens1764700001000 implements MigrationInterface {
  name = 'AddNoticeClaimTokens1764700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notices ADD COLUMN claim_token uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notices DROP COLUMN claim_token`);
  }
}
