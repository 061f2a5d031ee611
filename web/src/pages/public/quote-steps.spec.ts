import { explainQuote, type QuoteResult } from './quote-steps';

const result = (trace: unknown[]): QuoteResult =>
  ({
    hourlyRate: '0.50',
    monthlyHours: '114.67',
    monthlyFee: '57.33',
    effortRatePercent: '0.0619',
    tier: '1',
    boundedResources: '814.62',
    scale: { id: 's', effectiveFrom: '2026-01-01', verified: true },
    trace,
  }) as unknown as QuoteResult;

const step = (name: string, inputs: Record<string, unknown>, rule: string, value: string) => ({
  step: name,
  inputs,
  rule,
  source: 'Cnaf',
  value,
});

describe('explainQuote', () => {
  it('says that resources not checked yet take the floor until checked, not "your resources (0,00 €)"', () => {
    const [bound] = explainQuote(
      result([
        step(
          'BOUND_RESOURCES',
          {
            monthlyResources: null,
            resourcesRefused: false,
            resourcesUnchecked: true,
            floor: '814.62',
            ceiling: '8500.00',
          },
          'resources not checked yet by the crèche (no documents): the floor, until a declaration is validated',
          '814.62',
        ),
      ]),
    );
    expect(bound.text).toContain('pas encore été vérifiées par la crèche');
    expect(bound.text).toContain('814,62 €');
    expect(bound.text).not.toContain('0,00 €');
  });

  it("speaks to the family, and of the household to the crèche's staff", () => {
    const trace = [
      step('BOUND_RESOURCES', { monthlyResources: '2400.00', floor: '814.62', ceiling: '8500.00' }, 'rule', '2400.00'),
      step(
        'RESERVED_HOURS',
        { contractStart: '2027-09-01', contractEnd: '2028-08-31', scheduledDays: 209, publicHolidayDays: 0 },
        'rule',
        '1672 h',
      ),
      step('HOUSEHOLD_SHARE', { hoursPercent: 50 }, 'rule', '50 %'),
    ];
    const family = explainQuote(result(trace)).map((s) => s.text);
    expect(family[0]).toMatch(/^Vos ressources \(2\s400,00\s€/);
    expect(family[1]).toContain('votre planning compte');
    const staff = explainQuote(result(trace), 'STAFF');
    expect(staff.map((s) => s.text).join(' ')).not.toMatch(/\b(vous|vos|votre)\b/i);
    expect(staff[0].text).toMatch(/^Les ressources du foyer \(2\s400,00\s€/);
    expect(staff[1].text).toContain('le planning de l’enfant compte');
    expect(staff[2]).toEqual({ title: 'La part du foyer', text: 'Le foyer paie sa part des heures réservées : 50 %.' });
  });

  it('says that children not checked yet take the one-child rate', () => {
    const [tier] = explainQuote(
      result([
        step(
          'TIER',
          { dependentChildren: 3, aeehChildren: 0, asePlacement: false, childrenUnchecked: true },
          'children not checked yet by the crèche (no documents): the one-child rate, until a declaration of them is validated',
          '1 -> tier 1',
        ),
      ]),
    );
    expect(tier.text).toContain('3 enfants à charge déclarés, pas encore vérifiés');
    expect(tier.text).toContain('le taux d’une famille d’un enfant');
  });

  it('counts leave given in weeks among the hours taken out, so that the sum can be checked', () => {
    const [reserved] = explainQuote(
      result([
        step(
          'RESERVED_HOURS',
          {
            contractStart: '2027-09-01',
            contractEnd: '2028-08-31',
            scheduledDays: 209,
            publicHolidayDays: 8,
            closureDays: 4,
            leaveDays: 0,
            undatedLeaveWeeks: 5,
            undatedLeaveHours: '140',
          },
          'rule',
          '1236 h',
        ),
      ]),
    );
    expect(reserved.text).toContain('8 jours fériés, 4 jours de fermeture, 5 semaines de congés (140,00 h)');
    expect(reserved.text).toMatch(/1\s236,00 h réservées/);
  });

  it('says why the hours and rate shown multiply to a cent more or less than the fee, and only then', () => {
    // 1840/11 h = 167.2727… h at 3.00 €/h: 501.818… → 501.82 €, where 167.27 × 3.00 = 501.81 €.
    const fee = (rate: string, value: string) =>
      explainQuote({
        ...result([step('MONTHLY_FEE', { monthlyHours: '1840/11', hourlyRate: rate }, 'rule', value)]),
        monthlyHours: '167.27',
        hourlyRate: rate,
      } as QuoteResult)[0].text;
    expect(fee('3.00', '501.82')).toContain('Le calcul garde les heures exactes (1840 ÷ 11 = 167,2727… h)');
    expect(fee('3.00', '501.82')).toContain('d’où le centime d’écart');
    // At 2.00 €/h: 1840/11 × 2.00 = 334.5454… → 334.55 €, where 167.27 × 2.00 = 334.54 €.
    expect(fee('2.00', '334.55')).toContain('d’où le centime d’écart');
    // 167.27 × 1.00 = 167.27 €, the exact 167.2727… rounds to 167.27 €: nothing to explain.
    expect(fee('1.00', '167.27')).not.toContain('centime d’écart');
  });
});
