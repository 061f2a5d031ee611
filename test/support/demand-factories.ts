import type { TestApp } from './test-app';

export type Slot = { weekday: number; from: string; to: string };

/**
 * A household living in `commune`, its child and an application listing `crecheId` (status SUBMITTED unless told),
 * inserted directly: the territory dashboard and the wait estimate read them as any application.
 */
export async function insertApplication(
  t: TestApp,
  opts: {
    commune: string | null;
    crecheId: string;
    schedule: Slot[];
    submittedAt: string;
    status?: string;
    birthDate?: string;
    desiredStartDate?: string;
    /** Care asked on public holidays too (the family said so). */
    publicHolidayCare?: boolean;
  },
): Promise<{ applicationId: string; familyId: string; childId: string }> {
  const [family] = await t.dataSource.query(
    `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ($1, 2400, 1) RETURNING id`,
    [opts.commune],
  );
  const [child] = await t.dataSource.query(
    `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Lou', $2) RETURNING id`,
    [family.id, opts.birthDate ?? '2026-01-10'],
  );
  const [app] = await t.dataSource.query(
    `INSERT INTO applications (family_id, child_id, desired_start_date, schedule, status, submitted_at, last_confirmed_at,
                               public_holiday_care)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`,
    [
      family.id,
      child.id,
      opts.desiredStartDate ?? '2027-09-01',
      JSON.stringify(opts.schedule),
      opts.status ?? 'SUBMITTED',
      opts.submittedAt,
      opts.publicHolidayCare ?? false,
    ],
  );
  await t.dataSource.query(
    `INSERT INTO application_preferences (application_id, rank, creche_id, schedule) VALUES ($1, 1, $2, $3)`,
    [app.id, opts.crecheId, JSON.stringify(opts.schedule)],
  );
  return { applicationId: app.id, familyId: family.id, childId: child.id };
}

/** A confirmed allocation round of the territory, for offers inserted directly. */
export async function insertRound(
  t: TestApp,
  territoryId: string,
  crecheId: string,
  createdBy: string,
): Promise<string> {
  const [round] = await t.dataSource.query(
    `INSERT INTO allocation_rounds (territory_id, creche_ids, start_date, status, snapshot, snapshot_hash, capacity_fingerprint,
                                    result, policy_versions, engine_version, created_by, confirmed_by, confirmed_at)
     VALUES ($1, ARRAY[$2::uuid], '2027-09-01', 'CONFIRMED', '{}', 'h', 'f', '{}', '{}', 'test', $3, $3, now()) RETURNING id`,
    [territoryId, crecheId, createdBy],
  );
  return round.id;
}

/** An offer made at `createdAt` to an application, which the family declined (it stays on the waitlist). */
export async function insertDeclinedOffer(
  t: TestApp,
  opts: { roundId: string; applicationId: string; crecheId: string; createdAt: string },
): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO offers (round_id, application_id, family_id, child_id, creche_id, start_date, end_date, schedule, score,
                         status, deadline, answered_at, created_at)
     SELECT $1, a.id, a.family_id, a.child_id, $2, '2027-09-01', '2028-08-31', a.schedule, 300,
            'DECLINED', $3::timestamptz + interval '8 days', $3::timestamptz + interval '1 day', $3
       FROM applications a WHERE a.id = $4`,
    [opts.roundId, opts.crecheId, opts.createdAt, opts.applicationId],
  );
}

/** A child in care: a household, its child born on `birthDate`, a contract with the crèche (inserted directly). */
export async function insertContract(
  t: TestApp,
  opts: { crecheId: string; birthDate: string; startDate: string; endDate: string; schedule: Slot[] },
): Promise<void> {
  const [family] = await t.dataSource.query(
    `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ('88372', 2400, 1) RETURNING id`,
  );
  const [child] = await t.dataSource.query(
    `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Noé', $2) RETURNING id`,
    [family.id, opts.birthDate],
  );
  await t.dataSource.query(
    `INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule, fee_inputs)
     VALUES ($1, $2, $3, $4, $5, '{"monthlyResources":"2400.00","dependentChildren":1,"aeehChildren":0,"asePlacement":false}')`,
    [opts.crecheId, child.id, opts.startDate, opts.endDate, JSON.stringify(opts.schedule)],
  );
}
