import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../../common/db/rows';
import type { FeeScaleVersion } from './domain/fee-scale';
import { FeeScaleEntity, toScaleVersion } from './entities/fee-scale.entity';
import { PreparedStatement, queryPrepared } from '../../common/db/prepared-query';

/**
 * A fingerprint of every version as the statement's snapshot sees it: each row's id and the transaction that wrote
 * its current version (`xmin`), so that an insert, an update or a delete each change it.
 */
const STAMP: PreparedStatement = {
  name: 'fee_scales_stamp',
  text: `SELECT md5(coalesce(string_agg(id::text || ':' || xmin::text, ',' ORDER BY id), '')) AS stamp FROM fee_scales`,
};

/** The SQL of `fee_scales` (and whether `fee_computations` use a version), owned by the fees module. */
@Injectable()
export class FeeScalesRepository {
  async all(em: EntityManager): Promise<FeeScaleVersion[]> {
    return (await em.find(FeeScaleEntity, { order: { effectiveFrom: 'ASC' } })).map(toScaleVersion);
  }

  /** See STAMP: equal stamps, equal versions. */
  async stamp(em: EntityManager): Promise<string> {
    const [row] = await queryPrepared<{ stamp: string }>(em, STAMP, []);
    return row.stamp;
  }

  listEntities(em: EntityManager): Promise<FeeScaleEntity[]> {
    return em.find(FeeScaleEntity, { order: { effectiveFrom: 'ASC' } });
  }

  findById(em: EntityManager, id: string, lock = false): Promise<FeeScaleEntity | null> {
    return em.findOne(FeeScaleEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  build(em: EntityManager, fields: Partial<FeeScaleEntity>): FeeScaleEntity {
    return em.create(FeeScaleEntity, fields);
  }

  save(em: EntityManager, scale: FeeScaleEntity): Promise<FeeScaleEntity> {
    return em.save(scale);
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(FeeScaleEntity, { id });
  }

  /** The versions some stored computation uses (immutable from then on). */
  async usedIds(em: EntityManager): Promise<Set<string>> {
    const rows = await selectRows<{ scaleId: string }>(em, `SELECT DISTINCT scale_id FROM fee_computations`);
    return new Set(rows.map((r) => r.scaleId));
  }

  async isUsed(em: EntityManager, id: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM fee_computations WHERE scale_id = $1 LIMIT 1`, [id])).length > 0;
  }
}
