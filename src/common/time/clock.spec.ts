import { civilDateOf, todayOf } from './clock';

describe('civil dates in France', () => {
  it('is already 1 February at 00:30 in Paris while UTC still says 31 January (winter, UTC+1)', () => {
    expect(civilDateOf(new Date('2029-01-31T23:30:00Z'))).toBe('2029-02-01');
    expect(civilDateOf(new Date('2029-01-31T22:59:59Z'))).toBe('2029-01-31');
  });

  it('follows summer time (UTC+2)', () => {
    expect(civilDateOf(new Date('2029-06-30T22:30:00Z'))).toBe('2029-07-01');
    expect(civilDateOf(new Date('2029-06-30T21:59:59Z'))).toBe('2029-06-30');
  });

  it('reads today by the injected clock', () => {
    expect(todayOf({ now: () => new Date('2026-12-31T23:15:00Z') })).toBe('2027-01-01');
  });
});
