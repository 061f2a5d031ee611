import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Whether a staff account is in a crèche's team: read in `creche_staff` (creches) for the users module, whose
 * invitation e-mail to an account named to one more team is written only while the account is still in that team.
 * Read-only.
 */
@Injectable()
export class StaffTeamsReadModel {
  async isInTeam(em: EntityManager, userId: string, crecheId: string): Promise<boolean> {
    const rows = await selectRows(em, `SELECT 1 FROM creche_staff WHERE user_id = $1 AND creche_id = $2`, [
      userId,
      crecheId,
    ]);
    return rows.length > 0;
  }
}
