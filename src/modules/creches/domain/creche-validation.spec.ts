import { CrecheSettings, validateCrecheSettings } from './creche-validation';

const base: CrecheSettings = {
  kind: 'MICRO_CRECHE',
  places: 12,
  openingHours: [{ weekday: 1, opens: '05:00', closes: '21:00' }],
  capacityBands: [{ weekday: 1, from: '05:00', to: '07:00', places: 6 }],
  closures: [{ from: '2026-12-24', to: '2027-01-01' }],
  reservedInsertionPlaces: 1,
  minAgeMonths: null,
  maxAgeMonths: 48,
};

describe('validateCrecheSettings', () => {
  it('accepts a 12-place micro-crèche with a modulated early band', () => {
    expect(validateCrecheSettings(base)).toEqual([]);
  });

  it.each([
    [{ places: 13 }, 'places', /at most 12 places/],
    [
      { capacityBands: [{ weekday: 1, from: '05:00', to: '07:00', places: 13 }], kind: 'COLLECTIVE' as const },
      'capacityBands[0].places',
      /exceed/,
    ],
    [
      { capacityBands: [{ weekday: 2, from: '05:00', to: '07:00', places: 6 }] },
      'capacityBands[0]',
      /within the opening hours/,
    ],
    [{ closures: [{ from: '2027-01-02', to: '2027-01-01' }] }, 'closures[0].to', /ends on or after/],
    [
      { reservedInsertionPlaces: 13, kind: 'COLLECTIVE' as const, places: 12 },
      'reservedInsertionPlaces',
      /cannot exceed/,
    ],
    [{ minAgeMonths: 48 }, 'minAgeMonths', /below/],
  ])('refuses %o on %s', (change, field, message) => {
    const problems = validateCrecheSettings({ ...base, ...change });
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].errors[0]).toMatch(message);
  });

  it('allows a collective crèche more than 12 places', () => {
    expect(validateCrecheSettings({ ...base, kind: 'COLLECTIVE', places: 40 })).toEqual([]);
  });
});
