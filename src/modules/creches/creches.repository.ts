import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { execute, selectRows } from '../../common/db/rows';
import { CrecheEntity } from './entities/creche.entity';
import { CrecheManagerEntity } from './entities/creche-manager.entity';

/** The SQL of `creches` and `creche_managers` that is more than a find by id, owned by the crèches module. */
@Injectable()
export class CrechesRepository {
  build(em: EntityManager, fields: Partial<CrecheEntity>): CrecheEntity {
    return em.create(CrecheEntity, fields);
  }

  save(em: EntityManager, creche: CrecheEntity): Promise<CrecheEntity> {
    return em.save(creche);
  }

  findById(em: EntityManager, id: string, lock = false): Promise<CrecheEntity | null> {
    return em.findOne(CrecheEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
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

  /** Locks several crèches' rows in id order (the order every path uses, so two rounds cannot deadlock). */
  async lockMany(em: EntityManager, crecheIds: readonly string[]): Promise<void> {
    await execute(em, `SELECT id FROM creches WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [crecheIds]);
  }
}
