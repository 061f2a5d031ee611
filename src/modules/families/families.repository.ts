import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, selectRows } from '../../common/db/rows';

/** The SQL of `families`, `family_members`, `children` and `family_invitations` beyond finds by id. */
@Injectable()
export class FamiliesRepository {
  async exists(em: EntityManager, familyId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM families WHERE id = $1`, [familyId])).length > 0;
  }

  async isMember(em: EntityManager, familyId: string, userId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM family_members WHERE family_id = $1 AND user_id = $2`, [familyId, userId])).length > 0;
  }

  /**
   * Whether a manager sees a household: through an application or a contract at one of their crèches. Reads the
   * applications', contracts' and crèches' tables (a named cross-module read, kept with the rule it serves).
   */
  async managerSees(em: EntityManager, familyId: string, managerId: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM creche_managers m
        WHERE m.user_id = $2 AND (
          EXISTS (SELECT 1 FROM applications a JOIN application_preferences p ON p.application_id = a.id
                   WHERE a.family_id = $1 AND p.creche_id = m.creche_id)
          OR EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id
                      WHERE ch.family_id = $1 AND c.creche_id = m.creche_id))
        LIMIT 1`,
      [familyId, managerId],
    );
    return rows.length > 0;
  }

  async isParentOfChild(em: EntityManager, childId: string, userId: string): Promise<boolean> {
    const rows = await selectRows(em, `SELECT 1 FROM children ch JOIN family_members m ON m.family_id = ch.family_id WHERE ch.id = $1 AND m.user_id = $2`, [childId, userId]);
    return rows.length > 0;
  }

  async familyIdOf(em: EntityManager, userId: string): Promise<string | null> {
    const [row] = await selectRows<{ familyId: string }>(em, `SELECT family_id FROM family_members WHERE user_id = $1`, [userId]);
    return row?.familyId ?? null;
  }

  /** GDPR erasure of the household's own rows (see FamiliesService.anonymiseInTx). */
  async anonymise(em: EntityManager, familyId: string): Promise<void> {
    await execute(
      em,
      `UPDATE families SET commune_insee_code = NULL, monthly_resources = NULL, caf_number = NULL, single_parent = false,
              atypical_work_hours = false, social_minima_or_insertion = false, other_household_disability = false, updated_at = now()
        WHERE id = $1`,
      [familyId],
    );
    // Children keep a birth month (ages of past contracts stay readable), nothing that names them.
    await execute(
      em,
      `UPDATE children SET first_name = 'Effacé', birth_date = date_trunc('month', birth_date)::date,
              expected_birth_date = date_trunc('month', expected_birth_date)::date, updated_at = now() WHERE family_id = $1`,
      [familyId],
    );
    await execute(em, `DELETE FROM family_invitations WHERE family_id = $1`, [familyId]);
  }
}
