import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { QueueProducer } from '../../common/queue/queue.producer';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { ContractFeesService, ContractFeeRequest } from '../fees/contract-fees.service';
import { NoScaleInForce } from '../fees/domain/compute-fee';
import { FeeComputationEntity } from '../fees/entities/fee-computation.entity';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, minuteOf, Weekday } from '../creches/domain/calendar';
import type { RegularPresence } from '../creches/domain/presence';
import type { CreateContractDto, UpdateFeeInputsDto } from './dto/contract.dto';
import { ContractEntity, ContractFeeInputs } from './entities/contract.entity';
import { assertScheduleDisjoint } from './planning-guards';

export interface NewContract {
  readonly childId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leaveWeeksPerYear?: number;
  readonly feeInputs?: { monthlyResources?: string; dependentChildren: number; aeehChildren?: number; asePlacement?: boolean };
}

@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
    private readonly contractFees: ContractFeesService,
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
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
   * The one admission path for regular contracts (used by managers and by an accepted offer): child and crèche
   * locked, capacity checked, then — under those locks — no overlapping contract for the child, insert, audit, fee;
   * all in the caller's transaction.
   */
  async admitInTx(em: EntityManager, actor: AuthUser, crecheId: string, c: NewContract): Promise<ContractEntity> {
    const presence: RegularPresence = {
      kind: 'REGULAR',
      id: 'candidate',
      start: dayOf(c.startDate),
      end: dayOf(c.endDate),
      slots: c.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) })),
    };
    // The caller has checked the right to plan here (a manager's crèche, or the family's own offer).
    const contract = await this.capacity.admit(em, {
      crecheId,
      childId: c.childId,
      candidate: presence,
      planner: null,
      underLock: () => assertNoOverlappingContract(em, c),
      insert: async () => {
        const feeInputs = c.feeInputs ? feeInputsOf(c.feeInputs) : await householdFeeInputs(em, c.childId);
        return em.save(
          em.create(ContractEntity, {
            crecheId,
            childId: c.childId,
            startDate: c.startDate,
            endDate: c.endDate,
            schedule: c.schedule.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
            leaveWeeksPerYear: c.leaveWeeksPerYear ?? 0,
            feeInputs,
            createdBy: actor.id,
          }),
        );
      },
    });
    await this.audit.record(em, {
      actor,
      action: 'contract.created',
      subjectType: 'contract',
      subjectId: contract.id,
      details: { crecheId, startDate: c.startDate, endDate: c.endDate },
    });
    await this.computeFee(em, { contractId: contract.id, effectiveFrom: c.startDate, reason: 'CONTRACT_CREATED', idempotencyKey: `contract-${contract.id}`, actor });
    return contract;
  }

  /** New household situation from a date: stored now, the fee from that date is computed by the `fees` worker. */
  async updateFeeInputs(actor: AuthUser, id: string, dto: UpdateFeeInputsDto): Promise<ContractEntity> {
    const saved = await this.dataSource.transaction(async (em) => {
      const found = await em.findOne(ContractEntity, { where: { id } });
      if (!found) throw notFound();
      await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
      const contract = await em.findOneOrFail(ContractEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (dto.effectiveFrom < contract.startDate || dto.effectiveFrom > contract.endDate) {
        throw invalidFields([{ field: 'effectiveFrom', errors: [`effectiveFrom must fall within the contract (${contract.startDate} to ${contract.endDate})`] }]);
      }
      const { effectiveFrom, ...inputs } = dto;
      contract.feeInputs = feeInputsOf(inputs);
      contract.feeInputsVersion += 1;
      contract.feePendingFrom = effectiveFrom;
      const updated = await em.save(contract);
      // Which fields changed, never their values (incomes are personal data).
      await this.audit.record(em, { actor, action: 'contract.fee_inputs_changed', subjectType: 'contract', subjectId: id, details: { effectiveFrom, version: updated.feeInputsVersion } });
      return updated;
    });
    await this.producer.addBestEffort('fees.recompute-contract', { contractId: id, version: saved.feeInputsVersion });
    return saved;
  }

  private async computeFee(em: EntityManager, req: ContractFeeRequest): Promise<void> {
    try {
      await this.contractFees.computeInTx(em, req);
    } catch (err) {
      if (err instanceof NoScaleInForce) throw new DomainError('FEE.NO_SCALE', `No fee scale is in force on ${req.effectiveFrom}.`);
      throw err;
    }
  }

  /** The fee in force today (or, for a contract not started yet, at its start). */
  async currentFee(contract: ContractEntity): Promise<FeeComputationEntity | null> {
    const today = todayOf(this.clock);
    const asOf = today < contract.startDate ? contract.startDate : today;
    return this.dataSource.getRepository(FeeComputationEntity).findOne({
      where: { contractId: contract.id, effectiveFrom: LessThanOrEqual(asOf) },
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    });
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
      if (user.role === 'PARENT') {
        // A parent reads the contracts of their own household's children.
        const own: unknown[] = await em.query(
          `SELECT 1 FROM children ch JOIN family_members m ON m.family_id = ch.family_id WHERE ch.id = $1 AND m.user_id = $2`,
          [contract.childId, user.id],
        );
        if (!own.length) throw notFound();
        return contract;
      }
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

/** A child has one regular contract at a time (checked under the child's lock). */
async function assertNoOverlappingContract(em: EntityManager, c: NewContract): Promise<void> {
  const overlapping: { id: string }[] = await em.query(
    `SELECT id FROM contracts WHERE child_id = $1 AND start_date <= $3 AND end_date >= $2 LIMIT 1`,
    [c.childId, c.startDate, c.endDate],
  );
  if (overlapping.length) {
    throw new DomainError('CONTRACT.OVERLAPS', 'This child already has a contract over part of this period.', { contractId: overlapping[0].id });
  }
}

function feeInputsOf(i: { monthlyResources?: string; dependentChildren: number; aeehChildren?: number; asePlacement?: boolean }): ContractFeeInputs {
  return { monthlyResources: i.monthlyResources ?? null, dependentChildren: i.dependentChildren, aeehChildren: i.aeehChildren ?? 0, asePlacement: i.asePlacement ?? false };
}

/** The household's declared situation, read when the contract does not bring its own fee inputs. */
async function householdFeeInputs(em: EntityManager, childId: string): Promise<ContractFeeInputs | null> {
  const rows: { monthly_resources: string | null; dependent_children: number; aeeh_children: number; declared: boolean }[] = await em.query(
    `SELECT f.monthly_resources, f.dependent_children, f.aeeh_children, f.commune_insee_code IS NOT NULL AS declared
       FROM children ch JOIN families f ON f.id = ch.family_id WHERE ch.id = $1`,
    [childId],
  );
  const f = rows[0];
  if (!f?.declared) return null;
  return { monthlyResources: f.monthly_resources, dependentChildren: f.dependent_children, aeehChildren: f.aeeh_children, asePlacement: false };
}

function notFound(): DomainError {
  return new DomainError('CONTRACT.NOT_FOUND', 'Contrat introuvable.');
}
