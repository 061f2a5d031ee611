/** What a batch answers for one item: its value, or the error its caller gets. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
  answered: boolean;
}

/**
 * Answers one item of the batch being processed, by its index in the batch, as soon as it is decided (its caller
 * does not wait for the rest of the batch). An item's later answers are ignored.
 */
export type Answer<R> = (index: number, settled: Settled<R>) => void;

/**
 * Combines work on a key that callers ask for at the same time: at most one batch per key runs at a time, and what
 * was asked while it ran goes, together, into the next one. An item asked while its key is idle starts at once, alone
 * (no waiting for company), so a quiet key pays nothing. This is group commit: where every caller would otherwise
 * lock the same row in turn (a crèche's admissions, issue #18), one transaction takes the lock once for all of them.
 * Per process: several API processes still meet at the database's lock.
 */
export class KeyedBatcher<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    /**
     * Answers each item of a batch through `answer`. An item it leaves unanswered when it settles is rejected: with
     * its error if it threw, otherwise as a defect.
     */
    private readonly process: (key: string, items: readonly T[], answer: Answer<R>) => Promise<void>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer`);
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiting = { item, resolve, reject, answered: false };
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(waiting);
        return;
      }
      // The key is idle: this item starts a batch now, and the key's queue collects what comes while it runs.
      this.queues.set(key, []);
      void this.run(key, [waiting]);
    });
  }

  /** Keys with a batch running (for tests). */
  get busyKeys(): number {
    return this.queues.size;
  }

  private async run(key: string, batch: Waiting<T, R>[]): Promise<void> {
    for (;;) {
      await this.settle(key, batch);
      const queue = this.queues.get(key)!;
      if (queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      batch = queue.splice(0, this.maxBatch);
    }
  }

  private async settle(key: string, batch: readonly Waiting<T, R>[]): Promise<void> {
    const answer: Answer<R> = (index, settled) => {
      const w = batch[index];
      if (!w || w.answered) return;
      w.answered = true;
      if (settled.ok) w.resolve(settled.value);
      else w.reject(settled.error);
    };
    let failure: unknown = undefined;
    try {
      await this.process(
        key,
        batch.map((w) => w.item),
        answer,
      );
    } catch (error) {
      failure = error;
    }
    batch.forEach((w, i) => {
      if (!w.answered) answer(i, { ok: false, error: failure ?? new Error('left unanswered by its batch') });
    });
  }
}
