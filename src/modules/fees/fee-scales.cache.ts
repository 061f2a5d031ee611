import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
 * stored in a transaction (contracts, bookings) read the scales in that transaction, not from here.
 */
@Injectable()
export class FeeScalesCache implements ChannelListener {
  private held: { scales: readonly FeeScaleVersion[]; storedAt: number } | null = null;
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
    const promise = this.repo.all(this.dataSource.manager).then((scales) => {
      if (generation === this.generation && this.notifications.isListening(FEE_SCALES_CHANGED_CHANNEL))
        this.held = { scales, storedAt: Date.now() };
      return scales;
    });
    this.loading = { generation, promise };
    void promise.then(
      () => this.settle(generation),
      () => this.settle(generation),
    );
    return promise;
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
