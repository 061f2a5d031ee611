import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../common/db/prepared-query';

/**
 * One child's, for a booking asked alone (prepared once per connection, it goes out with every booking, issue #18):
 * with scalar parameters its generic plan is kept, where the array form below is planned again on each call (its
 * generic plan assumes ten children), acceptable once per batch of bookings.
 */
const CONTRACT_RATE_ON = {
  name: 'contract_rate_on',
  text: `SELECT f.id, f.contract_id, to_char(f.effective_from, 'YYYY-MM-DD') AS effective_from, f.scale_id,
                f.hourly_rate::text AS hourly_rate, c.schedule, c.leave_periods,
                c.mensualisation->'closures' AS reserved_closures
           FROM contracts c
           JOIN children ch ON ch.id = c.child_id
           JOIN fee_computations f ON f.contract_id = c.id
          WHERE c.creche_id = $1 AND c.child_id = $2 AND c.start_date <= $3::date AND c.end_date >= $3::date
            AND f.effective_from <= $3::date AND (f.family_id IS NULL OR f.family_id = ch.family_id)
          ORDER BY f.effective_from DESC, f.created_at DESC
          LIMIT 1`,
};

const CONTRACT_RATES_ON = {
  name: 'contract_rates_on',
  text: `SELECT w.n::int AS n, f.id, f.contract_id, to_char(f.effective_from, 'YYYY-MM-DD') AS effective_from,
                f.scale_id, f.hourly_rate::text AS hourly_rate, f.schedule, f.leave_periods, f.reserved_closures
           FROM unnest($2::uuid[], $3::date[]) WITH ORDINALITY AS w(child_id, day, n)
           CROSS JOIN LATERAL (
             SELECT f.id, f.contract_id, f.effective_from, f.scale_id, f.hourly_rate, c.schedule, c.leave_periods,
                    c.mensualisation->'closures' AS reserved_closures
               FROM contracts c
               JOIN children ch ON ch.id = c.child_id
               JOIN fee_computations f ON f.contract_id = c.id
              WHERE c.creche_id = $1 AND c.child_id = w.child_id AND c.start_date <= w.day AND c.end_date >= w.day
                AND f.effective_from <= w.day AND (f.family_id IS NULL OR f.family_id = ch.family_id)
              ORDER BY f.effective_from DESC, f.created_at DESC
              LIMIT 1) f`,
};

export interface ContractRate {
  readonly contractId: string;
  /** The stored computation the rate comes from, and the scale version it was computed under. */
  readonly computationId: string;
  readonly scaleId: string;
  readonly effectiveFrom: string;
  readonly hourlyRate: string;
  /** The contract's weekly slots and declared leave: the hours its instalment bills already. */
  readonly schedule: readonly { readonly weekday: number; readonly from: string; readonly to: string }[];
  readonly leavePeriods: readonly { readonly from: string; readonly to: string }[];
  /** The crèche's closures its reserved hours left out when signed (null: not kept, the crèche's current ones). */
  readonly reservedClosures: readonly { readonly from: string; readonly to: string }[] | null;
}

interface RateRow {
  id: string;
  contract_id: string;
  effective_from: string;
  scale_id: string;
  hourly_rate: string;
  schedule: ContractRate['schedule'];
  leave_periods: ContractRate['leavePeriods'] | null;
  reserved_closures: ContractRate['reservedClosures'];
}

const rateOf = (r: RateRow): ContractRate => ({
  contractId: r.contract_id,
  computationId: r.id,
  scaleId: r.scale_id,
  effectiveFrom: r.effective_from,
  hourlyRate: r.hourly_rate,
  schedule: r.schedule,
  leavePeriods: r.leave_periods ?? [],
  reservedClosures: r.reserved_closures ?? null,
});

/**
 * The hourly rate in force, on a day, of a child's contract at a crèche (its own household's share in alternating
 * residence): what occasional care beyond the contract is billed at (DOMAIN.md §4: "hours beyond the contract, and
 * occasional care, are billed at the same hourly rate"). Read across `contracts` and `fee_computations` for the
 * bookings of the contracts module. Read-only.
 */
@Injectable()
export class ContractRatesReadModel {
  /**
   * The child's contract's rate that day, or null (no contract, or no fee yet): the latest computation stored on or
   * before it. A scale version that took effect since is not in it until the nightly job has computed the contract
   * again; the caller checks `scaleId` against the scale in force that day (FeesService.careFee).
   */
  async rateOn(em: EntityManager, crecheId: string, childId: string, date: string): Promise<ContractRate | null> {
    const [r] = await queryPrepared<RateRow>(em, CONTRACT_RATE_ON, [crecheId, childId, date]);
    return r ? rateOf(r) : null;
  }

  /** For each (child, day) wanted, in order: its contract's rate that day, or null (no contract, or no fee yet). */
  async ratesOn(
    em: EntityManager,
    crecheId: string,
    wanted: readonly { childId: string; date: string }[],
  ): Promise<(ContractRate | null)[]> {
    const rows = await queryPrepared<RateRow & { n: number }>(em, CONTRACT_RATES_ON, [
      crecheId,
      wanted.map((w) => w.childId),
      wanted.map((w) => w.date),
    ]);
    const out: (ContractRate | null)[] = wanted.map(() => null);
    for (const r of rows) out[r.n - 1] = rateOf(r);
    return out;
  }
}
