import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** Who an application or a contract is about, as a crèche's manager needs to recognise and call the family. */
export interface ApplicationPeople {
  readonly applicationId: string;
  readonly childId: string;
  readonly childFirstName: string;
  /** The household's parents, "Prénom Nom", in a stable order. */
  readonly parents: string[];
}

/**
 * The child's first name and the parents' names of applications (or of children), for the managers' rounds, offers
 * and contracts pages. Read across `applications` (applications), `children`, `family_members` (families) and `users`
 * (users) for the allocation and contracts modules (their managers' pages). Read-only; the callers check the crèche first.
 */
@Injectable()
export class FamilyNamesReadModel {
  ofApplications(em: EntityManager, applicationIds: readonly string[]): Promise<ApplicationPeople[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return selectRows<ApplicationPeople>(
      em,
      `SELECT a.id AS application_id, ch.id AS child_id, ch.first_name AS child_first_name,
              COALESCE((SELECT array_agg(u.first_name || ' ' || u.last_name ORDER BY u.last_name, u.first_name, u.id)
                          FROM family_members fm JOIN users u ON u.id = fm.user_id
                         WHERE fm.family_id = ch.family_id), '{}') AS parents
         FROM applications a JOIN children ch ON ch.id = a.child_id
        WHERE a.id = ANY($1::uuid[])`,
      [[...new Set(applicationIds)]],
    );
  }

  /**
   * The parents' names of each child's household, "Prénom Nom" in a stable order; none once the household is erased
   * (its accounts keep an anonymised "Effacé Effacé", not a name to show).
   */
  async childParents(em: EntityManager, childIds: readonly string[]): Promise<Map<string, string[]>> {
    if (childIds.length === 0) return new Map();
    const rows = await selectRows<{ id: string; parents: string[] }>(
      em,
      `SELECT ch.id,
              COALESCE((SELECT array_agg(u.first_name || ' ' || u.last_name ORDER BY u.last_name, u.first_name, u.id)
                          FROM family_members fm JOIN users u ON u.id = fm.user_id
                         WHERE fm.family_id = ch.family_id AND f.erased_at IS NULL), '{}') AS parents
         FROM children ch JOIN families f ON f.id = ch.family_id
        WHERE ch.id = ANY($1::uuid[])`,
      [[...new Set(childIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.parents]));
  }

  /** First names of children by id (children erased are absent). */
  async childFirstNames(em: EntityManager, childIds: readonly string[]): Promise<Map<string, string>> {
    if (childIds.length === 0) return new Map();
    const rows = await selectRows<{ id: string; firstName: string }>(
      em,
      `SELECT id, first_name FROM children WHERE id = ANY($1::uuid[])`,
      [[...new Set(childIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.firstName]));
  }
}
