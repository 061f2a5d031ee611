import fc from 'fast-check';
import { SharedFreshRead } from './shared-fresh-read';

/** A value that changes, and reads of it that answer only when the test lets them (each sees the value when sent). */
function slowStore() {
  const store = { value: 1, sent: [] as { key: string; release: () => void }[] };
  const read = (key: string) =>
    new Promise<number>((resolve) => {
      const seen = store.value;
      store.sent.push({ key, release: () => resolve(seen) });
    });
  return { store, read };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedFreshRead', () => {
  it('answers a caller who came while a read was under way from the next read, shared, never from the older one', async () => {
    const { store, read } = slowStore();
    const reads = new SharedFreshRead(read);
    const first = reads.read('creches');
    store.value = 2;
    const later = [reads.read('creches'), reads.read('creches')];
    await tick();
    expect(store.sent).toHaveLength(1);
    store.sent[0].release();
    await expect(first).resolves.toBe(1);
    await tick();
    // One read for the two who came meanwhile, sent after they came: it sees 2.
    expect(store.sent).toHaveLength(2);
    store.sent[1].release();
    await expect(Promise.all(later)).resolves.toEqual([2, 2]);
  });

  it('reads each key on its own, and at once when the key is idle', async () => {
    const { store, read } = slowStore();
    const reads = new SharedFreshRead(read);
    const a = reads.read('a');
    const b = reads.read('b');
    await tick();
    expect(store.sent.map((s) => s.key)).toEqual(['a', 'b']);
    store.sent.forEach((s) => s.release());
    await expect(Promise.all([a, b])).resolves.toEqual([1, 1]);
  });

  it('tries a failed read once more for its callers, then fails them all; the next caller reads again', async () => {
    let failures = 1;
    let sent = 0;
    const reads = new SharedFreshRead(async () => {
      sent += 1;
      if (failures > 0) {
        failures -= 1;
        throw new Error('connection lost');
      }
      return 7;
    });
    // The first caller's read fails and is tried again; the second came meanwhile and shares the next read.
    await expect(Promise.all([reads.read('k'), reads.read('k')])).resolves.toEqual([7, 7]);
    expect(sent).toBe(3);
    failures = 2;
    await expect(reads.read('k')).rejects.toThrow('connection lost');
    expect(sent).toBe(5);
    await expect(reads.read('k')).resolves.toBe(7);
  });

  it('fails the callers of a read gone silent at its deadline, and lets the next read start', async () => {
    const { store, read } = slowStore();
    const reads = new SharedFreshRead(read, 30);
    const stuck = await Promise.allSettled([reads.read('creches'), reads.read('creches')]);
    // Each caller's read and its second try, each left unanswered past 30 ms (the second caller came meanwhile).
    expect(stuck).toEqual([
      { status: 'rejected', reason: new Error('shared read of creches took over 30 ms') },
      { status: 'rejected', reason: new Error('shared read of creches took over 30 ms') },
    ]);
    expect(store.sent).toHaveLength(4);
    const next = reads.read('creches');
    await tick();
    expect(store.sent).toHaveLength(5);
    store.value = 3;
    store.sent[4].release();
    await expect(next).resolves.toBe(1);
    // The late answers of the silent reads are ignored.
    store.sent.slice(0, 4).forEach((s) => s.release());
    const last = reads.read('creches');
    await tick();
    store.sent[5].release();
    await expect(last).resolves.toBe(3);
  });

  it('never answers a caller with a value older than the one committed when it called, whatever the timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.constantFrom('call', 'bump', 'settle'), { minLength: 1, maxLength: 40 }),
        async (s, steps) => {
          let committed = 0;
          let sent = 0;
          const reads = new SharedFreshRead(
            s.scheduleFunction(async () => {
              sent += 1;
              return committed;
            }),
          );
          const answers: Promise<void>[] = [];
          let calls = 0;
          for (const step of steps) {
            if (step === 'bump') committed += 1;
            // One of the reads under way ends (the scheduler picks which), or none is under way.
            else if (step === 'settle') {
              if (s.count() > 0) await s.waitOne();
            } else {
              calls += 1;
              const atCall = committed;
              answers.push(reads.read('k').then((v) => expect(v).toBeGreaterThanOrEqual(atCall)));
            }
          }
          await s.waitFor(Promise.all(answers));
          expect(sent).toBeLessThanOrEqual(calls);
        },
      ),
    );
  });
});
