import { DataSource } from 'typeorm';
import { PipelinedTransaction } from '../../src/common/db/pipelined-transaction';
import { queryPrepared } from '../../src/common/db/prepared-query';
import { startIntegrationApp, IntegrationApp } from '../support/integration-app';

describe(PipelinedTransaction.name, () => {
  let t: IntegrationApp;
  let ds: DataSource;
  const INSERT = {
    name: 'pipelined_tx_spec_insert',
    text: 'INSERT INTO pipelined_tx_spec (n) VALUES ($1) RETURNING n',
  };

  beforeAll(async () => {
    t = await startIntegrationApp();
    ds = t.dataSource;
    await ds.query(`CREATE TABLE IF NOT EXISTS pipelined_tx_spec (n int PRIMARY KEY CHECK (n >= 0))`);
  });
  afterAll(async () => {
    await ds.query(`DROP TABLE pipelined_tx_spec`);
    await t.close();
  });
  beforeEach(() => ds.query(`TRUNCATE pipelined_tx_spec`));

  const rows = async () =>
    (await ds.query(`SELECT n FROM pipelined_tx_spec ORDER BY n`)).map((r: { n: number }) => r.n) as number[];

  it('runs the reads in the transaction begun with them, and commits with the last statement', async () => {
    const out = await PipelinedTransaction.run(ds, async (tx) => {
      const [status, one, txid] = await tx.begin([
        async () => (await tx.manager.query(`SELECT current_setting('transaction_isolation') AS s`))[0].s as string,
        async () => (await tx.manager.query(`SELECT 1 AS one`))[0].one as number,
        async () => (await tx.manager.query(`SELECT txid_current_if_assigned() IS NULL AS none, now() AS at`))[0],
      ]);
      // The reads ran inside the transaction: now() is the transaction's start, the same for every statement.
      const again = (await tx.manager.query(`SELECT now() AS at`))[0].at as Date;
      expect(again.getTime()).toBe((txid.at as Date).getTime());
      await tx.manager.query(`INSERT INTO pipelined_tx_spec (n) VALUES (1)`);
      const inserted = await tx.commitWith<{ n: number }>(INSERT, [2]);
      return { status, one, inserted };
    });
    expect(out).toEqual({ status: 'read committed', one: 1, inserted: [{ n: 2 }] });
    expect(await rows()).toEqual([1, 2]);
  });

  it('rolls everything back when the last statement fails, though COMMIT was sent with it', async () => {
    await expect(
      PipelinedTransaction.run(ds, async (tx) => {
        await tx.begin([async () => tx.manager.query(`INSERT INTO pipelined_tx_spec (n) VALUES (3)`)]);
        return tx.commitWith(INSERT, [-1]);
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await rows()).toEqual([]);
  });

  it("commits several statements sent with COMMIT, answering each one's rows; one failing commits none", async () => {
    const out = await PipelinedTransaction.run(ds, async (tx) => {
      await tx.begin([async () => tx.manager.query(`SELECT 1`)]);
      return tx.commitWithAll<{ n: number }>([5, 6, 7].map((n) => ({ statement: INSERT, values: [n] })));
    });
    expect(out).toEqual([[{ n: 5 }], [{ n: 6 }], [{ n: 7 }]]);
    await expect(
      PipelinedTransaction.run(ds, async (tx) => {
        await tx.begin([async () => tx.manager.query(`SELECT 1`)]);
        return tx.commitWithAll([8, -1, 9].map((n) => ({ statement: INSERT, values: [n] })));
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await rows()).toEqual([5, 6, 7]);
  });

  it('rolls back when the work throws after BEGIN, and when a read fails', async () => {
    await expect(
      PipelinedTransaction.run(ds, async (tx) => {
        await tx.begin([async () => tx.manager.query(`INSERT INTO pipelined_tx_spec (n) VALUES (4)`)]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      PipelinedTransaction.run(ds, async (tx) => {
        await tx.begin([
          async () => tx.manager.query(`INSERT INTO pipelined_tx_spec (n) VALUES (5)`),
          async () => tx.manager.query(`SELECT 1/0`),
          async () => tx.manager.query(`INSERT INTO pipelined_tx_spec (n) VALUES (6)`),
        ]);
        return tx.commitWith(INSERT, [7]);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await rows()).toEqual([]);
  });

  it('leaves its connections usable by the pool, out of pipeline mode and out of any transaction', async () => {
    for (let i = 0; i < 30; i += 1) {
      await PipelinedTransaction.run(ds, async (tx) => {
        await tx.begin([async () => tx.manager.query(`SELECT 1`)]);
        if (i % 3 === 0) throw new Error('no');
        return tx.commitWith(INSERT, [100 + i]);
      }).catch(() => undefined);
    }
    // Every pooled connection answers normally, outside a transaction (a leaked BEGIN would show here).
    const states = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const runner = ds.createQueryRunner();
        try {
          const client = (await runner.connect()) as { pipeline: boolean };
          const [{ xact }] = await runner.query(`SELECT now() = statement_timestamp() AS xact`);
          return { pipeline: client.pipeline, xact };
        } finally {
          await runner.release();
        }
      }),
    );
    expect(states.every((s) => s.pipeline === false && s.xact === true)).toBe(true);
    expect((await rows()).length).toBe(20);
  });

  it('sends BEGIN and the reads in one write to PostgreSQL, and the last statement with COMMIT in another', async () => {
    const READ = {
      name: 'pipelined_tx_spec_read',
      text: 'SELECT count(*)::int AS n FROM pipelined_tx_spec WHERE n > $1',
    };
    const writes: string[] = [];
    const out = await PipelinedTransaction.run(ds, async (tx) => {
      // What leaves the transaction's own socket: each write is a system call (corked writes leave as one _writev).
      const client = (await tx.manager.queryRunner!.connect()) as { connection: { stream: Record<string, unknown> } };
      const stream = client.connection.stream;
      const restore = (['_write', '_writev'] as const).map((name) => {
        const real = stream[name] as (...a: unknown[]) => unknown;
        stream[name] = function (this: unknown, ...a: unknown[]) {
          writes.push(name);
          return Reflect.apply(real, this, a);
        };
        return () => (stream[name] = real);
      });
      try {
        const read = async (above: number) => (await queryPrepared<{ n: number }>(tx.manager, READ, [above]))[0].n;
        const reads = await tx.begin([() => read(0), () => read(1), () => read(2)]);
        const afterBegin = writes.length;
        const inserted = await tx.commitWith<{ n: number }>(INSERT, [9]);
        return { reads, afterBegin, total: writes.length, inserted };
      } finally {
        restore.forEach((r) => r());
      }
    });
    expect(out).toEqual({ reads: [0, 0, 0], afterBegin: 1, total: 2, inserted: [{ n: 9 }] });
  });
});
