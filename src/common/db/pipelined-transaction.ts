import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import type { PreparedStatement } from './prepared-query';

/** What of node-postgres' client a pipelined transaction uses (pg ≥ 8.21: `pipeline` sends without waiting). */
interface PgPipelineClient {
  pipeline: boolean;
  /** The socket to PostgreSQL (node-postgres' `Connection`): corked while a batch is sent. */
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
  query(config: string | { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/** TypeORM's own view of the runner's transaction, kept right so that nested work takes savepoints as usual. */
interface RunnerTransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * A transaction whose `BEGIN` goes out with its first reads and whose `COMMIT` goes out with its last write
 * (issue #18: a booking waited on nine round trips, three of them with the crèche locked). Statements in a
 * `batch` are sent one after the other without waiting for the answers of the earlier ones (node-postgres'
 * pipeline mode, one `Sync` each); PostgreSQL still runs them in order, in the transaction. If one fails, the
 * transaction is aborted and the ones after it fail too: the batch rejects with the first error.
 */
export class PipelinedTransaction {
  /** Open: `BEGIN` sent and neither `COMMIT` nor `ROLLBACK` yet. */
  private open = false;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PgPipelineClient,
  ) {}

  /** Runs `work` in a transaction on a connection of its own; rolls back if it throws before `commitWith`. */
  static async run<T>(dataSource: DataSource, work: (tx: PipelinedTransaction) => Promise<T>): Promise<T> {
    const runner = dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PgPipelineClient;
      const tx = new PipelinedTransaction(runner, client);
      try {
        return await work(tx);
      } finally {
        if (tx.open) await tx.rollback();
      }
    } finally {
      await runner.release();
    }
  }

  /** The transaction's entity manager (for the repositories' statements). */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  /**
   * `BEGIN`, then each of `reads` started at once: their statements go out together, and each read's later
   * statements (those that wait for an earlier answer) follow as soon as it can send them. Resolves with their
   * results in order once every read has settled; rejects with the first failure.
   */
  async begin<R extends readonly unknown[]>(reads: { [K in keyof R]: () => Promise<R[K]> }): Promise<R> {
    if (this.open) throw new Error('transaction already begun');
    // The reads' first statements go out a few microtasks after BEGIN: the socket is corked until they all have, so
    // that the batch leaves in one write (a system call and a wake-up of the server each, on both sides).
    return this.pipelined(async () => {
      this.corkUntilNextTurn();
      const begun = this.client.query('BEGIN');
      this.open = true;
      this.state().isTransactionActive = true;
      this.state().transactionDepth = 1;
      const settled = await Promise.allSettled([begun, ...reads.map((read) => read())]);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.slice(1).map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as R;
    });
  }

  /**
   * Runs `statement` and `COMMIT` in one go: the transaction (and every lock it holds) ends one round trip after
   * the statement is sent, not two. Resolves with the statement's rows once committed; rejects if either fails (a
   * failed statement leaves the transaction aborted, and the `COMMIT` then rolls it back).
   */
  async commitWith<T>(statement: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
    const [rows] = await this.commitWithAll<T>([{ statement, values }]);
    return rows;
  }

  /**
   * The same with several statements, sent in one write before the `COMMIT` (the admissions of a crèche decided
   * together, issue #18). Resolves with each statement's rows, in order, once committed; rejects with the first
   * failure, and then nothing was committed.
   */
  async commitWithAll<T>(
    statements: readonly { statement: PreparedStatement; values: readonly unknown[] }[],
  ): Promise<T[][]> {
    if (!this.open) throw new Error('no transaction to commit');
    return this.pipelined(async () => {
      const stream = this.client.connection?.stream;
      stream?.cork?.();
      const ran = statements.map(({ statement, values }) =>
        this.client.query({ name: statement.name, text: statement.text, values }),
      );
      const committed = this.client.query('COMMIT');
      stream?.uncork?.();
      this.ended();
      const settled = await Promise.allSettled([...ran, committed]);
      const results = settled.slice(0, -1);
      const commit = settled[settled.length - 1];
      const failed = results.findIndex((r) => r.status === 'rejected');
      if (failed >= 0) {
        const { statement, values } = statements[failed];
        throw new QueryFailedError(
          statement.text,
          [...values],
          (results[failed] as PromiseRejectedResult).reason as Error,
        );
      }
      if (commit.status === 'rejected') throw new QueryFailedError('COMMIT', [], commit.reason as Error);
      return results.map((r) => (r as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows as T[]);
    });
  }

  private async rollback(): Promise<void> {
    this.ended();
    await this.client.query('ROLLBACK');
  }

  private ended(): void {
    this.open = false;
    this.state().isTransactionActive = false;
    this.state().transactionDepth = 0;
  }

  /** Pipeline mode for the time of `send`: it must await every statement it sends (the mode is left after). */
  private async pipelined<T>(send: () => Promise<T>): Promise<T> {
    this.client.pipeline = true;
    try {
      return await send();
    } finally {
      this.client.pipeline = false;
    }
  }

  /** Corks the socket until the event loop's next turn: whatever the current tick sends leaves in one write. */
  private corkUntilNextTurn(): void {
    const stream = this.client.connection?.stream;
    if (!stream?.cork || !stream.uncork) return;
    stream.cork();
    setImmediate(() => stream.uncork!());
  }

  private state(): RunnerTransactionState {
    return this.runner as unknown as RunnerTransactionState;
  }
}
