/** What `process` answers for one item of its batch: its value, or the error its caller gets. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

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
    /** Answers each item of a batch, in the batch's order; rejecting answers every item of it with that error. */
    private readonly process: (key: string, items: readonly T[]) => Promise<readonly Settled<R>[]>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer`);
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      // The key is idle: this item starts a batch now, and the key's queue collects what comes while it runs.
      this.queues.set(key, []);
      void this.run(key, [{ item, resolve, reject }]);
    });
  }

  /** Keys with a batch running (for tests and the shutdown's patience). */
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
    let answers: readonly Settled<R>[];
    try {
      answers = await this.process(
        key,
        batch.map((w) => w.item),
      );
      if (answers.length !== batch.length) throw new Error(`${answers.length} answers for ${batch.length} items`);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const answer = answers[i];
      if (answer.ok) w.resolve(answer.value);
      else w.reject(answer.error);
    });
  }
}
