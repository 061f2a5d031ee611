import { withDeadline } from './deadline';
import { KeyedBatcher } from './keyed-batcher';

/** How long one read may take before its callers are failed and the key's next read may start. */
export const SHARED_READ_DEADLINE_MS = 5_000;

/**
 * A read that callers asking at the same time share, without any of them getting an answer older than its call: a
 * caller that comes while the key's read is under way waits for it to end, then shares the next one, sent after it
 * came. The answer therefore reflects every change committed before the call, as a read of its own would, and a key
 * asked thousands of times a second is read about a thousand times (issue #18: the public crèche list read its
 * committed version from PostgreSQL on every request, where the reference route does its one `SELECT 1`).
 *
 * Since the callers of a key wait on one read, that read has a deadline (a connection gone silent would otherwise hold
 * every later caller), and a failed read is tried once more for them (one broken connection would otherwise fail the
 * whole batch, where it failed one request before). Not a cache: nothing outlives the read that answered.
 */
export class SharedFreshRead<R> {
  private readonly reads: KeyedBatcher<null, R>;

  constructor(
    private readonly load: (key: string) => Promise<R>,
    private readonly deadlineMs = SHARED_READ_DEADLINE_MS,
  ) {
    this.reads = new KeyedBatcher<null, R>(async (key, callers, answer) => {
      // Both attempts are sent after every caller of the batch came: either answer is fresh for all of them.
      const value = await this.attempt(key).catch(() => this.attempt(key));
      callers.forEach((_, i) => answer(i, { ok: true, value }));
    }, Number.MAX_SAFE_INTEGER);
  }

  read(key: string): Promise<R> {
    return this.reads.submit(key, null);
  }

  private attempt(key: string): Promise<R> {
    return withDeadline(this.load(key), this.deadlineMs, `shared read of ${key} took over ${this.deadlineMs} ms`);
  }
}
