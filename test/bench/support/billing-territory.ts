import { BenchApp } from './bench-app';

/** The month whose attendance and absences the crèches below hold. */
export const BENCH_MONTH = '2026-11';
const schedule = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:00' }));

/**
 * A crèche of `children` children under contract from 1 September 2026 to 31 July 2027, each in a household of its
 * own: one contract made through the API, the others cloned in SQL with its fee computation; every weekday of
 * November 2026 attended, but a certified illness from the 9th to the 13th for one in five.
 */
export async function crecheWithChildren(
  b: BenchApp,
  territoryId: string,
  name: string,
  children: number,
): Promise<string> {
  const { ds, call } = b;
  const creche = await call('POST', '/creches', b.admin.token, {
    territoryId,
    name,
    commune: '88372',
    kind: children > 12 ? 'COLLECTIVE' : 'MICRO_CRECHE',
    places: Math.max(children, 12),
    surnombre: false,
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:00', closes: '19:00' })),
  });
  await call('PUT', `/creches/${creche.id}/managers`, b.admin.token, { userIds: [b.manager.id] });
  const [family] = await ds.query(
    `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ('88372', 2500, 1) RETURNING id`,
  );
  const [child] = await ds.query(
    `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Enfant', '2025-06-01') RETURNING id`,
    [family.id],
  );
  const template = await call('POST', `/creches/${creche.id}/contracts`, b.manager.token, {
    childId: child.id,
    startDate: '2026-09-01',
    endDate: '2027-07-31',
    schedule,
    feeInputs: { monthlyResources: '2500.00', dependentChildren: 1 },
  });
  // The other children: a household, a child, the same contract and fee computation each.
  await ds.query(
    `WITH f AS (
       INSERT INTO families (commune_insee_code, monthly_resources, dependent_children)
       SELECT '88372', 2500, 1 FROM generate_series(2, $2::int) RETURNING id),
     ch AS (
       INSERT INTO children (family_id, first_name, birth_date) SELECT id, 'Enfant', '2025-06-01' FROM f RETURNING id),
     ct AS (
       INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule, leave_periods, mensualisation, fee_inputs)
       SELECT c.creche_id, ch.id, c.start_date, c.end_date, c.schedule, c.leave_periods, c.mensualisation, c.fee_inputs
         FROM ch, contracts c WHERE c.id = $1 RETURNING id)
     INSERT INTO fee_computations (contract_id, creche_id, effective_from, scale_id, reason, care_type, inputs, trace,
       tier, effort_rate, bounded_resources, hourly_rate, monthly_hours, monthly_fee, idempotency_key)
     SELECT ct.id, fc.creche_id, fc.effective_from, fc.scale_id, fc.reason, fc.care_type, fc.inputs, fc.trace, fc.tier,
            fc.effort_rate, fc.bounded_resources, fc.hourly_rate, fc.monthly_hours, fc.monthly_fee, 'contract-' || ct.id
       FROM ct, fee_computations fc WHERE fc.contract_id = $1`,
    [template.id, children],
  );
  // Every weekday of the month attended 08:00–17:10 but a certified illness from the 9th to the 13th for one in five.
  await ds.query(
    `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, left_minute, checked_in_by, checked_out_by)
     SELECT c.creche_id, c.child_id, d::date, 480, 1030, $2, $2
       FROM contracts c, generate_series($3::date, ($3::date + interval '1 month' - interval '1 day'), interval '1 day') d
      WHERE c.creche_id = $1 AND extract(isodow FROM d) <= 5 AND d::date <> '2026-11-11'`,
    [creche.id, b.manager.id, `${BENCH_MONTH}-01`],
  );
  await ds.query(
    `INSERT INTO absences (creche_id, child_id, reason, from_date, to_date, certified, recorded_by)
     SELECT creche_id, child_id, 'ILLNESS', '2026-11-09', '2026-11-13', true, $2
       FROM (SELECT creche_id, child_id, row_number() OVER () AS n FROM contracts WHERE creche_id = $1) c
      WHERE n % 5 = 0`,
    [creche.id, b.manager.id],
  );
  await ds.query(
    `DELETE FROM attendance_records a USING absences s
      WHERE a.child_id = s.child_id AND a.creche_id = $1 AND a.date BETWEEN s.from_date AND s.to_date`,
    [creche.id],
  );
  return creche.id;
}
