import { KeyedBatcher } from './keyed-batcher';

/**
 * A read that callers asking at the same time share, without any of them getting an answer older than its call: a
 * caller that comes while the key's read is under way waits for it to end, then shares the next one, sent after it
 * came. The answer therefore reflects every change committed before the call, as a read of its own would, and a key
 * asked thousands of times a second is read a few hundred times (issue #18: the public crèche list read its committed
 * version from PostgreSQL on every request, where the reference route does its one `SELECT 1`).
 *
 * Not a cache: nothing outlives the read that answered. A failed read fails the callers that shared it.
 */
export class SharedFreshRead<R> {
  private readonly reads: KeyedBatcher<null, R>;

  constructor(read: (key: string) => Promise<R>) {
    this.reads = new KeyedBatcher<null, R>(async (key, callers, answer) => {
      const value = await read(key);
      callers.forEach((_, i) => answer(i, { ok: true, value }));
    }, Number.MAX_SAFE_INTEGER);
  }

  read(key: string): Promise<R> {
    return this.reads.submit(key, null);
  }
}
