import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../../common/db/rows';

/** The `territory_coordinators` table (owned by this module): which territory each coordinator account reads. */
@Injectable()
export class TerritoryCoordinatorsRepository {
  async territoryOf(em: EntityManager, userId: string): Promise<string | null> {
    const [row] = await selectRows<{ territoryId: string }>(
      em,
      `SELECT territory_id FROM territory_coordinators WHERE user_id = $1`,
      [userId],
    );
    return row?.territoryId ?? null;
  }

  async userIdsOf(em: EntityManager, territoryId: string): Promise<string[]> {
    const rows = await selectRows<{ userId: string }>(
      em,
      `SELECT user_id FROM territory_coordinators WHERE territory_id = $1 ORDER BY user_id`,
      [territoryId],
    );
    return rows.map((r) => r.userId);
  }

  /** The territory's coordinators become exactly `userIds` (a coordinator moved here leaves their former territory). */
  async replace(em: EntityManager, territoryId: string, userIds: readonly string[]): Promise<void> {
    await em.query(`DELETE FROM territory_coordinators WHERE territory_id = $1 AND NOT (user_id = ANY($2::uuid[]))`, [
      territoryId,
      userIds,
    ]);
    if (userIds.length)
      await em.query(
        `INSERT INTO territory_coordinators (user_id, territory_id) SELECT unnest($2::uuid[]), $1
         ON CONFLICT (user_id) DO UPDATE SET territory_id = EXCLUDED.territory_id, assigned_at = now()
         WHERE territory_coordinators.territory_id <> EXCLUDED.territory_id`,
        [territoryId, userIds],
      );
  }
}
