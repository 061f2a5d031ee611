import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';

/**
 * Row-level access to a crèche's private data. A manager who does not manage the crèche gets the same 404 as for
 * a crèche that does not exist, so nothing leaks about other structures.
 */
@Injectable()
export class CrecheAccess {
  /** `denied` builds the error: a contract or booking of another crèche answers its own 404. */
  async assertCanPlan(em: EntityManager, user: AuthUser, crecheId: string, denied: () => DomainError = notFound): Promise<void> {
    let rows: unknown[] = [];
    if (user.role === 'ADMIN') rows = await em.query(`SELECT 1 FROM creches WHERE id = $1`, [crecheId]);
    if (user.role === 'MANAGER') {
      rows = await em.query(`SELECT 1 FROM creche_managers WHERE creche_id = $1 AND user_id = $2`, [crecheId, user.id]);
    }
    if (rows.length === 0) throw denied();
  }

  /** Occupancy figures: the crèche's managers, admins, and Caf auditors (territory-wide, read-only). */
  async assertCanReadOccupancy(em: EntityManager, user: AuthUser, crecheId: string): Promise<void> {
    if (user.role === 'CAF_AUDITOR') {
      const rows: unknown[] = await em.query(`SELECT 1 FROM creches WHERE id = $1`, [crecheId]);
      if (rows.length === 0) throw notFound();
      return;
    }
    await this.assertCanPlan(em, user, crecheId);
  }

  /** The crèches a manager manages (null: every crèche, for admins and auditors). */
  async managedCrecheIds(em: EntityManager, user: AuthUser): Promise<string[] | null> {
    if (user.role !== 'MANAGER') return null;
    const rows: { creche_id: string }[] = await em.query(`SELECT creche_id FROM creche_managers WHERE user_id = $1`, [user.id]);
    return rows.map((r) => r.creche_id);
  }
}

export function notFound(): DomainError {
  return new DomainError('CRECHE.NOT_FOUND', 'Crèche introuvable.');
}
