import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { childDatesProblems } from '../../common/time/horizons';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import type { AfterCommit } from '../../common/events/domain-events';
import { ClaimProofsService } from './claim-proofs.service';
import { AuditService } from '../audit/audit.service';
import type { CreateChildDto, UpdateChildDto } from './dto/family.dto';
import { ChildEntity } from './entities/child.entity';
import { FamilyAccess } from './family-access';
import { FamiliesRepository } from './families.repository';
import { provedDisability } from './domain/claims';
import { childDatesChangeProblem, sameChild } from './domain/child-dates';
import { ChildStandingReadModel } from '../../read-models/child-standing.read-model';

/** Children a household may register beyond those it declares: a multiple birth on the way. */
const EXPECTED_BIRTHS_ALLOWED = 3;
/** Whatever it declares. */
const MAX_CHILDREN = 15;

@Injectable()
export class ChildrenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly repo: FamiliesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly claimProofs: ClaimProofsService,
    private readonly standing: ChildStandingReadModel,
  ) {}

  /**
   * A household registers no more children than it declares, plus expected births (twins, triplets), and never more
   * than MAX_CHILDREN (issue #13: one account created 1,401 children). The household row is locked, so that two
   * requests at once cannot both take the last room.
   */
  private async assertRoomForAChild(em: EntityManager, familyId: string): Promise<void> {
    const family = (await this.repo.findFamily(em, familyId, true))!;
    const children = await this.repo.childrenOf(em, familyId);
    const limit = Math.min(MAX_CHILDREN, Math.max(family.dependentChildren, 1) + EXPECTED_BIRTHS_ALLOWED);
    if (children.length >= limit) {
      throw new DomainError(
        'FAMILY.CHILDREN_LIMIT',
        `Votre foyer déclare ${family.dependentChildren} enfant(s) à charge : mettez à jour votre foyer avant d'ajouter un autre enfant.`,
        { declared: family.dependentChildren, registered: children.length },
      );
    }
  }

  /**
   * The AEEH bound (DOMAIN.md §4, issue #14 §6): flagging a child with AEEH needs the household's validated
   * `aeehChildren` to count it already (a sibling not in care counts too, so the bound is "at least"). The caller holds
   * the household's row lock.
   */
  private async assertAeehCounted(em: EntityManager, familyId: string, childId?: string): Promise<void> {
    const family = (await this.repo.findFamily(em, familyId))!;
    const flagged = (await this.repo.countAeehChildren(em, familyId, childId)) + 1;
    if (flagged > family.aeehChildren)
      throw invalidFields([
        {
          field: 'aeehChildren',
          errors: [
            `aeehChildren (${family.aeehChildren}) cannot be lower than the ${flagged} child(ren) flagged with AEEH: declare the AEEH first at POST /families/:id/declarations`,
          ],
        },
      ]);
  }

  /**
   * A birth date is today or earlier, an expected birth today or later and at most 10 months ahead
   * (common/time/horizons.ts), by the app's clock: a 400 naming the field.
   */
  private assertBirthHorizon(dto: { birthDate?: string; expectedBirthDate?: string }): void {
    const problems = childDatesProblems(dto, todayOf(this.clock));
    if (problems.length) throw invalidFields(problems);
  }

  async add(actor: AuthUser, familyId: string, dto: CreateChildDto): Promise<ChildEntity> {
    assertOneBirthDate(dto);
    this.assertBirthHorizon(dto);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      await this.assertRoomForAChild(em, familyId);
      // The same child twice would apply twice and start its second application without its refusals (R5.4).
      if ((await this.repo.childrenOf(em, familyId)).some((c) => sameChild(c, dto))) throw duplicateChild();
      if (dto.aeeh) await this.assertAeehCounted(em, familyId);
      const child = await this.repo.insertChild(em, {
        familyId,
        firstName: dto.firstName,
        birthDate: dto.birthDate ?? null,
        expectedBirthDate: dto.birthDate ? null : dto.expectedBirthDate!,
        disability: dto.disability,
        multipleBirth: dto.multipleBirth ?? false,
        aeeh: dto.aeeh ?? false,
      });
      await this.audit.record(em, {
        actor,
        action: 'child.added',
        subjectType: 'child',
        subjectId: child.id,
        details: { familyId },
      });
      return child;
    });
  }

  /** A child of this household, or null (another household's child is as absent as a missing one). */
  findInFamily(em: EntityManager, familyId: string, childId: string): Promise<ChildEntity | null> {
    return this.repo.findChild(em, childId, familyId);
  }

  /**
   * Whether the child's disability counts for allocation: declared and verified by a manager (R1.3, R5.8); false for
   * a child not of this household. `share`: the child (its disability, its birth date) cannot change until the
   * caller's transaction ends, so a decision taken on it (an acceptance) commits on what it read. The household's
   * row is taken first, FOR SHARE, in the order an update of the child takes both (no deadlock between them).
   */
  async provedDisabilityInTx(em: EntityManager, familyId: string, childId: string, share = false): Promise<boolean> {
    if (share) await this.repo.findFamily(em, familyId, 'share');
    const row = await this.repo.childDisability(em, childId, familyId, share);
    return row !== null && provedDisability(row, row.verifiedClaims);
  }

  /** The ids of a household's children. */
  async idsOfFamily(em: EntityManager, familyId: string): Promise<string[]> {
    return (await this.repo.childrenOf(em, familyId)).map((c) => c.id);
  }

  async list(user: AuthUser, familyId: string): Promise<ChildEntity[]> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, user, familyId);
      return this.repo.childrenOf(em, familyId);
    });
  }

  /**
   * Once applied or in care, a child's dates are corrected, or become its birth: never another child's (R1.3, R5.4).
   * Measured from the dates it applied with, kept here the first time they change afterwards (under the child's lock):
   * measured from the last correction, a month at a time, they went anywhere.
   */
  private async assertDatesOfSameChild(em: EntityManager, child: ChildEntity, dto: UpdateChildDto): Promise<void> {
    if (!(await this.standing.appliedOrInCare(em, child.id))) return;
    if (child.appliedBirthDate === null && child.appliedExpectedBirthDate === null) {
      child.appliedBirthDate = child.birthDate;
      child.appliedExpectedBirthDate = child.expectedBirthDate;
    }
    const applied = { birthDate: child.appliedBirthDate, expectedBirthDate: child.appliedExpectedBirthDate };
    const problem = childDatesChangeProblem(applied, dto);
    if (problem) throw invalidFields([{ field: problem.field, errors: [problem.error] }]);
  }

  /** E.g. the birth: an expected birth date becomes a birth date. */
  async update(actor: AuthUser, familyId: string, childId: string, dto: UpdateChildDto): Promise<ChildEntity> {
    this.assertBirthHorizon(dto);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      const identity =
        dto.firstName !== undefined || dto.birthDate !== undefined || dto.expectedBirthDate !== undefined;
      // The household's row first (as a validation and adding a child take it), then the child's.
      if (dto.aeeh || identity) await this.repo.findFamily(em, familyId, true);
      const child = await this.repo.findChild(em, childId, familyId, true);
      if (!child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      if (dto.aeeh && !child.aeeh) await this.assertAeehCounted(em, familyId, childId);
      if (dto.birthDate !== undefined || dto.expectedBirthDate !== undefined)
        await this.assertDatesOfSameChild(em, child, dto);
      if (dto.firstName !== undefined) child.firstName = dto.firstName;
      if (dto.birthDate !== undefined) {
        child.birthDate = dto.birthDate;
        child.expectedBirthDate = null;
      } else if (dto.expectedBirthDate !== undefined) {
        if (child.birthDate)
          throw invalidFields([{ field: 'expectedBirthDate', errors: ['the child is already born'] }]);
        child.expectedBirthDate = dto.expectedBirthDate;
      }
      if (dto.disability !== undefined) child.disability = dto.disability;
      if (dto.multipleBirth !== undefined) child.multipleBirth = dto.multipleBirth;
      if (dto.aeeh !== undefined) child.aeeh = dto.aeeh;
      // Renamed or redated into a brother or sister already registered: the same child twice, as adding it would be.
      if (identity && (await this.repo.childrenOf(em, familyId)).some((c) => c.id !== childId && sameChild(c, child)))
        throw duplicateChild();
      const saved = await this.repo.saveChild(em, child);
      await this.audit.record(em, {
        actor,
        action: 'child.updated',
        subjectType: 'child',
        subjectId: childId,
        details: { fields: Object.keys(dto) },
      });
      return saved;
    });
  }

  /**
   * A child registered by mistake goes, while nothing refers to it: an application (even withdrawn), a contract, a
   * booking, an alternating-residence link, or whatever another module keeps about it. Those rows keep their foreign
   * key to the child, so the database itself refuses the deletion; the refusal is a 409 naming what holds it.
   */
  async remove(actor: AuthUser, familyId: string, childId: string): Promise<void> {
    const afterCommit = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      // The household's row first (as adding a child takes it), then the child's.
      await this.repo.findFamily(em, familyId, true);
      const child = await this.repo.findChild(em, childId, familyId, true);
      if (!child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      let proofsGone: AfterCommit;
      try {
        await em.query('SAVEPOINT child_delete');
        // The proofs of the child's criteria go with it (kept if the deletion is refused).
        proofsGone = await this.claimProofs.eraseOfChildInTx(em, childId);
        await this.repo.deleteChild(em, childId);
      } catch (err) {
        const constraint = violatedConstraint(err);
        if (constraint === undefined) throw err;
        await em.query('ROLLBACK TO SAVEPOINT child_delete');
        const referencedBy = REFERENCES[constraint] ?? 'other';
        throw new DomainError(
          'CHILD.IN_USE',
          `Cet enfant ne peut pas être supprimé : ${REFERENCE_LABELS[referencedBy]} le concerne.`,
          { referencedBy },
        );
      }
      await this.audit.record(em, {
        actor,
        action: 'child.removed',
        subjectType: 'child',
        subjectId: childId,
        details: { familyId },
      });
      return proofsGone;
    });
    await afterCommit();
  }
}

/** The foreign keys to `children`, by what they stand for (a key not listed is "other"). */
const REFERENCES: Readonly<Record<string, string>> = {
  fk_applications_child: 'application',
  fk_contracts_child: 'contract',
  fk_bookings_child: 'booking',
  co_households_child_id_fkey: 'coHousehold',
};

const REFERENCE_LABELS: Readonly<Record<string, string>> = {
  application: 'une demande de place',
  contract: 'un contrat',
  booking: 'une réservation',
  coHousehold: 'une résidence alternée',
  other: 'un dossier',
};

function assertOneBirthDate(dto: CreateChildDto): void {
  if ((dto.birthDate === undefined) === (dto.expectedBirthDate === undefined)) {
    throw invalidFields([{ field: 'birthDate', errors: ['give either birthDate or expectedBirthDate'] }]);
  }
}

function duplicateChild(): DomainError {
  return new DomainError(
    'CHILD.DUPLICATE',
    'Un enfant de ce prénom, né (ou attendu) à moins de neuf mois de cette date, est déjà enregistré dans votre foyer : corrigez sa fiche plutôt que d’en créer une seconde.',
  );
}
