import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';

/**
 * Who may see a household: its parents; a manager only through an application or a contract at one of their
 * crèches; admins. Anyone else gets the same 404 as for a household that does not exist.
 */
@Injectable()
export class FamilyAccess {
  async assertCanRead(em: EntityManager, user: AuthUser, familyId: string): Promise<void> {
    if (!(await this.canRead(em, user, familyId))) throw notFound();
  }

  /** The household's own parents (and admins) may change it. */
  async assertIsMember(em: EntityManager, user: AuthUser, familyId: string): Promise<void> {
    const rows: unknown[] =
      user.role === 'ADMIN'
        ? await em.query(`SELECT 1 FROM families WHERE id = $1`, [familyId])
        : await em.query(`SELECT 1 FROM family_members WHERE family_id = $1 AND user_id = $2`, [familyId, user.id]);
    if (rows.length === 0) throw notFound();
  }

  private async canRead(em: EntityManager, user: AuthUser, familyId: string): Promise<boolean> {
    if (user.role === 'ADMIN') return (await em.query(`SELECT 1 FROM families WHERE id = $1`, [familyId])).length > 0;
    const sql: Record<string, string | undefined> = {
      PARENT: `SELECT 1 FROM family_members WHERE family_id = $1 AND user_id = $2`,
      MANAGER: `SELECT 1 FROM creche_managers m
                 WHERE m.user_id = $2 AND (
                   EXISTS (SELECT 1 FROM applications a JOIN application_preferences p ON p.application_id = a.id
                            WHERE a.family_id = $1 AND p.creche_id = m.creche_id)
                   OR EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id
                               WHERE ch.family_id = $1 AND c.creche_id = m.creche_id))
                 LIMIT 1`,
    };
    const query = sql[user.role];
    if (!query) return false;
    return (await em.query(query, [familyId, user.id])).length > 0;
  }

  /** The household of a parent account, or null. */
  async familyIdOf(em: EntityManager, userId: string): Promise<string | null> {
    const rows: { family_id: string }[] = await em.query(`SELECT family_id FROM family_members WHERE user_id = $1`, [userId]);
    return rows[0]?.family_id ?? null;
  }
}

export function notFound(): DomainError {
  return new DomainError('FAMILY.NOT_FOUND', 'Foyer introuvable.');
}
