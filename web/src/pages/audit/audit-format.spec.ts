import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  filoueSummaryFr,
  ACTION_LABELS,
  actionCodeOf,
  actionFr,
  cents,
  dateTimeFr,
  dayAfter,
  detailsFr,
  differenceFr,
  explainTrace,
  reasonFr,
  sourceFr,
  roleFr,
  tierFr,
} from './audit-format';

/** A stored trace as the engine writes it (src/modules/fees/domain/compute-fee.ts), mensualised. */
const TRACE = [
  {
    step: 'SELECT_SCALE',
    inputs: { date: '2026-09-01' },
    rule: 'the latest scale version effective on or before the date',
    source: 'PSU reform; 2026 floor and ceiling',
    value: '2026-01-01 (5b0f7a4e-8a9c-4b6e-9d55-0d6f2f1c3a11, unverified)',
  },
  {
    step: 'SELECT_TABLE',
    inputs: { careType: 'MICRO_CRECHE', effectiveFrom: '2026-01-01' },
    rule: 'collective table for COLLECTIVE',
    source: 'Cnaf; docs/rules.md#r43-rate-table-by-care-type',
    value: 'collective',
  },
  {
    step: 'TIER',
    inputs: { dependentChildren: 2, aeehChildren: 1, asePlacement: false },
    rule: 'dependent children, plus one per child of the household receiving AEEH, capped at the last tier',
    source: 'Cnaf; docs/rules.md#r44-aeeh-one-tier-down-per-child',
    value: '3 → tier 3',
  },
  {
    step: 'BOUND_RESOURCES',
    inputs: { monthlyResources: '9500.00', floor: '814.62', ceiling: '8500.00', ceilingOverride: null },
    rule: 'resources below the floor take the floor; above the ceiling, the ceiling',
    source: 'Cnaf; docs/rules.md#r45-floor-and-ceiling-by-date',
    value: '8500.00',
  },
  {
    step: 'EFFORT_RATE',
    inputs: { table: 'collective', tier: '3' },
    rule: 'effort rate per billed hour, percent of monthly resources',
    source: 'Cnaf; docs/rules.md#r42',
    value: '0.0413',
  },
  {
    step: 'HOURLY_RATE',
    inputs: { boundedResources: '8500.00', effortRatePercent: '0.0413', exact: '3.5105' },
    rule: 'bounded resources × effort rate ÷ 100; rounded half-up',
    source: 'Cnaf; docs/rules.md#r48',
    value: '3.51',
  },
  {
    step: 'RESERVED_HOURS',
    inputs: {
      contractStart: '2026-09-01',
      contractEnd: '2027-08-31',
      scheduledDays: 250,
      publicHolidayDays: 9,
      closureDays: 0,
      leaveDays: 15,
    },
    rule: "the child's scheduled hours",
    source: 'Cnaf; docs/rules.md#r49-mensualisation',
    value: '1808 h',
  },
  {
    step: 'MONTHLY_HOURS',
    inputs: { reservedHours: '1808', months: 12, hoursPercent: 100 },
    rule: 'reserved hours ÷ months',
    source: 'Cnaf; docs/rules.md#r49-mensualisation',
    value: '452/3 h = 150.67 h',
  },
  {
    step: 'MONTHLY_FEE',
    inputs: { monthlyHours: '452/3', hourlyRate: '3.51' },
    rule: 'monthly hours (exact) × hourly rate',
    source: 'Cnaf; docs/rules.md#r48',
    value: '528.84',
  },
];

describe("the Caf auditors' wording", () => {
  it('tells a stored trace step by step in French: scale and provenance, tier and why, ceiling, rounding', () => {
    const steps = explainTrace(
      [...TRACE, 'not a step', null],
      { monthlyHours: '150.67', hourlyRate: '3.51' },
      { effectiveFrom: '2026-01-01', verified: false, provenance: 'PSU reform; 2026 floor and ceiling' },
    );
    expect(steps.map((s) => s.title)).toEqual([
      'Barème appliqué',
      'Tableau des taux d’effort',
      'Tranche retenue',
      'Plancher et plafond',
      'Taux d’effort',
      'Tarif horaire et arrondi',
      'Heures réservées',
      'Heures mensualisées',
      'Participation mensuelle et arrondi',
    ]);
    const text = (title: string) => steps.find((s) => s.title === title)!.text;
    expect(text('Barème appliqué')).toBe(
      'Version du barème national en vigueur le 01/09/2026 : celle applicable depuis le 01/01/2026. ' +
        'Ses chiffres n’ont pas été vérifiés sur un document publié par la Cnaf.',
    );
    expect(text('Tableau des taux d’effort')).toBe('Tableau de l’accueil collectif (type d’accueil : micro-crèche).');
    expect(text('Tranche retenue')).toBe(
      '2 enfants à charge et 1 enfant bénéficiaire de l’AEEH (chacun compte pour un enfant de plus) : 3 enfants comptés, tranche « 3 enfants ».',
    );
    expect(text('Plancher et plafond')).toBe(
      'Ressources mensuelles de 9\u202f500,00 €, au-dessus du plafond : le plafond s’applique (8\u202f500,00 €). Ressources retenues : 8\u202f500,00 €.',
    );
    expect(text('Tarif horaire et arrondi')).toBe(
      '8\u202f500,00 € × 0,0413 % = 3,5105 € exactement, arrondi au centime le plus proche (le demi-centime au centime supérieur) : 3,51 € de l’heure.',
    );
    expect(text('Heures réservées')).toBe(
      'Du 01/09/2026 au 31/08/2027, 250 jours d’accueil prévus, moins 9 jours fériés, 15 jours de congés déclarés : 1\u202f808,00 h réservées sur le contrat.',
    );
    expect(text('Heures mensualisées')).toBe(
      '1\u202f808,00 h réparties sur 12 mois : 452/3 h exactement, soit 150,67 h par mois une fois arrondies.',
    );
    expect(text('Participation mensuelle et arrondi')).toBe(
      'Heures mensuelles exactes × 3,51 € = 528,84 € par mois, arrondie au centime une seule fois, à la fin du calcul.',
    );
    // Each step keeps the text it applies; the scale, the provenance recorded with the computation.
    expect(steps[2]).toMatchObject({
      source: 'Cnaf ; règle R4.4 de Berceau (docs/rules.md)',
      sourceLabel: 'Texte appliqué',
    });
    expect(steps[0]).toMatchObject({
      source: 'PSU reform; 2026 floor and ceiling',
      sourceLabel: 'Provenance enregistrée avec le calcul',
    });
  });

  it('reads the tier the same from a trace stored with "→" and from one written since with "->"', () => {
    const tierText = (value: string) =>
      explainTrace(
        TRACE.map((s) => (s.step === 'TIER' ? { ...s, value } : s)),
        { monthlyHours: '150.67', hourlyRate: '3.51' },
        { effectiveFrom: '2026-01-01', verified: false, provenance: 'PSU reform; 2026 floor and ceiling' },
      ).find((s) => s.title === 'Tranche retenue')!.text;
    const expected =
      '2 enfants à charge et 1 enfant bénéficiaire de l’AEEH (chacun compte pour un enfant de plus) : 3 enfants comptés, tranche « 3 enfants ».';
    expect(tierText('3 → tier 3')).toBe(expected);
    expect(tierText('3 -> tier 3')).toBe(expected);
  });

  it('says why the floor applies and reads a verified scale with its cited document', () => {
    const [scale, , , bound] = explainTrace(
      [
        { ...TRACE[0], value: '2027-01-01 (id)' },
        TRACE[1],
        TRACE[2],
        {
          ...TRACE[3],
          inputs: { monthlyResources: null, floor: '814.62', ceiling: '8500.00' },
          rule: 'unknown resources (none yet, or no documents): the floor',
          value: '814.62',
        },
      ],
      { monthlyHours: '0', hourlyRate: '0' },
      {
        effectiveFrom: '2027-01-01',
        verified: true,
        provenance: 'circular',
        sourceTitle: 'Circulaire Cnaf 2026-001',
        sourceDate: '2026-12-15',
      },
    );
    expect(scale.text).toContain('vérifiés sur un document publié par la Cnaf');
    expect(scale.text).toContain('Document cité : « Circulaire Cnaf 2026-001 » du 15/12/2026.');
    // Recorded with another provenance than the scale's today: both are shown.
    expect(scale.text).toContain('Provenance du barème : « circular ».');
    expect(bound.text).toBe(
      'Ressources inconnues : le plancher s’applique (814,62 €). Ressources retenues : 814,62 €.',
    );
  });

  it('shows an unknown step as the engine wrote it', () => {
    const [step] = explainTrace([{ step: 'NEW_RULE', inputs: {}, rule: 'a new rule', source: 's', value: '42' }], {
      monthlyHours: '1',
      hourlyRate: '1',
    });
    expect(step).toEqual({ title: 'NEW_RULE', text: 'a new rule : 42', source: 's', sourceLabel: 'Texte appliqué' });
  });

  it.each([
    [
      'Cnaf, PSU conditions; docs/rules.md#r412-occasional-and-emergency-care',
      'Cnaf, conditions de la PSU ; règle R4.12 de Berceau (docs/rules.md)',
    ],
    [
      'Cnaf, barème national des participations familiales (PSU); docs/rules.md#r49-mensualisation-as-implemented',
      'Cnaf, barème national des participations familiales (PSU) ; règle R4.9 de Berceau (docs/rules.md)',
    ],
    ['docs/rules.md#r49b-mensualisation-before-issue-14', 'règle R4.9b de Berceau (docs/rules.md)'],
    ['docs/rules.md#r104-estimated-wait', 'règle R10.4 de Berceau (docs/rules.md)'],
    ['a text of its own', 'a text of its own'],
  ])('cites %s in French', (source, expected) => {
    expect(sourceFr(source)).toBe(expected);
  });

  it.each([
    ['296.00', '310.5', '+14,50 €'],
    ['310.50', '296', '−14,50 €'],
    ['1.85', '1.85', '0,00 €'],
    ['1200.01', '0.00', '−1\u202f200,01 €'],
    ['abc', '1.00', null],
  ])('gives the difference from %s to %s exactly: %s', (stored, recomputed, expected) => {
    expect(differenceFr(stored, recomputed)).toBe(expected);
  });

  it('reads euros as exact cents', () => {
    expect(cents('0.1')).toBe(10n);
    expect(cents('-12.05')).toBe(-1205n);
    expect(cents('99999999999.99')).toBe(9999999999999n);
    expect(cents('1.005')).toBeNull();
  });

  it('says reasons, roles, tiers, actions and times in French', () => {
    expect(reasonFr('SCALE_CHANGED')).toBe('Nouveau barème Cnaf');
    expect(reasonFr('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(roleFr('CAF_AUDITOR')).toBe('Contrôleur Caf');
    expect(roleFr(null)).toBe('Système');
    expect(tierFr('1')).toBe('1 enfant');
    expect(tierFr('3-5')).toBe('3 à 5 enfants');
    expect(tierFr('8+')).toBe('8 enfants et plus');
    expect(actionFr('fee.computed')).toBe('Participation calculée');
    expect(actionFr('absence.corrected')).toBe('Absence corrigée');
    expect(actionFr('absence.deleted')).toBe('Absence retirée');
    expect(actionFr('user.something_new')).toBe('user.something_new');
    expect(dateTimeFr('2027-03-01T09:15:00.000Z')).toBe('01/03/2027 à 10:15');
    expect(dateTimeFr('2027-07-01T09:15:00.000Z')).toBe('01/07/2027 à 11:15');
  });

  it("makes the log's inclusive last day an exclusive bound, across months and leap years", () => {
    expect(dayAfter('2027-02-28')).toBe('2027-03-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2027-12-31')).toBe('2028-01-01');
    expect(dayAfter('pas une date')).toBe('pas une date');
  });

  it.each([
    ['fee.computed', 'fee.computed'],
    ['Participation calculée', 'fee.computed'],
    ['participation calculee', 'fee.computed'],
    ['pointage saisi', 'attendance.entered_afterwards'],
    ['Participation', 'fee.computed'],
    ['contrat', 'contrat'],
    ['xyz', 'xyz'],
    ['', ''],
  ])('filters the journal on « %s » as %s', (typed, code) => expect(actionCodeOf(typed)).toBe(code));

  it("writes an event's details on one line", () => {
    expect(detailsFr({ year: 2027, scaleId: 'abc', after: { leftAt: '17:20' } })).toBe(
      'année : 2027 ; barème : abc ; après : (départ : 17:20)',
    );
    expect(
      detailsFr({
        effectiveFrom: '2029-05-01',
        version: 2,
        fields: ['monthlyResources', 'dependentChildren'],
        certified: false,
        role: 'MANAGER',
        reason: 'INPUTS_CHANGED',
        what: 'check_in',
        invoicedMonths: ['2029-03', '2029-04'],
        submittedAt: '2025-09-15T09:00:00.000Z',
        somethingNew: [{ a: 1 }],
      }),
    ).toBe(
      'à partir du : 01/05/2029 ; version : 2 ; champs : ressources mensuelles, enfants à charge ; certificat médical : non ; ' +
        `rôle : Gestionnaire de crèche ; motif : ${reasonFr('INPUTS_CHANGED')} ; saisie : arrivée ; ` +
        'mois déjà facturés : 2029-03, 2029-04 ; déposée le : 15/09/2025 à 11:00 ; somethingNew : [{"a":1}]',
    );
    expect(detailsFr({})).toBe('');
  });
});

describe('the audit log in French', () => {
  /** Every action the API records (`action: '…'` in src/), read from the sources so a new one cannot be forgotten. */
  function recordedActions(dir: string, out = new Set<string>()): Set<string> {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) recordedActions(path, out);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/action: ([^,\n]+)/g))
          for (const a of m[1].matchAll(/'([a-z_]+\.[a-z_]+)'/g)) out.add(a[1]);
    }
    return out;
  }

  it('has a French label for every action the API records', () => {
    const actions = recordedActions(join(__dirname, '../../../../src'));
    expect(actions.size).toBeGreaterThan(50);
    expect([...actions].filter((a) => !ACTION_LABELS[a]).sort()).toEqual([]);
  });
});

describe('filoueSummaryFr', () => {
  it('counts the file by children, one line each, for the manager and the auditor alike', () => {
    expect(filoueSummaryFr(1, 6, 0)).toBe('1 enfant dans le fichier (une ligne par enfant), 6 erreurs.');
    expect(filoueSummaryFr(12, 0, 2)).toBe(
      '12 enfants dans le fichier (une ligne par enfant), 0 erreur, 2 enfants écartés à la demande de leur foyer (opposition).',
    );
  });
});
