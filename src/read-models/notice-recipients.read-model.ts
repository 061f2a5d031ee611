import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Who receives a notice: read from `family_members` (families) and `users` (users) by the notice pipeline, which
 * sits below both modules and so cannot ask their services. Read-only.
 */
@Injectable()
export class NoticeRecipientsReadModel {
  /** The parent accounts of a household, in a stable order. */
  async parentsOf(em: EntityManager, familyId: string): Promise<string[]> {
    const rows = await selectRows<{ userId: string }>(
      em,
      `SELECT user_id FROM family_members WHERE family_id = $1 ORDER BY user_id`,
      [familyId],
    );
    return rows.map((r) => r.userId);
  }

  /** Where and how to greet a recipient, or null if the account is gone. */
  async contactOf(em: EntityManager, userId: string): Promise<{ email: string; firstName: string } | null> {
    const [row] = await selectRows<{ email: string; firstName: string }>(
      em,
      `SELECT email, first_name FROM users WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** The account's address once it is proved, or null: notices sent to that address before it had an account. */
  async provedAddressOf(em: EntityManager, userId: string): Promise<string | null> {
    const [row] = await selectRows<{ email: string }>(
      em,
      `SELECT email FROM users WHERE id = $1 AND email_verified_at IS NOT NULL`,
      [userId],
    );
    return row?.email ?? null;
  }

  /** `contactOf` for many recipients in one query, with whether the account is disabled (accounts gone are absent). */
  async contactsOf(
    em: EntityManager,
    userIds: readonly string[],
  ): Promise<Map<string, { email: string; firstName: string; disabled: boolean }>> {
    const rows = await selectRows<{ id: string; email: string; firstName: string; disabled: boolean }>(
      em,
      `SELECT id, email, first_name, disabled_at IS NOT NULL AS disabled FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.id, { email: r.email, firstName: r.firstName, disabled: r.disabled }]));
  }
}
