import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #19: the proof of a priority criterion (DOMAIN.md §5: working status, single parent, social minima or
 * insertion, another member's disability; the child's disability or multiple birth) uploaded by the household, for the
 * crèche's managers to open before they verify the claim. Kept like the fee declarations' proofs: a file outside the
 * web root under a random name, the row holding its type read from the bytes, size, hash, who and when. One proof per
 * criterion (and child): a new upload replaces the previous one. Erased with the household.
 */
export class AddClaimProofs1764890000000 implements MigrationInterface {
  name = 'AddClaimProofs1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claim_proofs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        claim text NOT NULL,
        child_id uuid,
        document_key text NOT NULL,
        document_mime text NOT NULL,
        document_size int NOT NULL,
        document_sha256 text NOT NULL,
        uploaded_by uuid NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT pk_claim_proofs PRIMARY KEY (id),
        CONSTRAINT fk_claim_proofs_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_claim_proofs_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT fk_claim_proofs_uploaded_by FOREIGN KEY (uploaded_by) REFERENCES users (id),
        CONSTRAINT uq_claim_proofs_document_key UNIQUE (document_key),
        CONSTRAINT ck_claim_proofs_claim CHECK (
          (claim IN ('PARENTS_ACTIVITY', 'SINGLE_PARENT', 'SOCIAL_MINIMA_OR_INSERTION', 'OTHER_HOUSEHOLD_DISABILITY')
             AND child_id IS NULL)
          OR (claim IN ('CHILD_DISABILITY', 'MULTIPLE_BIRTH') AND child_id IS NOT NULL)),
        CONSTRAINT ck_claim_proofs_document_mime CHECK (document_mime IN ('application/pdf', 'image/jpeg', 'image/png')),
        CONSTRAINT ck_claim_proofs_document_size CHECK (document_size BETWEEN 1 AND 5242880),
        CONSTRAINT ck_claim_proofs_document_sha256 CHECK (document_sha256 ~ '^[0-9a-f]{64}$')
      )`);
    // One proof per criterion of the household, per child for a child's criterion.
    await q.query(
      `CREATE UNIQUE INDEX uq_claim_proofs_family_claim ON claim_proofs (family_id, claim) WHERE child_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_claim_proofs_child_claim ON claim_proofs (family_id, claim, child_id) WHERE child_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claim_proofs`);
  }
}
