import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, minuteOf, Weekday } from '../creches/domain/calendar';
import type { RegularPresence } from '../creches/domain/presence';
import type { CreateContractDto } from './dto/contract.dto';
import { ContractEntity } from './entities/contract.entity';
import { assertScheduleDisjoint, lockChild } from './planning-guards';

export interface NewContract {
  readonly childId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leaveWeeksPerYear?: number;
}

@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
  ) {}

  /** A manager registers a regular contract (children in care at go-live); the admission path guards capacity. */
  async create(actor: AuthUser, crecheId: string, dto: CreateContractDto): Promise<ContractEntity> {
    assertScheduleDisjoint(dto.schedule);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      return this.admitInTx(em, actor, crecheId, dto);
    });
  }

  /**
   * The one admission path for regular contracts (used by managers and, later, by an accepted offer): child lock,
   * no overlapping contract for the child, crèche lock, capacity check, insert, audit — in the caller's transaction.
   */
  async admitInTx(em: EntityManager, actor: AuthUser, crecheId: string, c: NewContract): Promise<ContractEntity> {
    await lockChild(em, c.childId);
    const overlapping: { id: string }[] = await em.query(
      `SELECT id FROM contracts WHERE child_id = $1 AND start_date <= $3 AND end_date >= $2 LIMIT 1`,
      [c.childId, c.startDate, c.endDate],
    );
    if (overlapping.length) {
      throw new DomainError('CONTRACT.OVERLAPS', 'This child already has a contract over part of this period.', { contractId: overlapping[0].id });
    }
    const presence: RegularPresence = {
      kind: 'REGULAR',
      id: 'candidate',
      start: dayOf(c.startDate),
      end: dayOf(c.endDate),
      slots: c.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) })),
    };
    const contract = await this.capacity.admit(em, crecheId, presence, () =>
      em.save(
        em.create(ContractEntity, {
          crecheId,
          childId: c.childId,
          startDate: c.startDate,
          endDate: c.endDate,
          schedule: c.schedule.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
          leaveWeeksPerYear: c.leaveWeeksPerYear ?? 0,
          createdBy: actor.id,
        }),
      ),
    );
    await this.audit.record(em, {
      actor,
      action: 'contract.created',
      subjectType: 'contract',
      subjectId: contract.id,
      details: { crecheId, startDate: c.startDate, endDate: c.endDate },
    });
    return contract;
  }

  async list(user: AuthUser, crecheId: string, activeOn?: string): Promise<ContractEntity[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      const qb = em.createQueryBuilder(ContractEntity, 'c').where('c.crecheId = :crecheId', { crecheId });
      if (activeOn) qb.andWhere('c.startDate <= :d AND c.endDate >= :d', { d: activeOn });
      return qb.orderBy('c.startDate', 'ASC').addOrderBy('c.id', 'ASC').getMany();
    });
  }

  async get(user: AuthUser, id: string): Promise<ContractEntity> {
    return this.dataSource.transaction(async (em) => {
      const contract = await em.findOne(ContractEntity, { where: { id } });
      if (!contract) throw notFound();
      await this.access.assertCanPlan(em, user, contract.crecheId, notFound);
      return contract;
    });
  }

  /** Ends a contract earlier (frees capacity after `endDate`); a contract cannot be extended here. */
  async end(actor: AuthUser, id: string, endDate: string): Promise<ContractEntity> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOne(ContractEntity, { where: { id } });
      if (!found) throw notFound();
      await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
      await this.capacity.lockCreche(em, found.crecheId);
      const contract = await em.findOneOrFail(ContractEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (endDate < contract.startDate) throw invalidFields([{ field: 'endDate', errors: [`endDate must not be before the start date ${contract.startDate}`] }]);
      if (endDate > contract.endDate) throw invalidFields([{ field: 'endDate', errors: [`endDate must not be after the current end ${contract.endDate}; a longer contract is a new admission`] }]);
      if (endDate === contract.endDate) return contract;
      const previousEnd = contract.endDate;
      contract.endDate = endDate;
      contract.endedBy = actor.id;
      const saved = await em.save(contract);
      await this.audit.record(em, { actor, action: 'contract.ended', subjectType: 'contract', subjectId: id, details: { previousEnd, endDate } });
      return saved;
    });
  }
}

function notFound(): DomainError {
  return new DomainError('CONTRACT.NOT_FOUND', 'Contrat introuvable.');
}
