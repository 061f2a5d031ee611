import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { type AfterCommit, runAfterCommit } from '../../common/events/domain-events';
import type { FeeSituation } from '../fees/domain/fee-inputs';
import { CHILD_CLAIMS, declaredValue, isClaimValue } from './domain/claims';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { CreateFamilyDto, UpdateFamilyDto, VerifyClaimDto } from './dto/family.dto';
import { FamilyEntity } from './entities/family.entity';
import { FamilyAccess } from './family-access';
import { ChildSituationRow, FamiliesRepository } from './families.repository';
import { FeeDeclarationsRepository, type PreviousSituationRow } from './fee-declarations.repository';
import { FeeDeclarationsService } from './fee-declarations.service';
import { ClaimProofsService } from './claim-proofs.service';
import { NoticesService } from '../notices/notices.service';

@Injectable()
export class FamiliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly repo: FamiliesRepository,
    private readonly declarations: FeeDeclarationsService,
    private readonly declarationRows: FeeDeclarationsRepository,
    private readonly notices: NoticesService,
    private readonly claimProofs: ClaimProofsService,
  ) {}

  /** A parent declares their household; one household per parent account. */
  async create(actor: AuthUser, dto: CreateFamilyDto): Promise<FamilyEntity> {
    assertChildrenCoherent(dto.dependentChildren, dto.aeehChildren ?? 0);
    assertCafStatusCoherent(dto);
    return this.dataSource.transaction(async (em) => {
      const family = await this.repo.insertFamily(em, situationOf(dto));
      try {
        await this.repo.addMember(em, family.id, actor.id);
      } catch (err) {
        if (violatedConstraint(err) === 'uq_family_members_user')
          throw new DomainError('FAMILY.ALREADY_MEMBER', 'Votre compte est déjà rattaché à un foyer.');
        throw err;
      }
      await this.audit.record(em, { actor, action: 'family.created', subjectType: 'family', subjectId: family.id });
      return family;
    });
  }

  /** The caller's own household, or null while they have none. */
  async ofUser(user: AuthUser): Promise<(FamilyEntity & { memberUserIds: string[] }) | null> {
    const id = await this.access.familyIdOf(this.dataSource.manager, user.id);
    return id ? this.get(user, id) : null;
  }

  async get(user: AuthUser, id: string): Promise<FamilyEntity & { memberUserIds: string[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanRead(em, user, id);
      const family = (await this.repo.findFamily(em, id))!;
      return Object.assign(family, { memberUserIds: await this.repo.memberIds(em, id) });
    });
  }

  /**
   * The household's other facts (commune, activity, flags). Its fee situation (resources, children, AEEH) is not
   * changed here: a change is a declaration with its proof (FeeDeclarationsService), refused by the DTO with a 400.
   * Audited by field names, never values.
   */
  async update(actor: AuthUser, id: string, dto: UpdateFamilyDto): Promise<FamilyEntity> {
    const changes = otherFactsOf(dto);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, id);
      const current = (await this.repo.findFamily(em, id, true))!;
      const before = { cafNumber: current.cafNumber, notCafAllocataire: current.notCafAllocataire };
      Object.assign(current, situationOf(withCafStatus(currentDto(current), changes)));
      const saved = await this.repo.saveFamily(em, current);
      // A change may take back the other Caf field (R9.5): the log names it too.
      const implied = (['cafNumber', 'notCafAllocataire'] as const).filter(
        (f) => !(f in changes) && before[f] !== saved[f],
      );
      await this.audit.record(em, {
        actor,
        action: 'family.updated',
        subjectType: 'family',
        subjectId: id,
        details: { fields: [...Object.keys(changes), ...implied] },
      });
      return saved;
    });
  }

  /**
   * A manager (of a crèche the household applies to or is cared for at: a live application, a contract not ended) or an admin records that they saw the proof of a claim:
   * the value they saw (`dto.value`) becomes verified, and counts in allocation. It must still be the value declared,
   * read under the household's lock: a family that changed its declaration after the manager read it (to a value
   * worth more points) would otherwise get the new value verified unseen (409). A later change of the declaration
   * needs a new check. Audited by claim, never by value.
   */
  async verifyClaim(actor: AuthUser, familyId: string, dto: VerifyClaimDto): Promise<void> {
    if (!isClaimValue(dto.claim, dto.value))
      throw invalidFields([{ field: 'value', errors: [`value is not a value of ${dto.claim}`] }]);
    await this.dataSource.transaction(async (em) => {
      await this.access.assertCanActAsStaff(em, actor, familyId, todayOf(this.clock));
      const family = (await this.repo.findFamily(em, familyId, true))!;
      const isChildClaim = (CHILD_CLAIMS as readonly string[]).includes(dto.claim);
      if (isChildClaim && !dto.childId)
        throw invalidFields([{ field: 'childId', errors: [`childId is required for ${dto.claim}`] }]);
      const child = dto.childId ? await this.repo.findChild(em, dto.childId, familyId, true) : null;
      if (dto.childId && !child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      const declared = declaredValue(dto.claim, family, child ?? { disability: false, multipleBirth: false });
      if (declared !== dto.value)
        throw new DomainError(
          'CLAIM.DECLARATION_CHANGED',
          "La famille a changé cette déclaration depuis que vous l'avez lue : rien n'a été enregistré. Rechargez la liste et vérifiez le justificatif de la nouvelle déclaration.",
          { claim: dto.claim },
        );
      // A second parent may have joined since the manager read the proof (the join's key-share lock on the household
      // waits for this row lock, and this read sees a join committed before it): two parents are no single parent.
      if (dto.claim === 'SINGLE_PARENT' && declared === true && (await this.repo.memberIds(em, familyId)).length > 1)
        throw new DomainError(
          'CLAIM.TWO_PARENTS',
          'Un second parent a rejoint ce foyer : la situation de parent isolé ne peut plus être vérifiée. La famille doit corriger sa déclaration.',
          { claim: dto.claim },
        );
      const record = { value: declared, by: actor.id, at: this.clock.now().toISOString() };
      if (isChildClaim) await this.repo.setChildClaim(em, child!.id, dto.claim, record);
      else await this.repo.setFamilyClaim(em, familyId, dto.claim, record);
      await this.audit.record(em, {
        actor,
        action: 'family.claim_verified',
        subjectType: 'family',
        subjectId: familyId,
        details: { claim: dto.claim, childId: child?.id ?? null },
      });
    });
  }

  /** The household's parents (their account ids). */
  memberIdsInTx(em: EntityManager, familyId: string): Promise<string[]> {
    return this.repo.memberIds(em, familyId);
  }

  /** A parent leaves the household: their membership goes, the household's shared data stays for the others. */
  removeMemberInTx(em: EntityManager, familyId: string, userId: string): Promise<void> {
    return this.repo.removeMember(em, familyId, userId);
  }

  /**
   * GDPR erasure of the household's own rows: names, contact data, income and situation go; children keep a birth
   * month (ages of past contracts stay readable); pending invitations, fee declarations and the criteria's proofs are deleted. Returns the
   * parents' account ids (their accounts are erased by the users module) and the work to run once committed (the
   * declarations' and proofs' files are deleted then, so a rolled-back erasure keeps them).
   */
  /**
   * The household's row, FOR UPDATE: a contract signed or a booking made for its children reads it FOR SHARE, so
   * whoever takes it first is seen by the other (an erasure checking what the household still owes).
   */
  async lockInTx(em: EntityManager, familyId: string): Promise<void> {
    await this.repo.findFamily(em, familyId, true);
  }

  /**
   * The household's row, FOR SHARE: a change of what it owes (a payment cancelled) and its erasure (`lockInTx`, which
   * checks the balance) take it in turn, so an erasure never misses a debt committed at the same moment.
   */
  async holdInTx(em: EntityManager, familyId: string): Promise<void> {
    await this.repo.findFamily(em, familyId, 'share');
  }

  async anonymiseInTx(em: EntityManager, familyId: string): Promise<{ memberIds: string[]; afterCommit: AfterCommit }> {
    const memberIds = await this.repo.memberIds(em, familyId);
    await this.repo.anonymise(em, familyId);
    // The invitations' e-mails to addresses with no account name those addresses: they go with the invitations.
    await this.notices.deleteAddressedForSubjectInTx(em, { type: 'family', id: familyId });
    const declarations = await this.declarations.eraseOfFamilyInTx(em, familyId);
    const proofs = await this.claimProofs.eraseOfFamilyInTx(em, familyId);
    return { memberIds, afterCommit: () => runAfterCommit([declarations, proofs]) };
  }

  /**
   * The household's declared fee situation for one of its children's contracts, or null while the household has
   * not declared its commune (then the contract brings its own inputs).
   */
  async feeSituationOfChild(em: EntityManager, childId: string, asOf?: string): Promise<FeeSituation | null> {
    // One statement: the household locked FOR SHARE (a validation of this household's declaration waits for the
    // contract being signed, or the other way round, so the contract never misses it: the validation recomputes the
    // contracts it finds), with the situation a later declaration replaced.
    const row = await this.repo.situationOfChild(em, childId, asOf ?? null);
    return billableOrNull(row);
  }

  /** `feeSituationOfChild` for several children at once, each on its day, in one statement, in order. */
  async feeSituationsOfChildren(
    em: EntityManager,
    wanted: readonly { childId: string; asOf: string }[],
  ): Promise<(FeeSituation | null)[]> {
    return (await this.repo.situationsOfChildren(em, wanted)).map(billableOrNull);
  }

  /**
   * Locks, until the transaction ends, those of these children no other transaction holds (admissions decided
   * together lock their children before the crèche, as a single admission does, without waiting for any); the ids
   * locked. A child missing or busy elsewhere is not among them.
   */
  lockFreeChildren(em: EntityManager, childIds: readonly string[]): Promise<Set<string>> {
    return this.repo.lockFreeChildren(em, childIds);
  }

  /** The household of a child, or null when there is no such child. */
  async familyIdOfChild(em: EntityManager, childId: string): Promise<string | null> {
    return (await this.repo.findChild(em, childId))?.familyId ?? null;
  }

  /** A household's fee situation to bill, or null when it does not exist or has not declared it yet. */
  async declaredSituation(em: EntityManager, familyId: string, asOf?: string): Promise<FeeSituation | null> {
    const f = await this.repo.findFamily(em, familyId, 'share');
    if (!f || f.communeInseeCode === null) return null;
    return this.billableOn(em, f, asOf);
  }

  /**
   * The household's validated declarations applying after `asOf` (a contract starting then, signed once they were
   * validated: "never earlier", #14 §4), in order: from each one's appliesFrom, the situation it brought, that is what
   * the next one replaced, or the household's own figures for the last. Flags are said either way: these are merged
   * into a contract's inputs taken before (contracts.service), where a flag that no longer holds must read false.
   */
  async laterChanges(
    em: EntityManager,
    childId: string,
    asOf: string,
  ): Promise<{ from: string; situation: FeeSituation }[]> {
    const child = await this.repo.findChild(em, childId);
    return child ? this.laterChangesOfFamily(em, child.familyId, asOf) : [];
  }

  /** `laterChanges` of a household by its id (the other household of a contract in alternating residence). */
  async laterChangesOfFamily(
    em: EntityManager,
    familyId: string,
    asOf: string,
  ): Promise<{ from: string; situation: FeeSituation }[]> {
    const family = await this.repo.findFamily(em, familyId);
    if (!family || family.communeInseeCode === null) return [];
    const later = await this.declarationRows.laterApplying(em, family.id, asOf);
    return later.map((d, i) => {
      const situation = billable(i + 1 < later.length ? later[i + 1].previousSituation : factsOf(family));
      return {
        from: d.appliesFrom,
        situation: {
          ...situation,
          resourcesUnchecked: situation.resourcesUnchecked ?? false,
          childrenUnchecked: situation.childrenUnchecked ?? false,
        },
      };
    });
  }

  /** "Never earlier" (#14 §4): before a validated declaration's appliesFrom, what it replaced is billed. */
  private async billableOn(em: EntityManager, family: FamilyEntity, asOf?: string): Promise<FeeSituation> {
    const before = asOf ? await this.declarationRows.situationBefore(em, family.id, asOf) : null;
    return billable(before ?? factsOf(family));
  }

  /**
   * The household's fee situation as a contract starting on `asOf` would bill it (an offer's estimate, so that the
   * offer says the fee the contract will bill): resources typed and not checked yet are the floor meanwhile, and
   * the estimate's steps say so. An offer once quoted the typed resources, some six times the contract's first fee.
   */
  async feeSituation(em: EntityManager, familyId: string, asOf: string): Promise<FeeSituation> {
    const f = (await this.repo.findFamily(em, familyId))!;
    return this.billableOn(em, f, asOf);
  }
}

/**
 * The situation a contract or a booking is billed on: resources count once a manager has checked their proof; typed
 * and unchecked, they are unknown ("no documents yet": the floor). Refusing needs no proof (the ceiling). Children
 * typed and unchecked bill the one-child rate.
 */
/** What a household is billed on, from its row (null: no such child, or its commune not declared yet). */
function billableOrNull(row: ChildSituationRow | null): FeeSituation | null {
  if (!row || row.communeInseeCode === null) return null;
  return billable(row.previousSituation ?? row);
}

function billable(f: PreviousSituationRow): FeeSituation {
  const unchecked = !f.resourcesRefused && f.monthlyResources !== null && !f.resourcesChecked;
  // Typed children that would lower the rate count once checked; until then, the one-child rate (compute-fee).
  const childrenUnchecked = !f.childrenChecked && (f.dependentChildren > 1 || f.aeehChildren > 0);
  return {
    monthlyResources: unchecked ? null : f.monthlyResources,
    resourcesRefused: f.resourcesRefused,
    ...(unchecked && { resourcesUnchecked: true }),
    ...(childrenUnchecked && { childrenUnchecked: true }),
    dependentChildren: f.dependentChildren,
    aeehChildren: f.aeehChildren,
    asePlacement: false,
  };
}

/** A household's own figures, in the shape a declaration keeps of what it replaced. */
function factsOf(f: FamilyEntity): PreviousSituationRow {
  return {
    monthlyResources: f.monthlyResources,
    resourcesRefused: f.resourcesRefused,
    resourcesChecked: f.resourcesCheckedAt !== null,
    childrenChecked: f.childrenCheckedAt !== null,
    dependentChildren: f.dependentChildren,
    aeehChildren: f.aeehChildren,
  };
}

function situationOf(dto: CreateFamilyDto): Partial<FamilyEntity> {
  return {
    communeInseeCode: dto.communeInseeCode,
    postalCode: dto.postalCode ?? null,
    monthlyResources:
      dto.monthlyResources === 'unknown' || dto.monthlyResources === 'refused' ? null : dto.monthlyResources,
    resourcesRefused: dto.monthlyResources === 'refused',
    dependentChildren: dto.dependentChildren,
    aeehChildren: dto.aeehChildren ?? 0,
    benefitScheme: dto.benefitScheme,
    cafNumber: dto.notCafAllocataire ? null : (dto.cafNumber ?? null),
    notCafAllocataire: dto.notCafAllocataire ?? false,
    singleParent: dto.singleParent,
    parentsActivity: dto.parentsActivity,
    atypicalWorkHours: dto.atypicalWorkHours,
    socialMinimaOrInsertion: dto.socialMinimaOrInsertion,
    otherHouseholdDisability: dto.otherHouseholdDisability,
  };
}

function currentDto(f: FamilyEntity): CreateFamilyDto {
  return {
    communeInseeCode: f.communeInseeCode ?? '',
    postalCode: f.postalCode ?? undefined,
    monthlyResources: f.resourcesRefused ? 'refused' : (f.monthlyResources ?? 'unknown'),
    dependentChildren: f.dependentChildren,
    aeehChildren: f.aeehChildren,
    benefitScheme: f.benefitScheme,
    cafNumber: f.cafNumber ?? undefined,
    notCafAllocataire: f.notCafAllocataire,
    singleParent: f.singleParent,
    parentsActivity: f.parentsActivity,
    atypicalWorkHours: f.atypicalWorkHours,
    socialMinimaOrInsertion: f.socialMinimaOrInsertion,
    otherHouseholdDisability: f.otherHouseholdDisability,
  };
}

/**
 * The household's facts with a change applied: a Caf number given takes back "not an allocataire", and saying so
 * takes back the number (R9.5); both at once is a contradiction, refused naming the field; so is saying it of a
 * household not under the general scheme (its MSA number is not a Caf one), and a change of scheme takes it back.
 */
function withCafStatus(current: CreateFamilyDto, changes: Partial<CreateFamilyDto>): CreateFamilyDto {
  const merged = { ...current, ...changes };
  assertCafStatusCoherent({ ...changes, benefitScheme: merged.benefitScheme });
  if (changes.cafNumber) merged.notCafAllocataire = false;
  if (changes.notCafAllocataire) merged.cafNumber = undefined;
  if (merged.benefitScheme !== 'GENERAL') merged.notCafAllocataire = false;
  return merged;
}

function assertCafStatusCoherent(dto: Partial<CreateFamilyDto>): void {
  if (dto.cafNumber && dto.notCafAllocataire)
    throw invalidFields([
      {
        field: 'notCafAllocataire',
        errors: ['notCafAllocataire cannot be true with a cafNumber: a matricule is an allocataire’s'],
      },
    ]);
  if (dto.notCafAllocataire && dto.benefitScheme !== 'GENERAL')
    throw invalidFields([
      {
        field: 'notCafAllocataire',
        errors: ['notCafAllocataire is for a household of the general scheme (benefitScheme GENERAL)'],
      },
    ]);
}

/** The facts a PATCH may change: the DTO refuses the fee situation's fields, so none of them is here. */
function otherFactsOf(dto: UpdateFamilyDto): Partial<CreateFamilyDto> {
  const { monthlyResources: _r, dependentChildren: _d, aeehChildren: _a, ...others } = dto;
  return others;
}

function assertChildrenCoherent(dependent: number, aeeh: number): void {
  if (aeeh > dependent)
    throw invalidFields([{ field: 'aeehChildren', errors: ['aeehChildren cannot exceed dependentChildren'] }]);
}
