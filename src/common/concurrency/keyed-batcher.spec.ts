import fc from 'fast-check';
import { Answer, KeyedBatcher } from './keyed-batcher';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedBatcher', () => {
  it('runs an item asked on an idle key at once, alone', async () => {
    const batches: number[][] = [];
    const batcher = new KeyedBatcher<number, number>(async (_key, items, answer) => {
      batches.push([...items]);
      items.forEach((n, i) => answer(i, { ok: true, value: n * 2 }));
    }, 10);
    await expect(batcher.submit('a', 1)).resolves.toBe(2);
    await expect(batcher.submit('a', 2)).resolves.toBe(4);
    expect(batches).toEqual([[1], [2]]);
    expect(batcher.busyKeys).toBe(0);
  });

  it('puts what is asked while a batch runs into the next one, in order, up to the maximum', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const batcher = new KeyedBatcher<number, number>(async (_key, items, answer) => {
      batches.push([...items]);
      if (items[0] === 0) await first;
      items.forEach((n, i) => answer(i, { ok: true, value: n }));
    }, 3);
    const answers = [0, 1, 2, 3, 4].map((n) => batcher.submit('a', n));
    await tick();
    release();
    await expect(Promise.all(answers)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(batches).toEqual([[0], [1, 2, 3], [4]]);
  });

  it('answers each item with its own value or error, early if asked; a thrown batch rejects what it left', async () => {
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    const batcher = new KeyedBatcher<number, number>(async (_key, items, answer: Answer<number>) => {
      items.forEach((n, i) => {
        if (n !== 13) answer(i, n % 2 ? { ok: false, error: new Error(`odd ${n}`) } : { ok: true, value: n });
      });
      // A second answer is ignored.
      answer(0, { ok: true, value: -1 });
      if (items.includes(13)) {
        await later;
        throw new Error('batch failed');
      }
    }, 10);
    const first = batcher.submit('a', 1);
    const rest = [2, 13, 4].map((n) => batcher.submit('a', n));
    await expect(first).rejects.toThrow('odd 1');
    // 2, 13 and 4 were asked while 1 ran: one batch, whose 2 and 4 are answered before it ends.
    await expect(Promise.all([rest[0], rest[2]])).resolves.toEqual([2, 4]);
    release();
    await expect(rest[1]).rejects.toThrow('batch failed');
    const unanswered = new KeyedBatcher<number, number>(async () => undefined, 10);
    await expect(unanswered.submit('a', 6)).rejects.toThrow('left unanswered by its batch');
  });

  it('never runs two batches of a key at once, loses or repeats no item, keeps each key in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), gap: fc.nat(2), work: fc.nat(3) }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 5 }),
        async (asks, maxBatch) => {
          const running = new Set<string>();
          const seen: Record<string, number[]> = {};
          const batcher = new KeyedBatcher<{ id: number; work: number }, number>(async (key, items, answer) => {
            expect(running.has(key)).toBe(false);
            expect(items.length).toBeLessThanOrEqual(maxBatch);
            running.add(key);
            for (let i = 0; i < Math.max(...items.map((x) => x.work)); i += 1) await tick();
            (seen[key] ??= []).push(...items.map((x) => x.id));
            running.delete(key);
            items.forEach((x, i) => answer(i, { ok: true, value: x.id }));
          }, maxBatch);
          const answers: Promise<number>[] = [];
          for (const [id, ask] of asks.entries()) {
            for (let i = 0; i < ask.gap; i += 1) await tick();
            answers.push(batcher.submit(ask.key, { id, work: ask.work }));
          }
          expect(await Promise.all(answers)).toEqual(asks.map((_, id) => id));
          for (const key of ['a', 'b', 'c'])
            expect(seen[key] ?? []).toEqual(asks.flatMap((a, id) => (a.key === key ? [id] : [])));
          // Answered as soon as decided: the key is idle once its batch has returned.
          await tick();
          expect(batcher.busyKeys).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
