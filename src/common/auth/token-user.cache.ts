import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
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
const RECONNECT_MS = { first: 500, max: 30_000 };
/** Accounts kept at most (the oldest stored is dropped first). */
const MAX_ENTRIES = 20_000;

/**
 * The accounts behind recent tokens, so that an authenticated request does not read `users` every time. Kept
 * right by PostgreSQL itself: a trigger on `users` notifies every process (API and workers, all instances) of a
 * changed account at commit, and this cache drops it. Disabling an account or changing a password therefore still
 * revokes its tokens at once. While the listening connection is down the cache is off (every request reads the
 * row), so a lost notification can never keep a revoked token alive.
 */
@Injectable()
export class TokenUserCache implements OnModuleDestroy {
  private readonly logger = new Logger(TokenUserCache.name);
  private readonly entries = new Map<string, { user: TokenUser; storedAt: number }>();
  /** Bumped on every eviction: a read that started before one must not store what it read. */
  private generation = 0;
  private listener: Client | null = null;
  private listening = false;
  private starting: Promise<void> | null = null;
  private reconnectDelay = RECONNECT_MS.first;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The account for `id`, from the cache when it is trustworthy, otherwise from `read` (and then cached). */
  async get(id: string, read: () => Promise<TokenUser | null>): Promise<TokenUser | null> {
    if (!this.listening) this.start();
    const hit = this.listening ? this.entries.get(id) : undefined;
    if (hit && Date.now() - hit.storedAt < MAX_AGE_MS) return hit.user;
    const generation = this.generation;
    const user = await read();
    if (user && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { user, storedAt: Date.now() });
    }
    return user;
  }

  /** Whether the cache is in use (its notification connection is up). */
  isListening(): boolean {
    return this.listening;
  }

  /** Drops accounts changed by this process, right after its commit (the notification follows for the others). */
  evict(ids: readonly string[]): void {
    this.generation += 1;
    for (const id of ids) this.entries.delete(id);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.starting;
    await this.drop();
  }

  /** Opens the listening connection once, on first use: processes that authenticate nobody never open it. */
  private start(): void {
    if (this.starting || this.closed || this.reconnectTimer) return;
    this.starting = this.listen().finally(() => {
      this.starting = null;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, connectionTimeoutMillis: 5000 });
    client.on('notification', (n) => {
      if (n.channel === USER_CHANGED_CHANNEL && n.payload) this.evict([n.payload]);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGED_CHANNEL}`);
      if (this.closed) return void (await client.end());
      this.listener = client;
      this.listening = true;
      this.reconnectDelay = RECONNECT_MS.first;
    } catch (err) {
      this.lost(client);
      this.logger.warn(
        { err: (err as Error).message },
        'user change notifications unavailable; reading accounts on every request',
      );
    }
  }

  /** The connection is gone: forget everything (changes may be missed from now on) and try again later. */
  private lost(client: Client): void {
    if (client !== this.listener && this.listener !== null) return;
    this.listening = false;
    this.listener = null;
    this.evict([...this.entries.keys()]);
    client.end().catch(() => undefined);
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MS.max);
  }

  private async drop(): Promise<void> {
    const client = this.listener;
    this.listening = false;
    this.listener = null;
    this.entries.clear();
    if (client) await client.end().catch(() => undefined);
  }
}
