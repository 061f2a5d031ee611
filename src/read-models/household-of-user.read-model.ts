import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * The household an account belongs to, read from `family_members` (families) for GET /me, so that the web app finds
 * the family's pages from the signed-in account. Read-only.
 */
export const HouseholdOfUserReadModel = {
  async familyIdOf(em: EntityManager, userId: string): Promise<string | null> {
    const [row] = await selectRows<{ familyId: string }>(
      em,
      // As FamilyAccess.familyIdOf: the household whose applications and pages this account acts on.
      `SELECT family_id FROM family_members WHERE user_id = $1`,
      [userId],
    );
    return row?.familyId ?? null;
  },
};
