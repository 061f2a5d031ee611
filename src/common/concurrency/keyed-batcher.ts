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
 * Lets the key's next batch start before this one ends (a batch that has taken its decisions and only waits for
 * its COMMIT: the next one can meanwhile send its reads). Called at most once; a batch's end calls it anyway.
 */
export type HandOn = () => void;

interface KeyState<T, R> {
  readonly queue: Waiting<T, R>[];
  /** Batches running that have not handed on: while one does, what is asked waits for the next batch. */
  holding: number;
  running: number;
}

/**
 * Combines work on a key that callers ask for at the same time: while a batch of the key runs (until it hands on),
 * what is asked waits and goes, together, into the next one. An item asked while its key is idle starts at once,
 * alone (no waiting for company), so a quiet key pays nothing. This is group commit: where every caller would
 * otherwise lock the same row in turn (a crèche's admissions, issue #18), one transaction takes the lock once for
 * all of them. Per process: several API processes still meet at the database's lock.
 */
export class KeyedBatcher<T, R> {
  private readonly keys = new Map<string, KeyState<T, R>>();

  constructor(
    /**
     * Answers each item of a batch through `answer`, and may hand on to the next batch before it ends. An item it
     * leaves unanswered when it settles is rejected: with its error if it threw, otherwise as a defect.
     */
    private readonly process: (key: string, items: readonly T[], answer: Answer<R>, handOn: HandOn) => Promise<void>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer`);
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiting = { item, resolve, reject, answered: false };
      let state = this.keys.get(key);
      if (!state) {
        state = { queue: [], holding: 0, running: 0 };
        this.keys.set(key, state);
      }
      state.queue.push(waiting);
      if (state.holding === 0) this.start(key, state);
    });
  }

  /** Keys with a batch running or items waiting (for tests). */
  get busyKeys(): number {
    return this.keys.size;
  }

  private start(key: string, state: KeyState<T, R>): void {
    const batch = state.queue.splice(0, this.maxBatch);
    state.holding += 1;
    state.running += 1;
    let handedOn = false;
    const handOn = () => {
      if (handedOn) return;
      handedOn = true;
      state.holding -= 1;
      if (state.holding === 0 && state.queue.length > 0) this.start(key, state);
    };
    void this.settle(key, batch, handOn).then(() => {
      handOn();
      state.running -= 1;
      if (state.running === 0 && state.queue.length === 0) this.keys.delete(key);
    });
  }

  private async settle(key: string, batch: readonly Waiting<T, R>[], handOn: HandOn): Promise<void> {
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
        handOn,
      );
    } catch (error) {
      failure = error;
    }
    batch.forEach((w, i) => {
      if (!w.answered) answer(i, { ok: false, error: failure ?? new Error('left unanswered by its batch') });
    });
  }
}
