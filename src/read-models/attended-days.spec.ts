import fc from 'fast-check';
import { minutesOutside } from './attended-days.read-model';

describe('minutesOutside', () => {
  it('counts the minutes of a stay outside its bookings', () => {
    expect(minutesOutside(540, 720, [])).toBe(180);
    expect(minutesOutside(540, 720, [{ from: 540, to: 720 }])).toBe(0);
    expect(minutesOutside(510, 720, [{ from: 540, to: 720 }])).toBe(30);
    expect(minutesOutside(450, 960, [{ from: 1020, to: 1110 }])).toBe(510);
    expect(
      minutesOutside(420, 1200, [
        { from: 480, to: 600 },
        { from: 540, to: 660 },
        { from: 1080, to: 1200 },
      ]),
    ).toBe(60 + 420);
  });

  it('equals the stay minus the minutes covered, counted minute by minute', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 1440 }))
      .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
    fc.assert(
      fc.property(interval, fc.array(interval, { maxLength: 5 }), (stay, covered) => {
        let expected = 0;
        for (let m = stay.from; m < stay.to; m += 1) if (!covered.some((c) => c.from <= m && m < c.to)) expected += 1;
        expect(minutesOutside(stay.from, stay.to, covered)).toBe(expected);
      }),
    );
  });
});
