import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../common/db/prepared-query';

/** Prepared once per connection: it goes out with every booking (issue #18). */
const CHILDREN_WHO_LEFT = {
  name: 'households_left_children',
  text: `SELECT ch.id AS child_id FROM children ch
          WHERE ch.id = ANY($2::uuid[])
            AND EXISTS (SELECT 1 FROM applications a JOIN application_preferences p ON p.application_id = a.id
                         WHERE a.family_id = ch.family_id AND a.child_id = ch.id AND p.creche_id = $1
                           AND a.status IN ('WITHDRAWN', 'LAPSED'))
            AND NOT EXISTS (SELECT 1 FROM applications a JOIN application_preferences p ON p.application_id = a.id
                             WHERE a.family_id = ch.family_id AND a.child_id = ch.id AND p.creche_id = $1
                               AND a.status IN ('SUBMITTED', 'OFFERED', 'ACCEPTED'))
            AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.creche_id = $1 AND c.child_id = ch.id)`,
};

/**
 * Children whose household left a crèche: it applied there for the child, then withdrew or let the application
 * lapse, and neither applies there again nor ever had a contract there. The crèche learnt the child's id from that
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
