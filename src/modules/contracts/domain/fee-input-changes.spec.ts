import fc from 'fast-check';
import {
  changedFields,
  datesToRecompute,
  type FeeInputChange,
  type FeeInputFields,
  inputsAt,
  latestInputs,
  sameInputs,
} from './fee-input-changes';

const signed = { monthlyResources: '2400.00', dependentChildren: 1, aeehChildren: 0, asePlacement: false };
let seq = 0;
const change = (effectiveFrom: string, fields: FeeInputFields, replaces = false, familyId: string | null = null) =>
  ({ seq: ++seq, familyId, effectiveFrom, fields, replaces }) satisfies FeeInputChange;

describe('dated fee input changes', () => {
  it("bills a declaration recorded after a manager's later-dated change from its own date, and both after", () => {
    const changes = [
      change('2029-02-01', signed, true),
      change('2029-05-01', { dependentChildren: 2 }),
      change('2029-03-01', { monthlyResources: '5000.00', resourcesUnchecked: false, declarationId: 'd1' }),
    ];
    expect(inputsAt(changes, null, '2029-02-15')).toEqual(signed);
    expect(inputsAt(changes, null, '2029-03-01')).toEqual({
      ...signed,
      monthlyResources: '5000.00',
      declarationId: 'd1',
    });
    expect(inputsAt(changes, null, '2029-05-01')).toEqual({
      ...signed,
      monthlyResources: '5000.00',
      dependentChildren: 2,
      declarationId: 'd1',
    });
    expect(latestInputs(changes, null)).toEqual(inputsAt(changes, null, '2029-05-01'));
    expect(inputsAt(changes, null, '2029-01-31')).toBeNull();
  });

  it('lets a whole situation replace what came before, and the later recorded of two changes of a day win', () => {
    const changes = [
      change('2029-02-01', { ...signed, asePlacement: true, declarationId: 'd0' }, true),
      change('2029-04-01', { monthlyResources: '3000.00' }),
      change('2029-04-01', { monthlyResources: '3100.00' }),
      change('2029-06-01', signed, true),
    ];
    expect(inputsAt(changes, null, '2029-04-01')?.monthlyResources).toBe('3100.00');
    expect(inputsAt(changes, null, '2029-06-01')).toEqual(signed);
  });

  it('bills from a contract’s start a change applying from before it, over the signature, under a change from the start', () => {
    // Signed for June; a declaration from February and a manager's change from June, recorded in either order.
    const signature = change('2029-06-01', signed, true);
    const declaration = { ...change('2029-06-01', { monthlyResources: '5000.00' }), declaredFrom: '2029-02-01' };
    const manager = change('2029-06-01', { monthlyResources: '3000.00' });
    expect(inputsAt([signature, declaration], null, '2029-06-01')?.monthlyResources).toBe('5000.00');
    for (const order of [
      [signature, declaration, manager],
      [signature, manager, declaration].map((c, i) => ({ ...c, seq: i })),
    ])
      expect(inputsAt(order, null, '2029-06-01')?.monthlyResources).toBe('3000.00');
  });

  it("keeps each paying household's changes to its own share", () => {
    const changes = [
      change('2029-02-01', signed, true, 'a'),
      change('2029-02-01', { ...signed, monthlyResources: '4000.00' }, true, 'b'),
      change('2029-03-01', { dependentChildren: 3 }, false, 'b'),
    ];
    expect(inputsAt(changes, 'a', '2029-04-01')).toEqual(signed);
    expect(inputsAt(changes, 'b', '2029-04-01')).toMatchObject({ monthlyResources: '4000.00', dependentChildren: 3 });
    expect(inputsAt(changes, null, '2029-04-01')).toBeNull();
  });

  it("records only what a manager's situation changes, and unties new figures from the declaration", () => {
    const inForce = { ...signed, declarationId: 'd1', resourcesUnchecked: true };
    expect(changedFields(inForce, { ...signed, monthlyResources: '2400', resourcesUnchecked: true })).toEqual({});
    expect(changedFields(inForce, { ...signed, asePlacement: true, resourcesUnchecked: true })).toEqual({
      asePlacement: true,
    });
    expect(changedFields(inForce, { ...signed, monthlyResources: '2600.00' })).toEqual({
      monthlyResources: '2600.00',
      resourcesUnchecked: false,
      declarationId: null,
    });
    // No declaration in force at its date: still said, for one dated earlier and validated later.
    expect(changedFields(signed, { ...signed, dependentChildren: 2 })).toEqual({
      dependentChildren: 2,
      childrenUnchecked: false,
      declarationId: null,
    });
    const declaredLater = [
      change('2029-01-01', signed, true),
      change('2029-05-01', changedFields(signed, { ...signed, monthlyResources: '3000.00' })),
      change('2029-03-01', { monthlyResources: '5000.00', declarationId: 'd1' }),
    ];
    expect(inputsAt(declaredLater, null, '2029-03-01')).toMatchObject({ declarationId: 'd1' });
    expect(inputsAt(declaredLater, null, '2029-05-01')).not.toHaveProperty('declarationId');
    expect(
      inputsAt(
        [change('2029-01-01', inForce, true), change('2029-02-01', { declarationId: null })],
        null,
        '2029-03-01',
      ),
    ).not.toHaveProperty('declarationId');
  });

  it('recomputes from the change and at every later date within the contract', () => {
    const changes = [change('2029-02-01', signed, true), change('2029-06-01', { asePlacement: true })];
    expect(datesToRecompute('2029-03-01', changes, ['2029-02-01', '2029-06-01', '2029-09-01'], '2029-08-31')).toEqual([
      '2029-03-01',
      '2029-06-01',
    ]);
  });

  const day = fc.integer({ min: 1, max: 12 }).map((m) => `2029-${String(m).padStart(2, '0')}-01`);
  const patch = fc.record(
    {
      monthlyResources: fc.constantFrom('1000.00', '2400.00', '5000.00'),
      dependentChildren: fc.integer({ min: 1, max: 4 }),
      asePlacement: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const dated = fc.array(fc.record({ effectiveFrom: day, fields: patch }), { maxLength: 8 });

  it('gives every date the same situation whatever the order changes of distinct dates were recorded in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ effectiveFrom: day, fields: patch }), {
          selector: (c) => c.effectiveFrom,
          maxLength: 8,
        }),
        fc.func(fc.integer()),
        day,
        (changes, order, date) => {
          const base = change('2029-01-01', signed, true);
          const recorded = (list: typeof changes) => [base, ...list.map((c) => change(c.effectiveFrom, c.fields))];
          const shuffled = [...changes].sort((a, b) => order(a.effectiveFrom) - order(b.effectiveFrom));
          const x = inputsAt(recorded(changes), null, date)!;
          const y = inputsAt(recorded(shuffled), null, date)!;
          expect(sameInputs(x, y)).toBe(true);
        },
      ),
    );
  });

  it('never lets a change reach a date before its own, and holds from it until a later-dated one', () => {
    fc.assert(
      fc.property(dated, day, patch, day, (changes, from, fields, date) => {
        const base = change('2029-01-01', signed, true);
        const before = [base, ...changes.map((c) => change(c.effectiveFrom, c.fields))];
        const after = [...before, change(from, fields)];
        if (date < from) expect(inputsAt(after, null, date)).toEqual(inputsAt(before, null, date));
        // From its date on, it holds until a change dated later (whenever recorded) sets the same field.
        else if (!changes.some((c) => c.effectiveFrom > from && c.effectiveFrom <= date))
          expect(inputsAt(after, null, date)).toMatchObject(fields);
      }),
    );
  });
});
