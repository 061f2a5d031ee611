import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Builds an entity from a raw row (`SELECT t.* …`) with TypeORM's own column metadata and hydration, for the few
 * hot statements written in SQL (a lock that also checks a right) that must still hand back an entity.
 */
export function entityFromRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = em.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(entity, em.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
