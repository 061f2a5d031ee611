import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { QueueProducer } from '../../common/queue/queue.producer';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { CreateFamilyDto, UpdateFamilyDto } from './dto/family.dto';
import { FamilyEntity } from './entities/family.entity';
import { FamilyMemberEntity } from './entities/family-member.entity';
import { FamilyAccess } from './family-access';

/** Fields whose change moves the fee (DOMAIN.md §4): resources and children. */
const FEE_FIELDS = ['monthlyResources', 'dependentChildren', 'aeehChildren'] as const;

@Injectable()
export class FamiliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly producer: QueueProducer,
  ) {}

  /** A parent declares their household; one household per parent account. */
  async create(actor: AuthUser, dto: CreateFamilyDto): Promise<FamilyEntity> {
    assertChildrenCoherent(dto.dependentChildren, dto.aeehChildren ?? 0);
    return this.dataSource.transaction(async (em) => {
      const family = await em.save(em.create(FamilyEntity, situationOf(dto)));
      try {
        await em.insert(FamilyMemberEntity, { familyId: family.id, userId: actor.id });
      } catch (err) {
        if (violatedConstraint(err) === 'uq_family_members_user') throw new DomainError('FAMILY.ALREADY_MEMBER', 'Votre compte est déjà rattaché à un foyer.');
        throw err;
      }
      await this.audit.record(em, { actor, action: 'family.created', subjectType: 'family', subjectId: family.id });
      return family;
    });
  }

  async get(user: AuthUser, id: string): Promise<FamilyEntity & { memberUserIds: string[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanRead(em, user, id);
      const family = await em.findOneOrFail(FamilyEntity, { where: { id } });
      const members = await em.find(FamilyMemberEntity, { where: { familyId: id } });
      return Object.assign(family, { memberUserIds: members.map((m) => m.userId) });
    });
  }

  /**
   * A change of resources or children is carried to the household's running contracts from `effectiveFrom`
   * (default today); the `fees` worker computes the new fee. Audited by field names, never values.
   */
  async update(actor: AuthUser, id: string, dto: UpdateFamilyDto): Promise<FamilyEntity> {
    const { effectiveFrom, ...changes } = dto;
    const today = todayOf(this.clock);
    const from = effectiveFrom ?? today;
    const { family, contracts } = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, id);
      const current = await em.findOneOrFail(FamilyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      Object.assign(current, situationOf({ ...currentDto(current), ...changes }));
      assertChildrenCoherent(current.dependentChildren, current.aeehChildren);
      const saved = await em.save(current);
      const feeChanged = FEE_FIELDS.some((f) => changes[f] !== undefined);
      const touched = feeChanged ? await this.carryToContracts(em, saved, from) : [];
      await this.audit.record(em, { actor, action: 'family.updated', subjectType: 'family', subjectId: id, details: { fields: Object.keys(changes), feeFrom: feeChanged ? from : null, contracts: touched.length } });
      return { family: saved, contracts: touched };
    });
    for (const c of contracts) await this.producer.addBestEffort('fees.recompute-contract', { contractId: c.id, version: c.version });
    return family;
  }

  /** Running contracts of the household's children get the new situation, pending recomputation from `from`. */
  private async carryToContracts(em: EntityManager, family: FamilyEntity, from: string): Promise<{ id: string; version: number }[]> {
    const inputs = { monthlyResources: family.monthlyResources, dependentChildren: family.dependentChildren, aeehChildren: family.aeehChildren };
    const [rows]: [{ id: string; fee_inputs_version: number }[], number] = await em.query(
      `UPDATE contracts c
          SET fee_inputs = COALESCE(c.fee_inputs, '{"asePlacement": false}'::jsonb) || $2::jsonb,
              fee_inputs_version = c.fee_inputs_version + 1,
              fee_pending_from = GREATEST(c.start_date, $3::date),
              updated_at = now()
         FROM children ch
        WHERE ch.id = c.child_id AND ch.family_id = $1 AND c.end_date >= $3::date
        RETURNING c.id, c.fee_inputs_version`,
      [family.id, JSON.stringify(inputs), from],
    );
    return rows.map((r) => ({ id: r.id, version: r.fee_inputs_version }));
  }
}

function situationOf(dto: CreateFamilyDto): Partial<FamilyEntity> {
  return {
    communeInseeCode: dto.communeInseeCode,
    monthlyResources: dto.monthlyResources === 'unknown' ? null : dto.monthlyResources,
    dependentChildren: dto.dependentChildren,
    aeehChildren: dto.aeehChildren ?? 0,
    benefitScheme: dto.benefitScheme,
    cafNumber: dto.cafNumber ?? null,
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
    monthlyResources: f.monthlyResources ?? 'unknown',
    dependentChildren: f.dependentChildren,
    aeehChildren: f.aeehChildren,
    benefitScheme: f.benefitScheme,
    cafNumber: f.cafNumber ?? undefined,
    singleParent: f.singleParent,
    parentsActivity: f.parentsActivity,
    atypicalWorkHours: f.atypicalWorkHours,
    socialMinimaOrInsertion: f.socialMinimaOrInsertion,
    otherHouseholdDisability: f.otherHouseholdDisability,
  };
}

function assertChildrenCoherent(dependent: number, aeeh: number): void {
  if (aeeh > dependent) throw invalidFields([{ field: 'aeehChildren', errors: ['aeehChildren cannot exceed dependentChildren'] }]);
}
