import { createValidationPipe } from '../../../common/http/validation';
import { CreateBookingDto } from './contract.dto';
import { quickBookingDto } from './booking.fast';

/** What class-validator makes of a body (as the pipe does for a query, where the quick check never applies). */
async function byClassValidator(body: unknown): Promise<CreateBookingDto | 'invalid'> {
  try {
    return (await createValidationPipe().transform(structuredClone(body), {
      type: 'query',
      metatype: CreateBookingDto,
    })) as CreateBookingDto;
  } catch {
    return 'invalid';
  }
}

const VALID = {
  childId: '7d3c1f0e-8a4b-4c2d-9e6f-0a1b2c3d4e5f',
  date: '2027-03-10',
  from: '09:00',
  to: '11:00',
  kind: 'OCCASIONAL',
};

/** Values tried in every field: right and wrong types and formats. */
const VALUES: unknown[] = [
  undefined,
  null,
  0,
  1,
  true,
  '',
  ' ',
  '7d3c1f0e-8a4b-4c2d-9e6f-0a1b2c3d4e5f',
  '7D3C1F0E-8A4B-4C2D-9E6F-0A1B2C3D4E5F',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '7d3c1f0e-8a4b-1c2d-9e6f-0a1b2c3d4e5f',
  '7d3c1f0e8a4b4c2d9e6f0a1b2c3d4e5f',
  '{7d3c1f0e-8a4b-4c2d-9e6f-0a1b2c3d4e5f}',
  '7d3c1f0e-8a4b-4c2d-9e6f-0a1b2c3d4e5',
  '2027-03-10',
  '2027-02-29',
  '2028-02-29',
  '1999-12-31',
  '2100-01-01',
  '2027-3-10',
  '2027-03-10T00:00:00Z',
  '00:00',
  '08:55',
  '09:00',
  '09:03',
  '11:00',
  '23:55',
  '24:00',
  '24:05',
  '9:00',
  '09:00:00',
  'OCCASIONAL',
  'EMERGENCY',
  'REGULAR',
  'occasional',
  [],
  {},
  ['09:00'],
];

describe(quickBookingDto.name, () => {
  it('takes the usual booking bodies', async () => {
    const quick = quickBookingDto(structuredClone(VALID));
    expect(quick).toBeInstanceOf(CreateBookingDto);
    expect(quick).toEqual(await byClassValidator(VALID));
  });

  it('accepts only what class-validator accepts, and builds the same DTO (every field × many values)', async () => {
    let quickTaken = 0;
    let checked = 0;
    for (const field of Object.keys(VALID)) {
      for (const value of VALUES) {
        const body: Record<string, unknown> = { ...VALID, [field]: value };
        if (value === undefined) delete body[field];
        const quick = quickBookingDto(structuredClone(body));
        const slow = await byClassValidator(body);
        checked += 1;
        if (quick === null) continue;
        quickTaken += 1;
        expect({ field, value, slow }).toEqual({ field, value, slow: expect.any(CreateBookingDto) });
        expect(quick).toBeInstanceOf(CreateBookingDto);
        expect({ ...quick }).toEqual({ ...(slow as CreateBookingDto) });
      }
    }
    expect(checked).toBe(Object.keys(VALID).length * VALUES.length);
    expect(quickTaken).toBeGreaterThan(12);
  });

  it('leaves unknown fields, hours out of order and non-objects to class-validator', () => {
    for (const extra of [{ unknown: 1 }, { constructor: {} }, { from: '11:00', to: '09:00' }, { to: '09:00' }])
      expect(quickBookingDto({ ...VALID, ...extra })).toBeNull();
    for (const body of [null, undefined, 'x', 3, [VALID], Object.create(VALID)])
      expect(quickBookingDto(body)).toBeNull();
  });
});
