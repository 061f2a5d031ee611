import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../../common/events/domain-events';
import { DEFAULT_ATYPICAL_HOURS, AtypicalHours } from './domain/atypical-hours';
import { hhmmOf, minuteOf } from '../../common/time/calendar';
import { TerritoriesRepository } from './territories.repository';
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
    private readonly events: DomainEvents,
    private readonly repo: TerritoriesRepository,
  ) {}

  async create(actor: AuthUser, dto: CreateTerritoryDto): Promise<TerritoryEntity> {
    return this.dataSource.transaction(async (em) => {
      const territory = await this.save(
        em,
        this.repo.build(em, {
          name: dto.name,
          communes: dto.communes.map((c) => ({ inseeCode: c.inseeCode, name: c.name })),
          atypicalHours: dto.atypicalHours ? { ...dto.atypicalHours } : DEFAULT_ATYPICAL_JSON,
        }),
      );
      // Its first priority policy is written by the waitlist module, which owns the policies.
      await this.events.emit(em, 'territory.created', { territoryId: territory.id, actorId: actor.id });
      await this.audit.record(em, {
        actor,
        action: 'territory.created',
        subjectType: 'territory',
        subjectId: territory.id,
      });
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
      await this.audit.record(em, {
        actor,
        action: 'territory.updated',
        subjectType: 'territory',
        subjectId: id,
        details: { fields: Object.keys(dto) },
      });
      return saved;
    });
  }

  list(): Promise<TerritoryEntity[]> {
    return this.repo.list(this.dataSource.manager);
  }

  get(id: string): Promise<TerritoryEntity> {
    return this.getIn(this.dataSource.manager, id, false);
  }

  async getIn(em: EntityManager, id: string, lock: boolean): Promise<TerritoryEntity> {
    const territory = await this.repo.findById(em, id, lock);
    if (!territory) throw new DomainError('TERRITORY.NOT_FOUND', 'Territoire introuvable.');
    return territory;
  }

  private async save(em: EntityManager, territory: TerritoryEntity): Promise<TerritoryEntity> {
    try {
      return await this.repo.save(em, territory);
    } catch (err) {
      if (violatedConstraint(err) === 'uq_territories_name')
        throw new DomainError('TERRITORY.NAME_TAKEN', 'A territory with this name already exists.');
      throw err;
    }
  }
}
