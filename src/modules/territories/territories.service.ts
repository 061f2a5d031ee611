import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { AuditService } from '../audit/audit.service';
import { SEED_POLICY } from '../waitlist/domain/seed-policy';
import { DEFAULT_ATYPICAL_HOURS, AtypicalHours } from '../creches/domain/atypical-hours';
import { hhmmOf, minuteOf } from '../creches/domain/calendar';
import { AtypicalHoursJson, TerritoryEntity } from './entities/territory.entity';
import type { CreateTerritoryDto, UpdateTerritoryDto } from './dto/territory.dto';

export function atypicalHoursOf(json: AtypicalHoursJson): AtypicalHours {
  return { ...json, before: minuteOf(json.before), after: minuteOf(json.after) };
}

const DEFAULT_ATYPICAL_JSON: AtypicalHoursJson = {
  ...DEFAULT_ATYPICAL_HOURS,
  before: hhmmOf(DEFAULT_ATYPICAL_HOURS.before),
  after: hhmmOf(DEFAULT_ATYPICAL_HOURS.after),
};

@Injectable()
export class TerritoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, dto: CreateTerritoryDto): Promise<TerritoryEntity> {
    return this.dataSource.transaction(async (em) => {
      const territory = await this.save(em, em.create(TerritoryEntity, {
        name: dto.name,
        communes: dto.communes.map((c) => ({ inseeCode: c.inseeCode, name: c.name })),
        atypicalHours: dto.atypicalHours ? { ...dto.atypicalHours } : DEFAULT_ATYPICAL_JSON,
      }));
      // Every territory starts with the seed priority policy (DOMAIN.md §5), version 1.
      await em.query(
        `INSERT INTO priority_policies (territory_id, version, effective_from, criteria, waiting_month_points, waiting_month_cap, refusal_penalty, tie_break, created_by)
         VALUES ($1, 1, CURRENT_DATE, $2, $3, $4, $5, $6, $7)`,
        [territory.id, JSON.stringify(SEED_POLICY.criteria), SEED_POLICY.waitingMonthPoints, SEED_POLICY.waitingMonthCap, SEED_POLICY.refusalPenalty, JSON.stringify(SEED_POLICY.tieBreak), actor.id],
      );
      await this.audit.record(em, { actor, action: 'territory.created', subjectType: 'territory', subjectId: territory.id });
      return territory;
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateTerritoryDto): Promise<TerritoryEntity> {
    return this.dataSource.transaction(async (em) => {
      const territory = await this.getIn(em, id, true);
      if (dto.name !== undefined) territory.name = dto.name;
      if (dto.communes) territory.communes = dto.communes.map((c) => ({ inseeCode: c.inseeCode, name: c.name }));
      if (dto.atypicalHours) territory.atypicalHours = { ...dto.atypicalHours };
      const saved = await this.save(em, territory);
      await this.audit.record(em, { actor, action: 'territory.updated', subjectType: 'territory', subjectId: id, details: { fields: Object.keys(dto) } });
      return saved;
    });
  }

  list(): Promise<TerritoryEntity[]> {
    return this.dataSource.getRepository(TerritoryEntity).find({ order: { name: 'ASC' } });
  }

  get(id: string): Promise<TerritoryEntity> {
    return this.getIn(this.dataSource.manager, id, false);
  }

  async getIn(em: EntityManager, id: string, lock: boolean): Promise<TerritoryEntity> {
    const territory = await em.findOne(TerritoryEntity, { where: { id }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!territory) throw new DomainError('TERRITORY.NOT_FOUND', 'Territoire introuvable.');
    return territory;
  }

  private async save(em: EntityManager, territory: TerritoryEntity): Promise<TerritoryEntity> {
    try {
      return await em.save(territory);
    } catch (err) {
      if (violatedConstraint(err) === 'uq_territories_name') throw new DomainError('TERRITORY.NAME_TAKEN', 'A territory with this name already exists.');
      throw err;
    }
  }
}
