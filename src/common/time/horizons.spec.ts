import { contractLengthHorizon, expectedBirthHorizon, startHorizon } from './horizons';

describe('date horizons', () => {
  it.each([
    ['2029-12-01', []],
    ['2029-12-02', ['desiredStartDate']],
    ['9000-06-01', ['desiredStartDate']],
  ])('a start on %s, today 2026-12-01', (date, fields) => {
    expect(startHorizon('desiredStartDate', date, '2026-12-01').map((p) => p.field)).toEqual(fields);
  });

  it.each([
    ['2027-10-01', []],
    ['2027-10-02', ['expectedBirthDate']],
    ['8999-01-01', ['expectedBirthDate']],
  ])('an expected birth on %s, today 2026-12-01', (date, fields) => {
    expect(expectedBirthHorizon('expectedBirthDate', date, '2026-12-01').map((p) => p.field)).toEqual(fields);
  });

  it.each([
    ['2027-01-04', '2032-01-03', []],
    ['2027-01-04', '2032-01-04', ['endDate']],
    ['2027-01-04', '9999-12-31', ['endDate']],
  ])('a contract %s → %s', (start, end, fields) => {
    expect(contractLengthHorizon(start, end).map((p) => p.field)).toEqual(fields);
  });
});
