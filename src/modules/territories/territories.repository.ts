import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TerritoryEntity } from './entities/territory.entity';

/** The `territories` table, owned by the territories module. */
@Injectable()
export class TerritoriesRepository {
  build(em: EntityManager, fields: Partial<TerritoryEntity>): TerritoryEntity {
    return em.create(TerritoryEntity, fields);
  }

  save(em: EntityManager, territory: TerritoryEntity): Promise<TerritoryEntity> {
    return em.save(territory);
  }

  findById(em: EntityManager, id: string, lock = false): Promise<TerritoryEntity | null> {
    return em.findOne(TerritoryEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  list(em: EntityManager): Promise<TerritoryEntity[]> {
    return em.find(TerritoryEntity, { order: { name: 'ASC' } });
  }
}
