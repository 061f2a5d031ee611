import { ageFit, DISABILITY_MAX_AGE_MONTHS } from '../creches/domain/age';
import { dayOf } from '../../common/time/calendar';
import type { CompiledRules } from '../creches/domain/creche-rules';
import { outsideOpeningHours } from '../creches/domain/schedule';
import type { CrecheEntity } from '../creches/entities/creche.entity';

export interface PreferenceProblem {
  readonly field: string;
  readonly errors: string[];
}

/** Why a crèche cannot take this request (schedule outside its hours, child too young or too old at the start). */
export function preferenceProblems(input: {
  index: number;
  creche: CrecheEntity;
  rules: CompiledRules;
  schedule: readonly { weekday: number; from: string; to: string }[];
  /** Where the schedule was given: `schedule` (the application's) or `preferences[i].schedule` (the crèche's own). */
  scheduleField: string;
  birth: string;
  disability: boolean;
  start: string;
}): PreferenceProblem[] {
  const { index, creche, rules, schedule, scheduleField, birth, disability, start } = input;
  const problems: PreferenceProblem[] = [];
  for (const o of outsideOpeningHours(rules, schedule)) {
    problems.push({
      field: `${scheduleField}[${o.index}]`,
      errors: [`${o.text} is outside the opening hours of ${creche.name}`],
    });
  }
  const fit = ageFit({
    birth: dayOf(birth),
    start: dayOf(start),
    disability,
    minAgeMonths: creche.minAgeMonths,
    maxAgeMonths: creche.maxAgeMonths,
  });
  if (fit === 'TOO_YOUNG') {
    const minimum = creche.minAgeMonths !== null ? `${creche.minAgeMonths} months` : '10 weeks';
    problems.push({
      field: `preferences[${index}]`,
      errors: [`the child is too young for ${creche.name} at the start date (minimum ${minimum})`],
    });
  } else if (fit === 'TOO_OLD') {
    const maxMonths = disability ? Math.max(creche.maxAgeMonths, DISABILITY_MAX_AGE_MONTHS) : creche.maxAgeMonths;
    problems.push({
      field: `preferences[${index}]`,
      errors: [`the child is too old for ${creche.name} at the start date (under ${maxMonths} months)`],
    });
  }
  return problems;
}

/**
 * Whether a crèche takes the child only on the strength of a disability not verified yet: old enough for its limit
 * with the declared disability (R1.3 lifts it to 72 months), too old without it. Filing such an application is
 * allowed (a family applies before a manager sees the proof), but rounds leave the child out (reason AGE) until a
 * manager verifies the disability; the parent and the manager are told so.
 */
export function ageExemptionAwaitsVerification(input: {
  creche: Pick<CrecheEntity, 'minAgeMonths' | 'maxAgeMonths'>;
  birth: string;
  start: string;
  declaredDisability: boolean;
  provedDisability: boolean;
}): boolean {
  const fit = (disability: boolean) =>
    ageFit({
      birth: dayOf(input.birth),
      start: dayOf(input.start),
      disability,
      minAgeMonths: input.creche.minAgeMonths,
      maxAgeMonths: input.creche.maxAgeMonths,
    });
  return !input.provedDisability && input.declaredDisability && fit(true) === 'OK' && fit(false) === 'TOO_OLD';
}
