import { childDatesProblems, contractLengthHorizon, expectedBirthHorizon, startHorizon } from './horizons';

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

  it.each([
    [{ birthDate: '2026-12-03' }, []],
    [{ birthDate: '2025-01-10' }, []],
    [{ birthDate: '2026-12-04' }, ['birthDate']],
    [{ birthDate: '2027-05-01' }, ['birthDate']],
    [{ expectedBirthDate: '2026-12-03' }, []],
    [{ expectedBirthDate: '2027-10-03' }, []],
    [{ expectedBirthDate: '2026-12-02' }, ['expectedBirthDate']],
    [{ expectedBirthDate: '2026-01-15' }, ['expectedBirthDate']],
    [{ expectedBirthDate: '2027-10-04' }, ['expectedBirthDate']],
    [{}, []],
  ])("a child's dates %o, today 2026-12-03", (dates, fields) => {
    expect(childDatesProblems(dates, '2026-12-03').map((p) => p.field)).toEqual(fields);
  });

  it('says why an expected birth in the past is refused', () => {
    expect(childDatesProblems({ expectedBirthDate: '2026-11-30' }, '2026-12-03')[0].errors[0]).toMatch(
      /must not be in the past .*give its birthDate/,
    );
  });
});
