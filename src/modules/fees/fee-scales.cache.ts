import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelListener, DbNotifications } from '../../common/db/db-notifications';
import type { FeeScaleVersion } from './domain/fee-scale';
import { FeeScalesRepository } from './fee-scales.repository';

/** The channel the `fee_scales` trigger notifies (migration CacheScalesAndCrecheList) at every change. */
export const FEE_SCALES_CHANGED_CHANNEL = 'fee_scales_changed';
/** A bound on staleness should a notification ever be missed without the connection dropping. */
const MAX_AGE_MS = 60_000;

/**
 * Every scale version, held in memory for the simulator (which would otherwise read them all on each quote). Kept
 * right by PostgreSQL: a trigger on `fee_scales` notifies every process at commit and the versions are read again
 * on the next quote. While the listening connection is down, every quote reads the table, as before. Computations
 * stored in a transaction (bookings) take the versions held here only when the transaction itself sees the same ones
 * (`inTransaction`: their stamp, one short statement, instead of every version read and mapped again).
 */
@Injectable()
export class FeeScalesCache implements ChannelListener {
  private held: { scales: readonly FeeScaleVersion[]; stamp: string; storedAt: number } | null = null;
  /** Bumped on every change: a read that started before one must not store what it read. */
  private generation = 0;
  private loading: { generation: number; promise: Promise<readonly FeeScaleVersion[]> } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: FeeScalesRepository,
    private readonly notifications: DbNotifications,
  ) {
    notifications.subscribe(FEE_SCALES_CHANGED_CHANNEL, this);
  }

  /** Every version, oldest first (do not modify). */
  all(): Promise<readonly FeeScaleVersion[]> {
    const listening = this.notifications.isListening(FEE_SCALES_CHANGED_CHANNEL);
    if (!listening) {
      this.notifications.ensureStarted();
      return this.repo.all(this.dataSource.manager);
    }
    const held = this.held;
    if (held && Date.now() - held.storedAt < MAX_AGE_MS) return Promise.resolve(held.scales);
    // One read for all the quotes that arrive while it runs (after a change, under load).
    if (this.loading?.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const promise = this.load().then(({ scales, stamp }) => {
      if (generation === this.generation && this.notifications.isListening(FEE_SCALES_CHANGED_CHANNEL))
        this.held = { scales, stamp, storedAt: Date.now() };
      return scales;
    });
    this.loading = { generation, promise };
    void promise.then(
      () => this.settle(generation),
      () => this.settle(generation),
    );
    return promise;
  }

  /**
   * Every version as the caller's transaction sees them: those held here when their stamp is the transaction's
   * (whatever the age or the listening connection: the stamp is read in the transaction), else read in it.
   */
  async inTransaction(em: EntityManager): Promise<readonly FeeScaleVersion[]> {
    const stamp = await this.repo.stamp(em);
    const held = this.held;
    if (held?.stamp === stamp) return held.scales;
    // Held ones are missing or older: read them in the transaction, and have them held again for the next ones.
    if (this.notifications.isListening(FEE_SCALES_CHANGED_CHANNEL)) void this.all().catch(() => undefined);
    return this.repo.all(em);
  }

  /** The versions and their stamp from one snapshot (a read-only repeatable-read transaction). */
  private load(): Promise<{ scales: readonly FeeScaleVersion[]; stamp: string }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => ({
      stamp: await this.repo.stamp(em),
      scales: await this.repo.all(em),
    }));
  }

  /** Forgets the versions (this process's own change, right after its commit: the notification follows). */
  invalidate(): void {
    this.generation += 1;
    this.held = null;
    this.loading = null;
  }

  notified(): void {
    this.invalidate();
  }

  lost(): void {
    this.invalidate();
  }

  private settle(generation: number): void {
    if (this.loading?.generation === generation) this.loading = null;
  }
}
