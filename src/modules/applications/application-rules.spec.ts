import { ageExemptionAwaitsVerification } from './application-rules';

describe('ageExemptionAwaitsVerification', () => {
  const creche = { minAgeMonths: null, maxAgeMonths: 48 };
  // Born 2022-06-01: 55 months on 2027-01-04 (over 48, under the 72 of a disability); 31 months for 2024-06-01.
  it.each([
    ['over age, disability declared, not verified', '2022-06-01', true, false, true],
    ['over age, disability verified', '2022-06-01', true, true, false],
    ['over age, no disability declared (the application is refused instead)', '2022-06-01', false, false, false],
    ['under the limit, disability declared', '2024-06-01', true, false, false],
    ['over even the 72 months of a disability', '2020-06-01', true, false, false],
  ])('%s', (_case, birth, declaredDisability, provedDisability, awaits) => {
    expect(
      ageExemptionAwaitsVerification({ creche, birth, start: '2027-01-04', declaredDisability, provedDisability }),
    ).toBe(awaits);
  });
});
