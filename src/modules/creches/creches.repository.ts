import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { CrecheEntity } from './entities/creche.entity';
import { CrecheManagerEntity } from './entities/creche-manager.entity';
import { PreparedStatement, queryPrepared } from '../../common/db/prepared-query';

/** What an occasional or emergency booking's fee is fixed from, of its crèche. */
export type CrecheCareFeeFacts = Pick<
  CrecheEntity,
  | 'kind'
  | 'closures'
  | 'opensOnPublicHolidays'
  | 'resourcesCeilingOverride'
  | 'billingUnitMinutes'
  | 'emergencyRate'
  | 'emergencyHourlyRate'
>;

/** Read by every booking (issue #18): prepared, and only the columns the fee needs (not the whole entity). */
const CARE_FEE_FACTS: PreparedStatement = {
  name: 'creche_care_fee_facts',
  text: `SELECT kind, closures, opens_on_public_holidays, resources_ceiling_override::text AS resources_ceiling_override,
      billing_unit_minutes, emergency_rate, emergency_hourly_rate::text AS emergency_hourly_rate
    FROM creches WHERE id = $1`,
};

/** The settings a crèche's capacity hours come from (closures are dated: they need no history). */
export type CapacitySettings = Pick<
  CrecheEntity,
  'places' | 'surnombre' | 'openingHours' | 'capacityBands' | 'opensOnPublicHolidays'
>;

/** Settings in force up to the day before `inForceUntil` (changed that day). */
export interface PastCapacitySettings extends CapacitySettings {
  readonly inForceUntil: string;
}

/** The SQL of `creches`, `creche_managers` and `creche_staff` that is more than a find by id, owned by the crèches module. */
@Injectable()
export class CrechesRepository {
  build(em: EntityManager, fields: Partial<CrecheEntity>): CrecheEntity {
    return em.create(CrecheEntity, fields);
  }

  save(em: EntityManager, creche: CrecheEntity): Promise<CrecheEntity> {
    return em.save(creche);
  }

  /**
   * Keeps the capacity settings in force before a change made on `day`. The first change of a day wins: the days
   * before were under the settings it replaced.
   */
  async keepCapacitySettings(em: EntityManager, crecheId: string, day: string, s: CapacitySettings): Promise<void> {
    await execute(
      em,
      `INSERT INTO creche_capacity_history
         (creche_id, in_force_until, places, surnombre, opening_hours, capacity_bands, opens_on_public_holidays)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)
       ON CONFLICT (creche_id, in_force_until) DO NOTHING`,
      [
        crecheId,
        day,
        s.places,
        s.surnombre,
        JSON.stringify(s.openingHours),
        JSON.stringify(s.capacityBands),
        s.opensOnPublicHolidays,
      ],
    );
  }

  /** The settings replaced after `from`, oldest first (each in force until its day). */
  capacityHistory(em: EntityManager, crecheId: string, from: string): Promise<PastCapacitySettings[]> {
    return selectRows<PastCapacitySettings>(
      em,
      `SELECT to_char(in_force_until, 'YYYY-MM-DD') AS in_force_until, places, surnombre, opening_hours,
              capacity_bands, opens_on_public_holidays
         FROM creche_capacity_history
        WHERE creche_id = $1 AND in_force_until > $2
        ORDER BY in_force_until`,
      [crecheId, from],
    );
  }

  findById(em: EntityManager, id: string, lock = false): Promise<CrecheEntity | null> {
    return em.findOne(CrecheEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async careFeeFacts(em: EntityManager, id: string): Promise<CrecheCareFeeFacts | null> {
    const [row] = await queryPrepared<{
      kind: CrecheEntity['kind'];
      closures: CrecheEntity['closures'];
      opens_on_public_holidays: boolean;
      resources_ceiling_override: string | null;
      billing_unit_minutes: number;
      emergency_rate: CrecheEntity['emergencyRate'];
      emergency_hourly_rate: string | null;
    }>(em, CARE_FEE_FACTS, [id]);
    return row
      ? {
          kind: row.kind,
          closures: row.closures,
          opensOnPublicHolidays: row.opens_on_public_holidays,
          resourcesCeilingOverride: row.resources_ceiling_override,
          billingUnitMinutes: row.billing_unit_minutes,
          emergencyRate: row.emergency_rate,
          emergencyHourlyRate: row.emergency_hourly_rate,
        }
      : null;
  }

  findByIds(em: EntityManager, ids: readonly string[]): Promise<CrecheEntity[]> {
    return em.find(CrecheEntity, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  list(em: EntityManager, territoryId?: string): Promise<CrecheEntity[]> {
    return em.find(CrecheEntity, { where: territoryId ? { territoryId } : {}, order: { name: 'ASC' } });
  }

  async managerIds(em: EntityManager, crecheId: string): Promise<string[]> {
    return (await em.find(CrecheManagerEntity, { where: { crecheId } })).map((r) => r.userId);
  }

  /** The crèche's managers become exactly `userIds`. */
  async replaceManagers(em: EntityManager, crecheId: string, userIds: readonly string[]): Promise<void> {
    await em.delete(CrecheManagerEntity, { crecheId });
    if (userIds.length)
      await em.insert(
        CrecheManagerEntity,
        userIds.map((userId) => ({ crecheId, userId })),
      );
  }

  async exists(em: EntityManager, crecheId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM creches WHERE id = $1`, [crecheId])).length > 0;
  }

  async isManager(em: EntityManager, userId: string, crecheId: string): Promise<boolean> {
    return (
      (await selectRows(em, `SELECT 1 FROM creche_managers WHERE creche_id = $1 AND user_id = $2`, [crecheId, userId]))
        .length > 0
    );
  }

  async managesAny(em: EntityManager, userId: string, crecheIds: readonly string[]): Promise<boolean> {
    return (
      (
        await selectRows(em, `SELECT 1 FROM creche_managers WHERE user_id = $1 AND creche_id = ANY($2) LIMIT 1`, [
          userId,
          crecheIds,
        ])
      ).length > 0
    );
  }

  async managedBy(em: EntityManager, userId: string): Promise<string[]> {
    return (
      await selectRows<{ crecheId: string }>(em, `SELECT creche_id FROM creche_managers WHERE user_id = $1`, [userId])
    ).map((r) => r.crecheId);
  }

  /** The crèche's staff accounts (CRECHE_STAFF), ordered. */
  async staffIds(em: EntityManager, crecheId: string): Promise<string[]> {
    return (
      await selectRows<{ userId: string }>(
        em,
        `SELECT user_id FROM creche_staff WHERE creche_id = $1 ORDER BY user_id`,
        [crecheId],
      )
    ).map((r) => r.userId);
  }

  /** The crèche's staff becomes exactly `userIds`. */
  async replaceStaff(em: EntityManager, crecheId: string, userIds: readonly string[]): Promise<void> {
    await execute(em, `DELETE FROM creche_staff WHERE creche_id = $1`, [crecheId]);
    if (userIds.length)
      await execute(em, `INSERT INTO creche_staff (creche_id, user_id) SELECT $1, unnest($2::uuid[])`, [
        crecheId,
        userIds,
      ]);
  }

  /** One more account in the crèche's team. */
  async addStaff(em: EntityManager, crecheId: string, userId: string): Promise<void> {
    await execute(em, `INSERT INTO creche_staff (creche_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      crecheId,
      userId,
    ]);
  }

  /** Takes one account off the crèche's team; false when it was not in it. */
  async removeStaff(em: EntityManager, crecheId: string, userId: string): Promise<boolean> {
    const rows = await returningRows(
      em,
      `DELETE FROM creche_staff WHERE creche_id = $1 AND user_id = $2 RETURNING user_id`,
      [crecheId, userId],
    );
    return rows.length > 0;
  }

  /** Of these accounts, those in the team of some crèche. */
  async staffedAnywhere(em: EntityManager, userIds: readonly string[]): Promise<string[]> {
    return (
      await selectRows<{ userId: string }>(
        em,
        `SELECT DISTINCT user_id FROM creche_staff WHERE user_id = ANY($1::uuid[])`,
        [userIds],
      )
    ).map((r) => r.userId);
  }

  /** Of these accounts, those in the team of a crèche outside `crecheIds`. */
  async staffOutside(em: EntityManager, userIds: readonly string[], crecheIds: readonly string[]): Promise<string[]> {
    return (
      await selectRows<{ userId: string }>(
        em,
        `SELECT DISTINCT user_id FROM creche_staff WHERE user_id = ANY($1::uuid[]) AND creche_id <> ALL($2::uuid[])`,
        [userIds, crecheIds],
      )
    ).map((r) => r.userId);
  }

  async isStaff(em: EntityManager, userId: string, crecheId: string): Promise<boolean> {
    return (
      (await selectRows(em, `SELECT 1 FROM creche_staff WHERE creche_id = $1 AND user_id = $2`, [crecheId, userId]))
        .length > 0
    );
  }

  async staffedBy(em: EntityManager, userId: string): Promise<string[]> {
    return (
      await selectRows<{ crecheId: string }>(em, `SELECT creche_id FROM creche_staff WHERE user_id = $1`, [userId])
    ).map((r) => r.crecheId);
  }

  /** Locks several crèches' rows in id order (the order every path uses, so two rounds cannot deadlock). */
  /** The crèche's row FOR SHARE until the transaction ends: a change of its settings waits for the holder. */
  async lockShared(em: EntityManager, crecheId: string): Promise<void> {
    await execute(em, `SELECT id FROM creches WHERE id = $1 FOR SHARE`, [crecheId]);
  }

  async lockMany(em: EntityManager, crecheIds: readonly string[]): Promise<void> {
    await execute(em, `SELECT id FROM creches WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [crecheIds]);
  }
}
