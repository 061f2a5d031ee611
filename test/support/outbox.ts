import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * `count` parent accounts and, for each, a pending welcome notice in the outbox (as registration writes it, with the
 * account's id so that rendering reads the database), straight in SQL: the notice tests and benches need thousands.
 */
export async function fillOutbox(
  ds: DataSource,
  count: number,
): Promise<{ noticeIds: string[]; emails: string[]; messageIds: Set<string> }> {
  const tag = randomBytes(4).toString('hex');
  const users: { id: string; email: string }[] = await ds.query(
    `INSERT INTO users (email, password_hash, first_name, last_name, role)
     SELECT 'outbox-' || $1 || '-' || g || '@example.test', 'x', 'Camille', 'Outbox', 'PARENT'
       FROM generate_series(1, $2::int) g
     RETURNING id, email`,
    [tag, count],
  );
  const notices: { id: string }[] = await ds.query(
    `INSERT INTO notices (recipient_user_id, type, template_data, idempotency_key)
     SELECT u.id, 'WELCOME', jsonb_build_object('userId', u.id), 'outbox-' || $2 || '-' || u.id
       FROM unnest($1::uuid[]) AS u(id)
     RETURNING id`,
    [users.map((u) => u.id), tag],
  );
  return {
    noticeIds: notices.map((n) => n.id),
    emails: users.map((u) => u.email),
    messageIds: new Set(notices.map((n) => `<notice-${n.id}@berceau>`)),
  };
}
