import { createValidationPipe } from '../../../common/http/validation';
import { QuoteDto } from './quote.dto';
import { quickQuoteDto } from './quote.fast';

/** What class-validator makes of a body (as the pipe does for a query, where the quick check never applies). */
async function byClassValidator(body: unknown): Promise<QuoteDto | 'invalid'> {
  try {
    return (await createValidationPipe().transform(structuredClone(body), {
      type: 'query',
      metatype: QuoteDto,
    })) as QuoteDto;
  } catch {
    return 'invalid';
  }
}

const VALID = {
  date: '2027-09-01',
  careType: 'MICRO_CRECHE',
  monthlyResources: '2900.00',
  resourcesRefused: false,
  dependentChildren: 2,
  aeehChildren: 0,
  asePlacement: false,
  hoursPerWeek: '38',
  weeksPerYear: 45,
  billedMonths: 12,
};

/** Values tried in every field: right and wrong types, bounds, formats. */
const VALUES: unknown[] = [
  undefined,
  null,
  0,
  1,
  -1,
  1.5,
  12,
  13,
  20,
  21,
  52,
  53,
  true,
  'true',
  '',
  ' ',
  '0',
  '38',
  '38.5',
  '38.555',
  '168',
  '168.01',
  '169',
  '0.00',
  '2900',
  '2900.00',
  '2900.001',
  '-5',
  '1e3',
  '2027-09-01',
  '2027-02-29',
  '2028-02-29',
  '1999-12-31',
  '2100-01-01',
  '2027-9-1',
  '2027-09-01T00:00:00Z',
  'COLLECTIVE',
  'PARENTAL',
  'micro_creche',
  [],
  {},
  ['38'],
];

describe(quickQuoteDto.name, () => {
  it('takes the usual simulator bodies', async () => {
    const quick = quickQuoteDto(structuredClone(VALID));
    expect(quick).toBeInstanceOf(QuoteDto);
    expect(quick).toEqual(await byClassValidator(VALID));
    const minimal = {
      date: '2027-09-01',
      careType: 'COLLECTIVE',
      dependentChildren: 1,
      hoursPerWeek: '40',
      weeksPerYear: 45,
    };
    expect(quickQuoteDto(structuredClone(minimal))).toEqual(await byClassValidator(minimal));
  });

  it('accepts only what class-validator accepts, and builds the same DTO (every field × many values)', async () => {
    let quickTaken = 0;
    let checked = 0;
    for (const field of Object.keys(VALID)) {
      for (const value of VALUES) {
        const body: Record<string, unknown> = { ...VALID, [field]: value };
        if (value === undefined) delete body[field];
        const quick = quickQuoteDto(structuredClone(body));
        const slow = await byClassValidator(body);
        checked += 1;
        if (quick === null) continue;
        quickTaken += 1;
        expect({ field, value, slow }).toEqual({ field, value, slow: expect.any(QuoteDto) });
        expect(quick).toBeInstanceOf(QuoteDto);
        expect({ ...quick }).toEqual({ ...(slow as QuoteDto) });
      }
    }
    expect(checked).toBe(Object.keys(VALID).length * VALUES.length);
    expect(quickTaken).toBeGreaterThan(30);
  });

  it('leaves the period form, unknown fields and non-objects to class-validator', () => {
    for (const extra of [
      { contractStart: '2027-01-04' },
      { schedule: [] },
      { leavePeriods: [] },
      { contractEnd: '2027-06-25' },
      { unknown: 1 },
      { constructor: {} },
    ])
      expect(quickQuoteDto({ ...VALID, ...extra })).toBeNull();
    for (const body of [null, undefined, 'x', 3, [VALID], Object.create(VALID)]) expect(quickQuoteDto(body)).toBeNull();
  });
});
