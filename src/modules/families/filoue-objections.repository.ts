import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The FILOUÉ objection column of `families` (owned by the families module). */
@Injectable()
export class FiloueObjectionsRepository {
  /** Sets the objection's date unless one is recorded already; returns the recorded date. */
  async object(em: EntityManager, familyId: string, at: Date): Promise<Date> {
    const [rows] = await em.query(
      `UPDATE families SET filoue_objected_at = COALESCE(filoue_objected_at, $2) WHERE id = $1 RETURNING filoue_objected_at`,
      [familyId, at],
    );
    return rows[0].filoue_objected_at as Date;
  }

  async withdraw(em: EntityManager, familyId: string): Promise<void> {
    await em.query(`UPDATE families SET filoue_objected_at = NULL WHERE id = $1`, [familyId]);
  }
}
