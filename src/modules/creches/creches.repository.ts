import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, selectRows } from '../../common/db/rows';

/** The SQL of `creches` and `creche_managers` that is more than a find by id, owned by the crèches module. */
@Injectable()
export class CrechesRepository {
  async exists(em: EntityManager, crecheId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM creches WHERE id = $1`, [crecheId])).length > 0;
  }

  async isManager(em: EntityManager, userId: string, crecheId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM creche_managers WHERE creche_id = $1 AND user_id = $2`, [crecheId, userId])).length > 0;
  }

  async managesAny(em: EntityManager, userId: string, crecheIds: readonly string[]): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM creche_managers WHERE user_id = $1 AND creche_id = ANY($2) LIMIT 1`, [userId, crecheIds])).length > 0;
  }

  async managedBy(em: EntityManager, userId: string): Promise<string[]> {
    return (await selectRows<{ crecheId: string }>(em, `SELECT creche_id FROM creche_managers WHERE user_id = $1`, [userId])).map((r) => r.crecheId);
  }

  /** Locks several crèches' rows in id order (the order every path uses, so two rounds cannot deadlock). */
  async lockMany(em: EntityManager, crecheIds: readonly string[]): Promise<void> {
    await execute(em, `SELECT id FROM creches WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [crecheIds]);
  }
}
