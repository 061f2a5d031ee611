import { isOvernightStay, OvernightFacts } from './overnight';

describe(isOvernightStay.name, () => {
  const nightCrecheHours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: 0, closes: 1440 }));
  const dayCrecheHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: 420, closes: 1140 }));
  const facts = (over: Partial<OvernightFacts> = {}): OvernightFacts => ({
    openingHours: nightCrecheHours,
    eve: { weekday: 1, slots: [{ from: 1200, to: 1440 }] },
    today: { weekday: 2, slots: [{ from: 0, to: 420 }] },
    ...over,
  });

  it('is a night in care when the crèche is open across midnight and the child planned across it', () => {
    expect(isOvernightStay(facts())).toBe(true);
    // Planned on one side of midnight is enough: an evening to 24:00, or a night from 00:00.
    expect(isOvernightStay(facts({ today: { weekday: 2, slots: [] } }))).toBe(true);
    expect(isOvernightStay(facts({ eve: { weekday: 1, slots: [] } }))).toBe(true);
  });

  it('is a forgotten departure when the child was planned by day only', () => {
    expect(
      isOvernightStay(
        facts({
          eve: { weekday: 1, slots: [{ from: 480, to: 1020 }] },
          today: { weekday: 2, slots: [{ from: 480, to: 1020 }] },
        }),
      ),
    ).toBe(false);
    expect(isOvernightStay(facts({ eve: { weekday: 1, slots: [] }, today: { weekday: 2, slots: [] } }))).toBe(false);
  });

  it('is a forgotten departure when the crèche closes before midnight or opens after it', () => {
    expect(isOvernightStay(facts({ openingHours: dayCrecheHours }))).toBe(false);
    // Open until 24:00 on Monday, but Tuesday opens at 05:00.
    expect(
      isOvernightStay(
        facts({
          openingHours: [
            { weekday: 1, opens: 300, closes: 1440 },
            { weekday: 2, opens: 300, closes: 1440 },
          ],
        }),
      ),
    ).toBe(false);
  });
});
