import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TokenUser } from '../../common/auth/token-user.cache';
import { queryPrepared } from '../../common/db/prepared-query';
import { execute, mapRow, returningRows, selectRows } from '../../common/db/rows';
import type { Role } from './domain/role';
import type { TeamMember } from './domain/team-member';
import { UserEntity } from './entities/user.entity';

/** Read on every authenticated request (when the token cache misses), so prepared once per connection. */
const USER_FOR_TOKEN = {
  name: 'user_for_token',
  text: `SELECT id, role, token_version, disabled_at FROM users WHERE id = $1`,
};

export interface NewUserRow {
  readonly email: string;
  readonly passwordHash: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: Role;
  readonly emailVerifiedAt: Date | null;
}

/** What other modules may read of an account: never its password hash or token version. */
export interface UserContact {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: Role;
  readonly emailVerifiedAt: Date | null;
}

/** An account found by its address, as an invitation to a team needs it (never its password hash). */
export interface AccountByEmail {
  readonly id: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly tokenVersion: number;
}

/** The `users` table: every statement that reads or writes it. */
@Injectable()
export class UsersRepository {
  /** `share`: the row held (FOR SHARE) until the caller's transaction ends; a change of it waits, or fails the caller. */
  findById(em: EntityManager, id: string, lock?: 'share'): Promise<UserEntity | null> {
    return em.findOne(UserEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
  }

  findByEmail(em: EntityManager, email: string): Promise<UserEntity | null> {
    return em.findOne(UserEntity, { where: { email } });
  }

  /** Of these accounts, the staff accounts that never chose a password (address not proved), their rows locked. */
  async neverUsedStaff(em: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM users WHERE id = ANY($1::uuid[]) AND role = 'CRECHE_STAFF' AND email_verified_at IS NULL
          AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  async exists(em: EntityManager, id: string): Promise<boolean> {
    return (await selectRows<{ id: string }>(em, `SELECT id FROM users WHERE id = $1`, [id])).length > 0;
  }

  async contact(em: EntityManager, id: string): Promise<UserContact | null> {
    const [user] = await selectRows<UserContact>(
      em,
      `SELECT id, email, first_name, last_name, role FROM users WHERE id = $1`,
      [id],
    );
    return user ?? null;
  }

  /** See TeamMember; by last name, first name. */
  teamMembers(em: EntityManager, ids: readonly string[]): Promise<TeamMember[]> {
    return selectRows<TeamMember>(
      em,
      `SELECT id, email, first_name, last_name, email_verified_at IS NOT NULL AS email_verified,
              disabled_at IS NOT NULL AS disabled
         FROM users WHERE id = ANY($1::uuid[]) ORDER BY last_name, first_name, id`,
      [ids],
    );
  }

  /** The account with this address, its row locked (FOR UPDATE) until the caller's transaction ends. */
  async lockByEmail(em: EntityManager, email: string): Promise<AccountByEmail | null> {
    const [account] = await selectRows<AccountByEmail>(
      em,
      `SELECT id, role, disabled_at IS NOT NULL AS disabled, token_version FROM users WHERE email = $1 FOR UPDATE`,
      [email],
    );
    return account ?? null;
  }

  async idByEmail(em: EntityManager, email: string): Promise<string | null> {
    const [user] = await selectRows<{ id: string }>(em, `SELECT id FROM users WHERE email = $1`, [email]);
    return user?.id ?? null;
  }

  /** The roles of those of these accounts that are not disabled. */
  activeRolesOf(em: EntityManager, ids: readonly string[]): Promise<{ id: string; role: Role }[]> {
    return selectRows<{ id: string; role: Role }>(
      em,
      `SELECT id, role FROM users WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`,
      [ids],
    );
  }

  countAdmins(em: EntityManager): Promise<number> {
    return em.count(UserEntity, { where: { role: 'ADMIN' } });
  }

  /** What the auth guard needs of an account; a prepared statement (hot path). */
  async tokenUser(em: EntityManager, id: string): Promise<TokenUser | null> {
    const [raw] = await queryPrepared<Record<string, unknown>>(em, USER_FOR_TOKEN, [id]);
    if (!raw) return null;
    const row = mapRow<{ id: string; role: Role; tokenVersion: number; disabledAt: Date | null }>(raw);
    return { id: row.id, role: row.role, tokenVersion: row.tokenVersion, disabled: row.disabledAt !== null };
  }

  /** Throws the driver's error on `uq_users_email`; the service maps it. */
  insert(em: EntityManager, user: NewUserRow): Promise<UserEntity> {
    return em.save(em.create(UserEntity, { ...user }));
  }

  /** Marks the address proved, if it is still the account's address; true when it is (now or already) verified. */
  async markEmailVerified(em: EntityManager, id: string, email: string): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
        WHERE id = $1 AND email = $2 AND disabled_at IS NULL RETURNING id`,
      [id, email],
    );
    return rows.length > 0;
  }

  async isEmailVerified(em: EntityManager, id: string): Promise<boolean> {
    const [row] = await selectRows<{ verified: boolean }>(
      em,
      `SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1`,
      [id],
    );
    return row?.verified ?? false;
  }

  /** Sets the hash and bumps the token version (revokes every token issued before). */
  async changePassword(em: EntityManager, id: string, passwordHash: string): Promise<void> {
    await execute(
      em,
      `UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /** A forgotten password's new hash, for an enabled account, with the token-version bump; false when disabled. */
  async resetPassword(em: EntityManager, id: string, passwordHash: string): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now()
        WHERE id = $1 AND disabled_at IS NULL RETURNING id`,
      [id, passwordHash],
    );
    return rows.length > 0;
  }

  /** Disables an enabled account and revokes its tokens; false when there is no such enabled account. */
  async disable(em: EntityManager, id: string): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE users SET disabled_at = now(), token_version = token_version + 1, updated_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Anonymises accounts (GDPR erasure), disables them and revokes their tokens; returns the ids it changed. */
  async erase(em: EntityManager, ids: readonly string[]): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE users u SET email = 'erased-' || u.id || '@erased.invalid', first_name = 'Effacé', last_name = 'Effacé',
              password_hash = 'erased', disabled_at = COALESCE(u.disabled_at, now()), token_version = u.token_version + 1, updated_at = now()
        WHERE u.id = ANY($1::uuid[]) RETURNING u.id`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Serialises the first-admin bootstrap across processes, until the end of the transaction. */
  async lockFirstAdminBootstrap(em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('berceau.first-admin'))`);
  }
}
