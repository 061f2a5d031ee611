import { CONTRACT_EVENTS, CONTRACT_STATUSES, contractAllows, contractStatusOn } from './contract-status';

describe('contract lifecycle', () => {
  it.each([
    ['2026-12-31', 'UPCOMING'],
    ['2027-01-04', 'RUNNING'],
    ['2027-06-25', 'RUNNING'],
    ['2027-06-26', 'ENDED'],
  ])('stands, on %s, %s', (today, status) => {
    expect(contractStatusOn({ startDate: '2027-01-04', endDate: '2027-06-25' }, today)).toBe(status);
  });

  const allowed: [string, string][] = [
    ['UPCOMING', 'END_EARLY'],
    ['UPCOMING', 'CHANGE_FEE_INPUTS'],
    ['RUNNING', 'END_EARLY'],
    ['RUNNING', 'CHANGE_FEE_INPUTS'],
    ['ENDED', 'CHANGE_FEE_INPUTS'],
  ];
  const pairs = CONTRACT_STATUSES.flatMap((s) => CONTRACT_EVENTS.map((e) => [s, e] as const));

  it.each(pairs)('%s --%s', (status, event) => {
    expect(contractAllows(status, event)).toBe(allowed.some(([s, e]) => s === status && e === event));
  });
});
