import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contract's fee inputs change from dates (docs/rules.md R4.10): each change is kept with its date, and the fee at
 * any date is computed on the changes dated on or before it, whatever the order they were validated in. Before, the
 * contract kept one undated set: a declaration applying from March, validated after a manager's change dated May,
 * billed March with May's change; two changes waiting for the job kept only the last one's date.
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
         declared_from date,
         fields jsonb NOT NULL,
         replaces boolean NOT NULL DEFAULT false,
         applied boolean NOT NULL DEFAULT false,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await q.query(
      `CREATE INDEX ix_contract_fee_changes_contract ON contract_fee_changes (contract_id, effective_from)`,
    );
    await backfillFeeChanges(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contract_fee_changes`);
  }
}

/** The fields of a stored inputs snapshot that make the household's situation. */
const situation = (col: string) =>
  `(SELECT COALESCE(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(${col})
     WHERE key IN ('monthlyResources', 'resourcesRefused', 'resourcesUnchecked', 'childrenUnchecked',
                   'dependentChildren', 'aeehChildren', 'asePlacement', 'declarationId'))`;

/** The fields whose value differs from `before` to `after` (a field gone: null). */
const diff = (before: string, after: string) =>
  `(SELECT COALESCE(jsonb_object_agg(k, ${after} -> k), '{}'::jsonb)
      FROM (SELECT jsonb_object_keys(${after}) UNION SELECT jsonb_object_keys(${before})) AS keys(k)
     WHERE (${after} -> k) IS DISTINCT FROM (${before} -> k))`;

/**
 * The history before dated changes, from what the stored computations used: for each paying household, its first
 * computation's situation as a whole, then at each later computation the fields that differ from the one before (a
 * later computation's unchanged fields are those an earlier-dated change may still reach). A change still waiting for
 * the job: the fields of the contract's latest inputs that differ from its last computation's, from the pending date.
 * A contract never computed: its inputs from its start. `contractIds`: only those (tests); default every contract.
 */
export async function backfillFeeChanges(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  contractIds: readonly string[] | null = null,
): Promise<void> {
  const only = (col: string) => (contractIds ? `AND ${col} = ANY($1::uuid[])` : '');
  const params = contractIds ? [contractIds] : [];
  await q.query(
    `WITH f AS (SELECT DISTINCT ON (contract_id, family_id, effective_from)
                       contract_id, family_id, effective_from, ${situation('inputs')} AS s, created_at
                  FROM fee_computations WHERE contract_id IS NOT NULL ${only('contract_id')}
                 ORDER BY contract_id, family_id, effective_from, created_at DESC, id DESC),
          h AS (SELECT f.*, lag(s) OVER (PARTITION BY contract_id, family_id ORDER BY effective_from) AS prev FROM f)
     INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
     SELECT contract_id, family_id, effective_from, CASE WHEN prev IS NULL THEN s ELSE ${diff('prev', 's')} END,
            prev IS NULL, true
       FROM h ORDER BY effective_from, created_at`,
    params,
  );
  // Payers never computed (no scale was in force): their inputs from the contract's start.
  const payers = `SELECT c.id, c.start_date, c.fee_pending_from, NULL::uuid AS family_id, c.fee_inputs AS inputs
                    FROM contracts c WHERE c.fee_inputs IS NOT NULL AND c.fee_shares IS NULL ${only('c.id')}
                  UNION ALL
                  SELECT c.id, c.start_date, c.fee_pending_from, (s->>'familyId')::uuid, s->'feeInputs'
                    FROM contracts c, jsonb_array_elements(c.fee_shares) s WHERE true ${only('c.id')}`;
  await q.query(
    `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
     SELECT p.id, p.family_id, p.start_date, ${situation('p.inputs')}, true, true FROM (${payers}) p
      WHERE NOT EXISTS (SELECT 1 FROM contract_fee_changes x
                         WHERE x.contract_id = p.id AND x.family_id IS NOT DISTINCT FROM p.family_id)`,
    params,
  );
  await q.query(
    `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
     SELECT p.id, p.family_id, p.fee_pending_from, ${diff("COALESCE(last.s, '{}'::jsonb)", situation('p.inputs'))},
            false, false
       FROM (${payers}) p
       LEFT JOIN LATERAL (SELECT ${situation('f.inputs')} AS s FROM fee_computations f
                           WHERE f.contract_id = p.id AND f.family_id IS NOT DISTINCT FROM p.family_id
                           ORDER BY f.effective_from DESC, f.created_at DESC, f.id DESC LIMIT 1) last ON true
      WHERE p.fee_pending_from IS NOT NULL`,
    params,
  );
}
