import type { DataSource, QueryRunner } from 'typeorm';
import { waitFor } from './wait';

/**
 * Runs `body` inside a transaction of its own connection, as another process's write under way: whatever it locks is
 * held until `body` commits it (`tx.commitTransaction()`) or returns (then rolled back). For tests of what a request
 * does when it meets such a write; the connection is released in every case.
 */
export async function withHeldTransaction<T>(
  dataSource: DataSource,
  body: (tx: QueryRunner) => Promise<T>,
): Promise<T> {
  const tx = dataSource.createQueryRunner();
  await tx.connect();
  try {
    await tx.startTransaction();
    return await body(tx);
  } finally {
    if (tx.isTransactionActive) await tx.rollbackTransaction();
    await tx.release();
  }
}

/**
 * Resolves once at least `count` sessions of this database wait for a lock (pg_stat_activity): the requests sent
 * have reached the held rows. Waiting for this, rather than for a fixed delay, proves the interleaving the test means.
 */
export function untilWaitingOnLocks(dataSource: DataSource, count = 1, timeoutMs = 10_000): Promise<true> {
  return waitFor(async () => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.n >= count || null;
  }, timeoutMs);
}

/**
 * Resolves once at least `count` sessions wait for a lock `holder` holds (pg_blocking_pids): a request sent has reached
 * that transaction's rows, and not some other lock on its way.
 */
export async function untilBlockedBy(
  dataSource: DataSource,
  holder: QueryRunner,
  count = 1,
  timeoutMs = 10_000,
): Promise<true> {
  const [{ pid }] = (await holder.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
  return waitFor(async () => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))`,
      [pid],
    );
    return row.n >= count || null;
  }, timeoutMs);
}
