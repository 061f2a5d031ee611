import type { EffortTier, FeeScaleVersion } from './fee-scale';

const collective = (r: [string, string, string, string, string]): EffortTier[] =>
  [1, 2, 3, 4, 8].map((fromChildren, i) => ({ fromChildren, rate: r[i] }));
const familial = (r: [string, string, string, string]): EffortTier[] =>
  [1, 2, 3, 6].map((fromChildren, i) => ({ fromChildren, rate: r[i] }));

const RATES_2019_01 = {
  collective: collective(['0.0600', '0.0500', '0.0400', '0.0300', '0.0200']),
  familial: familial(['0.0500', '0.0400', '0.0300', '0.0200']),
};
const RATES_2019_09 = {
  collective: collective(['0.0605', '0.0504', '0.0403', '0.0302', '0.0202']),
  familial: familial(['0.0504', '0.0403', '0.0302', '0.0202']),
};
const RATES_2020 = {
  collective: collective(['0.0610', '0.0508', '0.0406', '0.0305', '0.0203']),
  familial: familial(['0.0508', '0.0406', '0.0305', '0.0203']),
};
const RATES_2021 = {
  collective: collective(['0.0615', '0.0512', '0.0410', '0.0307', '0.0205']),
  familial: familial(['0.0512', '0.0410', '0.0307', '0.0205']),
};
const RATES_2022 = {
  collective: collective(['0.0619', '0.0516', '0.0413', '0.0310', '0.0206']),
  familial: familial(['0.0516', '0.0413', '0.0310', '0.0206']),
};

const REFORM =
  'Cnaf circular C 2019-005 (national scale of family contributions, effort rates rising each year 2019–2022)';

/**
 * The seed versions of docs/rules.md §4, with where each figure comes from. Frozen: migration CreateFees1764210000000
 * inserts exactly these; a correction is a new version added through the API (or a new migration), never an edit.
 */
export const SEED_SCALES: readonly Omit<FeeScaleVersion, 'id'>[] = [
  {
    effectiveFrom: '2019-01-01',
    floor: '687.30',
    ceiling: '4874.62',
    tables: RATES_2019_01,
    microCrecheTable: 'familial',
    provenance: `${REFORM}; 2019 floor and ceiling published by the Cnaf`,
    verified: true,
  },
  {
    effectiveFrom: '2019-09-01',
    floor: '687.30',
    ceiling: '5300.00',
    tables: RATES_2019_09,
    microCrecheTable: 'collective',
    provenance: `${REFORM}: rates of 1 September 2019, micro-crèches aligned on the collective table, ceiling raised`,
    verified: true,
  },
  {
    effectiveFrom: '2020-01-01',
    floor: '705.27',
    ceiling: '5600.00',
    tables: RATES_2020,
    microCrecheTable: 'collective',
    provenance: `${REFORM}; 2020 floor and ceiling published by the Cnaf`,
    verified: true,
  },
  {
    effectiveFrom: '2021-01-01',
    floor: '711.62',
    ceiling: '5800.00',
    tables: RATES_2021,
    microCrecheTable: 'collective',
    provenance: `${REFORM}; 2021 floor and ceiling published by the Cnaf`,
    verified: true,
  },
  {
    effectiveFrom: '2022-01-01',
    floor: '712.33',
    ceiling: '6000.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance: `${REFORM}: final 2022 rates; floor derived as 1.26 × RSA base, not confirmed by a Cnaf publication`,
    verified: false,
  },
  {
    effectiveFrom: '2023-01-01',
    floor: '754.16',
    ceiling: '6000.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance: `${REFORM}: rates unchanged since 2022; 2023 floor published by the Cnaf`,
    verified: true,
  },
  {
    effectiveFrom: '2024-01-01',
    floor: '765.77',
    ceiling: '6000.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance: `${REFORM}: rates unchanged since 2022; 2024 floor published by the Cnaf`,
    verified: true,
  },
  {
    effectiveFrom: '2024-09-01',
    floor: '765.77',
    ceiling: '7000.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance: 'Cnaf: ceiling raised to 7 000 € from 1 September 2024; rates unchanged since 2022',
    verified: true,
  },
  {
    effectiveFrom: '2025-01-01',
    floor: '801.00',
    ceiling: '7000.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance:
      'Rates unchanged since 2022; 2025 floor derived as 1.26 × RSA base, not confirmed by a Cnaf publication',
    verified: false,
  },
  {
    effectiveFrom: '2025-09-01',
    floor: '801.00',
    ceiling: '8500.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance:
      'Cnaf: ceiling raised to 8 500 € from 1 September 2025, applying to running contracts too; rates unchanged since 2022',
    verified: true,
  },
  {
    effectiveFrom: '2026-01-01',
    floor: '814.62',
    ceiling: '8500.00',
    tables: RATES_2022,
    microCrecheTable: 'collective',
    provenance: 'Rates unchanged since 2022; 2026 floor published by the Cnaf',
    verified: true,
  },
];
