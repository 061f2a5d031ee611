import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalidFields } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AfterCommit, DomainEvents } from '../../common/events/domain-events';
import {
  aeehProblems,
  DeclaredChange,
  HouseholdSituation,
  sameSituation,
  situationAfter,
} from './domain/fee-declarations';
import type { FamilyEntity } from './entities/family.entity';
import { FamiliesRepository } from './families.repository';

/**
 * The household's fee situation (resources, dependent children, AEEH children) under its row lock: checked when a
 * change is declared, applied when a manager validates it. The lock serialises a validation with a child being flagged
 * with AEEH, so the AEEH bound holds whichever comes first.
 */
/** The situation a validated declaration replaced: what is billed for days before its `appliesFrom`. */
export interface PreviousSituation extends HouseholdSituation {
  readonly resourcesChecked: boolean;
  readonly childrenChecked: boolean;
}

@Injectable()
export class HouseholdSituationService {
  constructor(
    private readonly repo: FamiliesRepository,
    private readonly events: DomainEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Takes the household's row (FOR UPDATE) before any of its declarations: the order of every path that changes
   * both (a declaration made, a review, a GDPR erasure), so that none waits for the other in the opposite order.
   */
  async lockHouseholdInTx(em: EntityManager, familyId: string): Promise<void> {
    await this.repo.findFamily(em, familyId, true);
  }

  /** A 400 naming the field when the household's situation after `change` would break a rule (the AEEH bound). */
  async assertDeclarableInTx(em: EntityManager, familyId: string, change: DeclaredChange): Promise<void> {
    const { situation, flagged } = await this.locked(em, familyId);
    const problems = aeehProblems(situationAfter(situation, change), flagged);
    if (problems.length) throw invalidFields(problems);
  }

  /**
   * Applies a validated change: the household's row takes the new situation, and its contracts are told from `from`
   * (the declaration's `appliesFrom`, never earlier) through `family.fee-situation-changed`, which the contracts module
   * handles (nothing happens there without a running or upcoming contract). A change that bills the same is a no-op.
   */
  async applyInTx(
    em: EntityManager,
    familyId: string,
    change: DeclaredChange,
    from: string,
    declarationId?: string,
  ): Promise<{ changed: boolean; after: AfterCommit[]; previous?: PreviousSituation }> {
    const { family, situation, flagged } = await this.locked(em, familyId);
    const previous: PreviousSituation = {
      ...situation,
      resourcesChecked: family.resourcesCheckedAt !== null,
      childrenChecked: family.childrenCheckedAt !== null,
    };
    const next = situationAfter(situation, change);
    const problems = aeehProblems(next, flagged);
    if (problems.length) throw invalidFields(problems);
    // A first proof of the same figures still changes the bill: unchecked resources were billed as unknown, unchecked
    // children at the one-child rate.
    const checksChildren = childrenProven(change, situation, family.childrenCheckedAt !== null);
    const firstCheck =
      (change.monthlyResources !== undefined && family.resourcesCheckedAt === null) ||
      (checksChildren && family.childrenCheckedAt === null);
    if (sameSituation(situation, next) && !firstCheck) return { changed: false, after: [] };
    Object.assign(family, next);
    if (change.monthlyResources !== undefined) family.resourcesCheckedAt = this.clock.now();
    if (checksChildren) family.childrenCheckedAt = this.clock.now();
    await this.repo.saveFamily(em, family);
    // Only what was declared and checked reaches the contracts: a contract's resources set by a manager are not
    // replaced by the household's own figure when the declaration was about children.
    const inputs = {
      ...(change.monthlyResources !== undefined && {
        monthlyResources: next.monthlyResources,
        resourcesRefused: next.resourcesRefused,
        resourcesUnchecked: false,
      }),
      ...(change.dependentChildren !== undefined && { dependentChildren: next.dependentChildren }),
      ...(change.aeehChildren !== undefined && { aeehChildren: next.aeehChildren }),
      // Proven, the counts bill as they are; a contract whose counts a manager set keeps them otherwise.
      ...(checksChildren && { childrenUnchecked: false }),
      ...(declarationId && { declarationId }),
    };
    const after = await this.events.emit(em, 'family.fee-situation-changed', { familyId, from, inputs });
    return { changed: true, after, previous };
  }

  private async locked(
    em: EntityManager,
    familyId: string,
  ): Promise<{ family: FamilyEntity; situation: HouseholdSituation; flagged: number }> {
    const family = (await this.repo.findFamily(em, familyId, true))!;
    const situation: HouseholdSituation = {
      monthlyResources: family.monthlyResources,
      resourcesRefused: family.resourcesRefused,
      dependentChildren: family.dependentChildren,
      aeehChildren: family.aeehChildren,
    };
    return { family, situation, flagged: await this.repo.countAeehChildren(em, familyId) };
  }
}

/**
 * Whether a validated declaration leaves both of the household's children counts proven. One that states neither
 * but an amount of resources has its reviewer check the household's counts as they stand on its proof (a tax notice,
 * the Caf's CDAP): the review panel shows them and asks to refuse when they are wrong. One that states some proves
 * what it states, the other count being proven already or having nothing to prove (one dependent child, no AEEH
 * child): a count typed at sign-up is never taken as proven because the other one was.
 */
function childrenProven(change: DeclaredChange, current: HouseholdSituation, provenBefore: boolean): boolean {
  if (provenBefore) return true;
  // Resources "unknown" or "refused" come with no proof that shows the children.
  if (change.dependentChildren === undefined && change.aeehChildren === undefined)
    return change.monthlyResources !== undefined && /^\d/.test(change.monthlyResources);
  // One dependent child and no AEEH child is the one-child rate: nothing to prove.
  const dependents = change.dependentChildren !== undefined || current.dependentChildren <= 1;
  const aeeh = change.aeehChildren !== undefined || current.aeehChildren === 0;
  return dependents && aeeh;
}
