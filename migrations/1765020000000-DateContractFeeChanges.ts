import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contract's fee inputs change from dates (docs/rules.md R4.13): each change is kept with its date, and the fee at
 * any date is computed on the changes dated on or before it, whatever the order they were validated in. Before, the
 * contract kept one undated set: a declaration applying from March, validated after a manager's change dated May,
 * billed March with May's change; two changes waiting for the job kept only the last one's date.
 *
 * The history before this table is what the stored computations used: each computation in force is kept as a whole
 * situation from its date, and a change still waiting for the job as the contract's latest inputs from its date.
 */
export class DateContractFeeChanges1765020000000 implements MigrationInterface {
  name = 'DateContractFeeChanges1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE contract_fee_changes (
         id bigserial PRIMARY KEY,
         contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
         family_id uuid,
         effective_from date NOT NULL,
         fields jsonb NOT NULL,
         replaces boolean NOT NULL DEFAULT false,
         applied boolean NOT NULL DEFAULT false,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await q.query(
      `CREATE INDEX ix_contract_fee_changes_contract ON contract_fee_changes (contract_id, effective_from)`,
    );
    const situation = (col: string) =>
      `(SELECT COALESCE(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(${col})
         WHERE key IN ('monthlyResources', 'resourcesRefused', 'resourcesUnchecked', 'childrenUnchecked',
                       'dependentChildren', 'aeehChildren', 'asePlacement', 'declarationId'))`;
    await q.query(
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       SELECT contract_id, family_id, effective_from, ${situation('inputs')}, true, true
         FROM (SELECT DISTINCT ON (contract_id, family_id, effective_from) contract_id, family_id, effective_from, inputs,
                      created_at
                 FROM fee_computations WHERE contract_id IS NOT NULL
                ORDER BY contract_id, family_id, effective_from, created_at DESC, id DESC) f
        ORDER BY effective_from, created_at`,
    );
    // Contracts never computed (none had a scale in force): their inputs from their start.
    await q.query(
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       SELECT c.id, NULL, c.start_date, ${situation('c.fee_inputs')}, true, true FROM contracts c
        WHERE c.fee_inputs IS NOT NULL AND c.fee_shares IS NULL
          AND NOT EXISTS (SELECT 1 FROM contract_fee_changes x WHERE x.contract_id = c.id)`,
    );
    await q.query(
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       SELECT c.id, (s->>'familyId')::uuid, c.start_date, ${situation(`s->'feeInputs'`)}, true, true
         FROM contracts c, jsonb_array_elements(c.fee_shares) s
        WHERE NOT EXISTS (SELECT 1 FROM contract_fee_changes x
                           WHERE x.contract_id = c.id AND x.family_id = (s->>'familyId')::uuid)`,
    );
    // A change waiting for the job: the contract's latest inputs from its date, as the job would have computed them.
    await q.query(
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       SELECT c.id, NULL, c.fee_pending_from, ${situation('c.fee_inputs')}, true, false FROM contracts c
        WHERE c.fee_pending_from IS NOT NULL AND c.fee_inputs IS NOT NULL AND c.fee_shares IS NULL`,
    );
    await q.query(
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       SELECT c.id, (s->>'familyId')::uuid, c.fee_pending_from, ${situation(`s->'feeInputs'`)}, true, false
         FROM contracts c, jsonb_array_elements(c.fee_shares) s
        WHERE c.fee_pending_from IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contract_fee_changes`);
  }
}
