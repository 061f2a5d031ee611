import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { Dec } from './domain/decimal';
import { scaleInForce } from './domain/fee-scale';
import { validateTiers } from './domain/scale-validation';
import type { CreateFeeScaleDto, UpdateFeeScaleDto } from './dto/fee-scale.dto';
import { FeeScaleEntity, toScaleVersion } from './entities/fee-scale.entity';

@Injectable()
export class FeeScalesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<(FeeScaleEntity & { inUse: boolean })[]> {
    const scales = await this.dataSource.getRepository(FeeScaleEntity).find({ order: { effectiveFrom: 'ASC' } });
    const used: { scale_id: string }[] = await this.dataSource.query(`SELECT DISTINCT scale_id FROM fee_computations`);
    const inUse = new Set(used.map((u) => u.scale_id));
    return scales.map((s) => Object.assign(s, { inUse: inUse.has(s.id) }));
  }

  async get(id: string): Promise<FeeScaleEntity & { inUse: boolean }> {
    const scale = await this.dataSource.getRepository(FeeScaleEntity).findOne({ where: { id } });
    if (!scale) throw new DomainError('FEE_SCALE.NOT_FOUND', 'Fee scale version not found.');
    return Object.assign(scale, { inUse: await this.isUsed(this.dataSource.manager, id) });
  }

  async create(actor: AuthUser, dto: CreateFeeScaleDto): Promise<FeeScaleEntity> {
    assertCoherent(dto);
    return this.dataSource.transaction(async (em) => {
      const scale = await this.save(em, em.create(FeeScaleEntity, { ...dto, tables: { collective: dto.tables.collective, familial: dto.tables.familial }, createdBy: actor.id }));
      await this.audit.record(em, { actor, action: 'fee_scale.created', subjectType: 'fee_scale', subjectId: scale.id, details: { effectiveFrom: scale.effectiveFrom } });
      return scale;
    });
  }

  /** Only a version no computation uses can change; otherwise 409 (supersede it with a new version). */
  async update(actor: AuthUser, id: string, dto: UpdateFeeScaleDto): Promise<FeeScaleEntity> {
    return this.dataSource.transaction(async (em) => {
      const scale = await this.lockUnused(em, id);
      Object.assign(scale, dto);
      assertCoherent(scale);
      const saved = await this.save(em, scale);
      await this.audit.record(em, { actor, action: 'fee_scale.updated', subjectType: 'fee_scale', subjectId: id, details: { fields: Object.keys(dto) } });
      return saved;
    });
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const scale = await this.lockUnused(em, id);
      await em.delete(FeeScaleEntity, { id });
      await this.audit.record(em, { actor, action: 'fee_scale.deleted', subjectType: 'fee_scale', subjectId: id, details: { effectiveFrom: scale.effectiveFrom } });
    });
  }

  /** The ceiling of the scale in force today: a crèche's own ceiling may only be higher. */
  async currentCeiling(em: EntityManager): Promise<string | null> {
    const scales = (await em.find(FeeScaleEntity)).map(toScaleVersion);
    return scaleInForce(scales, todayOf(this.clock))?.ceiling ?? null;
  }

  private async lockUnused(em: EntityManager, id: string): Promise<FeeScaleEntity> {
    const scale = await em.findOne(FeeScaleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!scale) throw new DomainError('FEE_SCALE.NOT_FOUND', 'Fee scale version not found.');
    if (await this.isUsed(em, id)) {
      throw new DomainError('FEE_SCALE.IN_USE', 'This scale version is used by stored fee computations: it can only be superseded by a new version.');
    }
    return scale;
  }

  private async isUsed(em: EntityManager, id: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM fee_computations WHERE scale_id = $1 LIMIT 1`, [id])).length > 0;
  }

  private async save(em: EntityManager, scale: FeeScaleEntity): Promise<FeeScaleEntity> {
    try {
      return await em.save(scale);
    } catch (err) {
      const constraint = violatedConstraint(err);
      if (constraint === 'uq_fee_scales_effective_from') throw new DomainError('FEE_SCALE.DATE_TAKEN', 'A scale version already takes effect on that date.');
      if (constraint === 'ck_fee_scales_immutable_when_used') throw new DomainError('FEE_SCALE.IN_USE', 'This scale version is used by stored fee computations.');
      throw err;
    }
  }
}

function assertCoherent(s: { floor: string; ceiling: string; tables: { collective: { fromChildren: number; rate: string }[]; familial: { fromChildren: number; rate: string }[] } }): void {
  const problems = [...validateTiers('tables.collective', s.tables.collective), ...validateTiers('tables.familial', s.tables.familial)];
  if (!new Dec(s.ceiling).gt(s.floor)) problems.push({ field: 'ceiling', errors: ['the ceiling must be above the floor'] });
  if (problems.length) throw invalidFields(problems);
}
