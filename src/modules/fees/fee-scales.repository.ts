import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FeeScaleVersion } from './domain/fee-scale';
import { FeeScaleEntity, toScaleVersion } from './entities/fee-scale.entity';

@Injectable()
export class FeeScalesRepository {
  async all(em: EntityManager): Promise<FeeScaleVersion[]> {
    return (await em.find(FeeScaleEntity, { order: { effectiveFrom: 'ASC' } })).map(toScaleVersion);
  }
}
