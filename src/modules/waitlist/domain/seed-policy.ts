import type { PolicyCriterion, TieBreak } from './priority-policy';

/**
 * The seed policy of docs/rules.md §5 (inspired by published municipal grids, adapted to the CTG's goals for atypical
 * hours and accessibility). Frozen: migration CreateFamiliesAndApplications1764220000000 and new territories use it;
 * a territory changes its policy by publishing a new version.
 */
export const SEED_POLICY: {
  criteria: PolicyCriterion[];
  waitingMonthPoints: number;
  waitingMonthCap: number;
  refusalPenalty: number;
  tieBreak: TieBreak[];
} = {
  criteria: [
    { code: 'RESIDES_IN_TERRITORY', label: 'La famille réside sur le territoire', points: 300 },
    {
      code: 'BOTH_WORKING',
      label: 'Les deux parents (ou le parent isolé) travaillent ou sont en formation',
      points: 40,
    },
    { code: 'ONE_WORKING_ONE_JOBSEEKING', label: "Un parent travaille, l'autre cherche un emploi", points: 20 },
    { code: 'ONE_WORKING_ONE_INACTIVE', label: "Un parent travaille, l'autre est inactif", points: 10 },
    {
      code: 'ATYPICAL_HOURS_COVERED',
      label: 'Un parent travaille en horaires atypiques que la crèche couvre',
      points: 50,
    },
    { code: 'SINGLE_PARENT', label: 'Famille monoparentale', points: 30 },
    {
      code: 'SOCIAL_MINIMA_OR_INSERTION',
      label: "Minima sociaux ou parcours d'insertion (art. L214-7 CASF)",
      points: 40,
    },
    { code: 'CHILD_DISABILITY', label: "L'enfant est en situation de handicap (AEEH / MDPH)", points: 30 },
    { code: 'OTHER_HOUSEHOLD_DISABILITY', label: 'Un autre membre du foyer est en situation de handicap', points: 20 },
    { code: 'SIBLING_ENROLLED', label: 'Un frère ou une sœur est accueilli dans la crèche', points: 20 },
    { code: 'MULTIPLE_BIRTH', label: 'Naissance multiple', points: 20 },
  ],
  waitingMonthPoints: 2,
  waitingMonthCap: 24,
  refusalPenalty: -20,
  tieBreak: ['SUBMITTED_AT', 'APPLICATION_ID'],
};
