import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute } from '../../common/db/rows';

/** The database's side of the health check: a round trip that reads no table. */
@Injectable()
export class HealthRepository {
  async ping(em: EntityManager): Promise<void> {
    await execute(em, 'SELECT 1');
  }
}
