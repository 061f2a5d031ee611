import { DataSource } from 'typeorm';
import { PipelinedTransaction } from '../../src/common/db/pipelined-transaction';
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
});
