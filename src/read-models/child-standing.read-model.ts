import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Whether a child stands anywhere a crèche or the waitlist relies on its birth date: an application (any status: its
 * refusals and seniority follow the child) or a contract. Read across `applications` (applications) and `contracts`
 * (contracts) for the families module, which checks a change of the child's dates. Read-only.
 */
@Injectable()
export class ChildStandingReadModel {
  async appliedOrInCare(em: EntityManager, childId: string): Promise<boolean> {
    const [row] = await selectRows<{ found: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM applications WHERE child_id = $1)
           OR EXISTS (SELECT 1 FROM contracts WHERE child_id = $1) AS found`,
      [childId],
    );
    return row.found;
  }
}
