import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { ContractEntity, ContractFeeInputs } from './entities/contract.entity';
import type { Mensualisation } from '../fees/domain/mensualisation';
import type { FeeInputChange, FeeInputFields } from './domain/fee-input-changes';

/** A recorded change of a contract's fee inputs, and whether its fee has been computed. */
export interface StoredFeeInputChange extends FeeInputChange {
  readonly applied: boolean;
}

/** The SQL of `contracts`, owned by the contracts module. */
/**
 * New inputs merged into a contract's own ($2, JSON; keys it has not stay), its version bumped, its fee marked pending
 * from $3 (never before its start; a change still waiting from an earlier date keeps that date): the `fees` job, or
 * the caller, computes it. The job then sets the latest inputs from the dated changes (a change dated earlier than
 * one recorded before does not replace it).
 */
const MERGE_FEE_INPUTS = `fee_inputs = COALESCE(c.fee_inputs, '{"asePlacement": false}'::jsonb) || $2::jsonb,
  fee_inputs_version = c.fee_inputs_version + 1,
  fee_pending_from = LEAST(c.fee_pending_from, GREATEST(c.start_date, $3::date)),
  updated_at = now()`;

/**
 * The change itself, dated, for every contract the UPDATE in CTE `u` touched ($2: its fields, $3: its date; billed from
 * the contract's start when earlier, that date kept to order it among the changes of the start).
 */
const LOG_CHANGE = (familyId: string) => `logged AS (
    INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, declared_from, fields)
    SELECT u.id, ${familyId}, GREATEST(u.start_date, $3::date), NULLIF(LEAST(u.start_date, $3::date), u.start_date),
           $2::jsonb FROM u)
  SELECT id, fee_inputs_version FROM u`;

/**
 * Alternating residence: household $1's new inputs ($2, JSON) merged into its share only, the version bumped and the
 * fee marked pending from $3 (never before the contract's start).
 */
const MERGE_SHARE_INPUTS = `fee_shares = (SELECT jsonb_agg(CASE WHEN s->>'familyId' = $1
                                              THEN jsonb_set(s, '{feeInputs}', (s->'feeInputs') || $2::jsonb)
                                              ELSE s END ORDER BY n)
                          FROM jsonb_array_elements(c.fee_shares) WITH ORDINALITY AS e(s, n)),
  fee_inputs_version = c.fee_inputs_version + 1,
  fee_pending_from = LEAST(c.fee_pending_from, GREATEST(c.start_date, $3::date)),
  updated_at = now()`;

@Injectable()
export class ContractsRepository {
  findById(em: EntityManager, id: string, lock = false): Promise<ContractEntity | null> {
    return em.findOne(ContractEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  insert(em: EntityManager, contract: Partial<ContractEntity>): Promise<ContractEntity> {
    return em.save(em.create(ContractEntity, contract));
  }

  save(em: EntityManager, contract: ContractEntity): Promise<ContractEntity> {
    return em.save(contract);
  }

  listOfCreche(em: EntityManager, crecheId: string, activeOn?: string): Promise<ContractEntity[]> {
    const qb = em.createQueryBuilder(ContractEntity, 'c').where('c.crecheId = :crecheId', { crecheId });
    if (activeOn) qb.andWhere('c.startDate <= :d AND c.endDate >= :d', { d: activeOn });
    return qb.orderBy('c.startDate', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  /** A contract of this child overlapping the period, if any (checked under the child's lock). */
  async overlappingOfChild(
    em: EntityManager,
    childId: string,
    startDate: string,
    endDate: string,
  ): Promise<string | null> {
    const [row] = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM contracts WHERE child_id = $1 AND start_date <= $3 AND end_date >= $2 LIMIT 1`,
      [childId, startDate, endDate],
    );
    return row?.id ?? null;
  }

  /**
   * New fee inputs for the running contracts of these children from `from`: merged into the stored inputs, version
   * bumped, the fee marked pending from that date (the `fees` job computes it).
   */
  setFeeInputsOfChildren(
    em: EntityManager,
    childIds: readonly string[],
    inputs: Partial<ContractFeeInputs>,
    from: string,
  ): Promise<{ id: string; feeInputsVersion: number }[]> {
    return returningRows(
      em,
      `WITH u AS (UPDATE contracts c SET ${MERGE_FEE_INPUTS}
        WHERE c.child_id = ANY($1::uuid[]) AND c.end_date >= $3::date AND c.fee_shares IS NULL
        RETURNING c.id, c.fee_inputs_version, c.start_date), ${LOG_CHANGE('NULL::uuid')}`,
      [childIds, JSON.stringify(inputs), from],
    );
  }

  /** One contract's new inputs from `from` (merged into its own), its fee marked pending from then. */
  async setFeeInputsOfContract(
    em: EntityManager,
    contractId: string,
    inputs: FeeInputFields,
    from: string,
  ): Promise<{ id: string; feeInputsVersion: number }> {
    const [row] = await returningRows<{ id: string; feeInputsVersion: number }>(
      em,
      `WITH u AS (UPDATE contracts c SET ${MERGE_FEE_INPUTS}
        WHERE c.id = $1
        RETURNING c.id, c.fee_inputs_version, c.start_date), ${LOG_CHANGE('NULL::uuid')}`,
      [contractId, JSON.stringify(inputs), from],
    );
    return row;
  }

  /**
   * Alternating residence: a household's new inputs reach its share of the running contracts it pays a part of
   * (whichever household the child belongs to), merged into that share only; the fee is marked pending from `from`.
   */
  setShareInputsOfFamily(
    em: EntityManager,
    familyId: string,
    inputs: Partial<ContractFeeInputs>,
    from: string,
  ): Promise<{ id: string; feeInputsVersion: number }[]> {
    return returningRows(
      em,
      `WITH u AS (UPDATE contracts c SET ${MERGE_SHARE_INPUTS}
        WHERE c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text)) AND c.end_date >= $3::date
        RETURNING c.id, c.fee_inputs_version, c.start_date), ${LOG_CHANGE('$1::text::uuid')}`,
      [familyId, JSON.stringify(inputs), from],
    );
  }

  /** One shared contract's share of household `familyId`: its new inputs from `from`, the fee marked pending. */
  async setShareInputsOfContract(
    em: EntityManager,
    contractId: string,
    familyId: string,
    inputs: Partial<ContractFeeInputs>,
    from: string,
  ): Promise<{ id: string; feeInputsVersion: number }> {
    const [row] = await returningRows<{ id: string; feeInputsVersion: number }>(
      em,
      `WITH u AS (UPDATE contracts c SET ${MERGE_SHARE_INPUTS}
        WHERE c.id = $4
        RETURNING c.id, c.fee_inputs_version, c.start_date), ${LOG_CHANGE('$1::text::uuid')}`,
      [familyId, JSON.stringify(inputs), from, contractId],
    );
    return row;
  }

  /** Whether a household pays a share of this contract (alternating residence). */
  async isPayingHousehold(em: EntityManager, contractId: string, familyId: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM contracts WHERE id = $1 AND fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $2::text))`,
      [contractId, familyId],
    );
    return rows.length > 0;
  }

  /**
   * Contracts with fee inputs that end on or after `date` (those a scale version from that date may reach), with the
   * households paying a share of each (alternating residence; empty otherwise).
   */
  endingFrom(em: EntityManager, date: string): Promise<{ id: string; startDate: string; shareFamilyIds: string[] }[]> {
    return selectRows<{ id: string; startDate: string; shareFamilyIds: string[] }>(
      em,
      `SELECT id, to_char(start_date, 'YYYY-MM-DD') AS start_date,
              COALESCE((SELECT array_agg(s->>'familyId') FROM jsonb_array_elements(fee_shares) s), '{}') AS share_family_ids
         FROM contracts WHERE fee_inputs IS NOT NULL AND end_date >= $1 ORDER BY id`,
      [date],
    );
  }

  /** Contracts signed before reserved hours were fixed (#14 §1), to be given theirs. */
  async withoutMensualisation(em: EntityManager): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM contracts WHERE mensualisation IS NULL ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }

  async setMensualisation(em: EntityManager, id: string, m: Mensualisation): Promise<void> {
    await execute(em, `UPDATE contracts SET mensualisation = $2, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(m),
    ]);
  }

  async pendingFeeIds(em: EntityManager): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(em, `SELECT id FROM contracts WHERE fee_pending_from IS NOT NULL`);
    return rows.map((r) => r.id);
  }

  /** A contract's recorded input changes, in recording order. */
  feeChangesOf(em: EntityManager, contractId: string): Promise<StoredFeeInputChange[]> {
    return selectRows<StoredFeeInputChange>(
      em,
      `SELECT id::int AS seq, family_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
              to_char(declared_from, 'YYYY-MM-DD') AS declared_from, fields, replaces, applied
         FROM contract_fee_changes WHERE contract_id = $1 ORDER BY id`,
      [contractId],
    );
  }

  /** Records a change of a contract's inputs from a date (a whole situation at signature, else the fields it sets). */
  async recordFeeChange(
    em: EntityManager,
    change: {
      contractId: string;
      familyId: string | null;
      effectiveFrom: string;
      fields: FeeInputFields;
      replaces: boolean;
      applied: boolean;
    },
  ): Promise<void> {
    await execute(
      em,
      `INSERT INTO contract_fee_changes (contract_id, family_id, effective_from, fields, replaces, applied)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        change.contractId,
        change.familyId,
        change.effectiveFrom,
        JSON.stringify(change.fields),
        change.replaces,
        change.applied,
      ],
    );
  }

  /** The changes whose fee is computed; the contract's latest inputs (own, or each share's) follow all its changes. */
  async settleFeeChanges(
    em: EntityManager,
    contractId: string,
    changeIds: readonly number[],
    latest: { feeInputs: ContractFeeInputs | null; feeShares: ContractEntity['feeShares'] },
  ): Promise<void> {
    await execute(em, `UPDATE contract_fee_changes SET applied = true WHERE id = ANY($1::bigint[])`, [changeIds]);
    await execute(
      em,
      `UPDATE contracts SET fee_inputs = $2, fee_shares = $3, fee_pending_from = NULL, updated_at = now() WHERE id = $1`,
      [
        contractId,
        latest.feeInputs && JSON.stringify(latest.feeInputs),
        latest.feeShares && JSON.stringify(latest.feeShares),
      ],
    );
  }

  async clearFeePending(em: EntityManager, id: string): Promise<void> {
    await execute(em, `UPDATE contracts SET fee_pending_from = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Whether a household has a contract still running on `date` (retention keeps such households). */
  async anyRunningForChildren(em: EntityManager, childIds: readonly string[], date: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM contracts WHERE child_id = ANY($1::uuid[]) AND end_date >= $2::date LIMIT 1`,
      [childIds, date],
    );
    return rows.length > 0;
  }
}
