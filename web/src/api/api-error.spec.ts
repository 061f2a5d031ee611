import { fieldErrorsOf } from './api-error';

describe('fieldErrorsOf', () => {
  const error = (details: unknown) => ({ statusCode: 400, code: 'VALIDATION.FAILED', message: 'x', details });

  it("gives a 400's refused fields", () => {
    const fields = [{ field: 'month', errors: ['month must be over'] }];
    expect(fieldErrorsOf(error(fields))).toEqual(fields);
  });

  it("gives none for a conflict's facts (an object), nothing, or what is not an API error", () => {
    expect(fieldErrorsOf({ ...error({ contractIds: ['c1'] }), statusCode: 409, code: 'INVOICE.FEES_PENDING' })).toEqual(
      [],
    );
    expect(fieldErrorsOf(error(undefined))).toEqual([]);
    expect(fieldErrorsOf(new Error('network'))).toEqual([]);
    expect(fieldErrorsOf(null)).toEqual([]);
  });

  it('leaves out entries that are not fields', () => {
    expect(fieldErrorsOf(error([{ field: 'a', errors: ['e'] }, { months: ['2027-03'] }, 'text', null]))).toEqual([
      { field: 'a', errors: ['e'] },
    ]);
  });
});
