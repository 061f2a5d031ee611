/** The parents' activity, as declared (the waitlist's priority policy scores it). */
export type ParentsActivity =
  'BOTH_WORKING' | 'ONE_WORKING_ONE_JOBSEEKING' | 'ONE_WORKING_ONE_INACTIVE' | 'NONE_WORKING';

interface ProvableFamily {
  readonly parentsActivity: ParentsActivity;
  readonly singleParent: boolean;
  readonly socialMinimaOrInsertion: boolean;
  readonly otherHouseholdDisability: boolean;
}

interface ProvableChild {
  readonly disability: boolean;
  readonly multipleBirth: boolean;
}

/**
 * Facts of a household that need proof before they earn priority points (docs/rules.md, declared and verified
 * points): the parents' activity, single parent, social minima or insertion, another household member's disability,
 * and the child's disability and multiple birth. Residence, atypical hours covered, a sibling in care, waiting months
 * and refusals need none.
 */
export const FAMILY_CLAIMS = [
  'PARENTS_ACTIVITY',
  'SINGLE_PARENT',
  'SOCIAL_MINIMA_OR_INSERTION',
  'OTHER_HOUSEHOLD_DISABILITY',
] as const;
export const CHILD_CLAIMS = ['CHILD_DISABILITY', 'MULTIPLE_BIRTH'] as const;
export type FamilyClaim = (typeof FAMILY_CLAIMS)[number];
export type ChildClaim = (typeof CHILD_CLAIMS)[number];
export type Claim = FamilyClaim | ChildClaim;
export const CLAIMS: readonly Claim[] = [...FAMILY_CLAIMS, ...CHILD_CLAIMS];

/** What a manager recorded: the value they saw proved, by whom, when. */
export interface VerifiedClaim {
  readonly value: unknown;
  readonly by: string;
  readonly at: string;
}
export type VerifiedClaims = Partial<Record<Claim, VerifiedClaim>>;

const PARENTS_ACTIVITY_VALUES: readonly ParentsActivity[] = [
  'BOTH_WORKING',
  'ONE_WORKING_ONE_JOBSEEKING',
  'ONE_WORKING_ONE_INACTIVE',
  'NONE_WORKING',
];

/** Whether a claim can take this value: one of the activities for PARENTS_ACTIVITY, true or false for the others. */
export function isClaimValue(claim: Claim, value: unknown): boolean {
  return claim === 'PARENTS_ACTIVITY'
    ? (PARENTS_ACTIVITY_VALUES as readonly unknown[]).includes(value)
    : typeof value === 'boolean';
}

/** The declared value of a claim, the one a manager verifies. */
export function declaredValue(claim: Claim, family: ProvableFamily, child: ProvableChild): unknown {
  const values: Record<Claim, unknown> = {
    PARENTS_ACTIVITY: family.parentsActivity,
    SINGLE_PARENT: family.singleParent,
    SOCIAL_MINIMA_OR_INSERTION: family.socialMinimaOrInsertion,
    OTHER_HOUSEHOLD_DISABILITY: family.otherHouseholdDisability,
    CHILD_DISABILITY: child.disability,
    MULTIPLE_BIRTH: child.multipleBirth,
  };
  return values[claim];
}

/**
 * Whether the child's disability counts: declared, and verified as declared by a manager who saw the proof (AEEH,
 * MDPH). Only then does it earn points and lift a crèche's age limit (docs/rules.md R1.3, R5.8).
 */
export function provedDisability(child: { readonly disability: boolean }, claims: VerifiedClaims): boolean {
  return child.disability && claims.CHILD_DISABILITY?.value === true;
}

/**
 * The facts that count once only verified claims are kept: a claim counts when the value a manager verified is still
 * the value declared; otherwise it earns nothing (no activity, false). A changed declaration needs a new check.
 */
export function verifiedFacts<F extends ProvableFamily, C extends ProvableChild>(
  family: F,
  child: C,
  claims: { family: VerifiedClaims; child: VerifiedClaims },
): { family: F; child: C } {
  const holds = (claim: Claim, source: VerifiedClaims) => {
    const v = source[claim];
    return v !== undefined && v.value === declaredValue(claim, family, child);
  };
  const none: ParentsActivity = 'NONE_WORKING';
  return {
    family: {
      ...family,
      parentsActivity: holds('PARENTS_ACTIVITY', claims.family) ? family.parentsActivity : none,
      singleParent: family.singleParent && holds('SINGLE_PARENT', claims.family),
      socialMinimaOrInsertion: family.socialMinimaOrInsertion && holds('SOCIAL_MINIMA_OR_INSERTION', claims.family),
      otherHouseholdDisability: family.otherHouseholdDisability && holds('OTHER_HOUSEHOLD_DISABILITY', claims.family),
    },
    child: {
      ...child,
      disability: provedDisability(child, claims.child),
      multipleBirth: child.multipleBirth && holds('MULTIPLE_BIRTH', claims.child),
    },
  };
}
