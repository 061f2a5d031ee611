import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** What a subscriber of a channel hears: each notification, and the loss of the connection (changes may be missed). */
export interface ChannelListener {
  notified(payload: string): void;
  /** The listening connection is gone: whatever was cached from notifications can no longer be trusted. */
  lost(): void;
}

const RECONNECT_MS = { first: 500, max: 30_000 };
/** The listening connection's name in `pg_stat_activity` (tests find it there to cut it). */
export const LISTENER_APPLICATION_NAME = 'berceau-listener';

/**
 * One PostgreSQL connection per process that LISTENs to the channels the in-memory caches subscribe to (accounts,
 * fee scales, the public crèche list...). Triggers on the tables notify at commit, so every process (API and
 * workers, all instances) hears every committed change, its own included. While the connection is down, `isListening`
 * is false for every channel and the caches must read the database; it reconnects by itself, with a growing delay.
 *
 * The connection is opened on first use (`ensureStarted`): a process that caches nothing never opens it.
 */
@Injectable()
export class DbNotifications implements OnModuleDestroy {
  private readonly logger = new Logger(DbNotifications.name);
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private client: Client | null = null;
  /** The channels LISTENed on the current connection. */
  private readonly live = new Set<string>();
  private starting: Promise<void> | null = null;
  private reconnectDelay = RECONNECT_MS.first;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Registers a listener of `channel`; the channel is LISTENed on the next (re)connection, or at once if connected. */
  subscribe(channel: string, listener: ChannelListener): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    if (this.client && !this.live.has(channel)) this.listenOn(this.client, [channel]).catch(() => undefined);
  }

  /** Whether notifications of `channel` are being received (a cache may then trust what it holds). */
  isListening(channel: string): boolean {
    return this.client !== null && this.live.has(channel);
  }

  /** Opens the listening connection if it is not open or being opened (cheap: call it on every cache read). */
  ensureStarted(): void {
    if (this.client || this.starting || this.closed || this.reconnectTimer) return;
    this.starting = this.connect().finally(() => {
      this.starting = null;
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.starting;
    const client = this.client;
    this.client = null;
    this.live.clear();
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: 5000,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on('notification', (n) => {
      for (const l of this.listeners.get(n.channel) ?? []) l.notified(n.payload ?? '');
    });
    client.on('error', () => this.lose(client));
    client.on('end', () => this.lose(client));
    try {
      await client.connect();
      if (this.closed) return void (await client.end());
      this.client = client;
      // One statement per channel, in name order (so that the last one a connection ran is stable).
      await this.listenOn(client, [...this.listeners.keys()].sort());
      this.reconnectDelay = RECONNECT_MS.first;
    } catch (err) {
      this.lose(client);
      this.logger.warn(
        { err: (err as Error).message },
        'change notifications unavailable; caches read the database on every request',
      );
    }
  }

  private async listenOn(client: Client, channels: readonly string[]): Promise<void> {
    for (const channel of channels) {
      await client.query(`LISTEN ${channel}`);
      if (client === this.client) this.live.add(channel);
    }
  }

  /** The connection is gone: every subscriber forgets (changes may be missed from now on); try again later. */
  private lose(client: Client): void {
    if (client !== this.client && this.client !== null) return;
    const wasUp = this.client !== null;
    this.client = null;
    this.live.clear();
    client.end().catch(() => undefined);
    if (wasUp) for (const set of this.listeners.values()) for (const l of set) l.lost();
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.ensureStarted();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MS.max);
  }
}
