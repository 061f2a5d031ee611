import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../common/db/prepared-query';

/** Prepared once per connection: it goes out with every booking (issue #18). */
// Its generic plan costs what a custom one does (children found by the index on applications' child), so PostgreSQL
// keeps it: an earlier form, anti-joins from children, was planned again on every booking (0.27 ms of its CPU).
const CHILDREN_WHO_LEFT = {
  name: 'households_left_children',
  text: `SELECT a.child_id FROM applications a
           JOIN application_preferences p ON p.application_id = a.id
          WHERE a.child_id = ANY($2::uuid[]) AND p.creche_id = $1
          GROUP BY a.child_id
         HAVING bool_or(a.status IN ('WITHDRAWN', 'LAPSED')
                        OR (a.status = 'ACCEPTED' AND a.admitted_creche_id IS DISTINCT FROM $1))
            AND NOT bool_or(a.status IN ('SUBMITTED', 'OFFERED') OR (a.status = 'ACCEPTED' AND a.admitted_creche_id = $1))
            AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.creche_id = $1 AND c.child_id = a.child_id)`,
};

/**
 * Children whose household left a crèche: it applied there for the child, then withdrew, let the application lapse
 * or accepted a place in another crèche, and neither applies there again (an application submitted or offered, or
 * accepted there) nor ever had a contract there. As for a manager's sight of the household (`managerSees`), an
 * application accepted elsewhere no longer opens it to the crèches it also listed. The crèche learnt the child's id from that
 * application; it may not book the child or sign a contract for it on its own (which would open the household's data
 * to it again and bill a family that left), the household applies again. Read across `applications` and `contracts`
 * for the contracts module. Read-only.
 */
@Injectable()
export class HouseholdsLeftReadModel {
  async childrenWhoLeft(em: EntityManager, crecheId: string, childIds: readonly string[]): Promise<Set<string>> {
    const rows = await queryPrepared<{ child_id: string }>(em, CHILDREN_WHO_LEFT, [crecheId, [...childIds]]);
    return new Set(rows.map((r) => r.child_id));
  }
}
