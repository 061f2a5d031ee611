import { Injectable } from '@nestjs/common';
import { ChannelListener, DbNotifications } from '../db/db-notifications';
import type { AuthUser } from './auth.decorators';

/** What the guard needs of an account to accept a token. */
export interface TokenUser {
  readonly id: string;
  readonly role: AuthUser['role'];
  readonly tokenVersion: number;
  readonly disabled: boolean;
}

/**
 * Reads the account behind a token. The users module owns the `users` table and provides this (its UsersService),
 * so that the guard, in common/, reads no table and imports no feature module.
 */
export abstract class TokenUserReader {
  abstract tokenUser(id: string): Promise<TokenUser | null>;
}

/** The channel the `users` trigger notifies (migration AddUserChangeNotifications) with the changed account's id. */
export const USER_CHANGED_CHANNEL = 'user_changed';
/** A bound on staleness should a notification ever be missed without the connection dropping. */
const MAX_AGE_MS = 60_000;
/** Accounts kept at most (the oldest stored is dropped first). */
const MAX_ENTRIES = 20_000;

/**
 * The accounts behind recent tokens, so that an authenticated request does not read `users` every time. Kept
 * right by PostgreSQL itself: a trigger on `users` notifies every process (API and workers, all instances) of a
 * changed account at commit, and this cache drops it. Disabling an account or changing a password therefore still
 * revokes its tokens at once. While the listening connection (DbNotifications) is down the cache is off (every
 * request reads the row), so a lost notification can never keep a revoked token alive.
 */
@Injectable()
export class TokenUserCache implements ChannelListener {
  private readonly entries = new Map<string, { user: TokenUser; storedAt: number }>();
  /** Bumped on every eviction: a read that started before one must not store what it read. */
  private generation = 0;

  constructor(private readonly notifications: DbNotifications) {
    notifications.subscribe(USER_CHANGED_CHANNEL, this);
  }

  /** The account for `id`, from the cache when it is trustworthy, otherwise from `read` (and then cached). */
  async get(id: string, read: () => Promise<TokenUser | null>): Promise<TokenUser | null> {
    const listening = this.isListening();
    if (!listening) this.notifications.ensureStarted();
    const hit = listening ? this.entries.get(id) : undefined;
    if (hit && Date.now() - hit.storedAt < MAX_AGE_MS) return hit.user;
    const generation = this.generation;
    const user = await read();
    if (user && this.isListening() && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { user, storedAt: Date.now() });
    }
    return user;
  }

  /** Whether the cache is in use (its notification connection is up). */
  isListening(): boolean {
    return this.notifications.isListening(USER_CHANGED_CHANNEL);
  }

  /** Drops accounts changed by this process, right after its commit (the notification follows for the others). */
  evict(ids: readonly string[]): void {
    this.generation += 1;
    for (const id of ids) this.entries.delete(id);
  }

  notified(payload: string): void {
    if (payload) this.evict([payload]);
  }

  /** The connection is gone: forget everything (changes may be missed from now on). */
  lost(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
