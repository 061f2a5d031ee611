import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { ScaleUsageReadModel } from '../../read-models/scale-usage.read-model';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { QueueProducer } from '../../common/queue/queue.producer';
import { frenchMonth } from '../../common/text/french-dates';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { Dec } from './domain/decimal';
import { scaleInForce } from './domain/fee-scale';
import { validateTiers } from './domain/scale-validation';
import type { CreateFeeScaleDto, UpdateFeeScaleDto } from './dto/fee-scale.dto';
import { FeeScaleEntity } from './entities/fee-scale.entity';
import { FeeScalesCache } from './fee-scales.cache';
import { FeeScalesRepository } from './fee-scales.repository';

@Injectable()
export class FeeScalesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repo: FeeScalesRepository,
    private readonly cache: FeeScalesCache,
    private readonly bookings: ScaleUsageReadModel,
    private readonly invoicedMonths: InvoicedMonthsReadModel,
    private readonly producer: QueueProducer,
  ) {}

  async list(): Promise<(FeeScaleEntity & { inUse: boolean })[]> {
    const em = this.dataSource.manager;
    const scales = await this.repo.listEntities(em);
    const computed = await this.repo.usedIds(em);
    const booked = await this.bookings.citedAmong(
      em,
      scales.map((s) => s.id),
    );
    return scales.map((s) => Object.assign(s, { inUse: computed.has(s.id) || booked.has(s.id) }));
  }

  async get(id: string): Promise<FeeScaleEntity & { inUse: boolean }> {
    const scale = await this.repo.findById(this.dataSource.manager, id);
    if (!scale) throw new DomainError('FEE_SCALE.NOT_FOUND', 'Fee scale version not found.');
    return Object.assign(scale, { inUse: await this.isUsed(this.dataSource.manager, id) });
  }

  async create(actor: AuthUser, dto: CreateFeeScaleDto): Promise<FeeScaleEntity> {
    const { invoicedMonthsAcknowledged, ...fields } = dto;
    assertCoherent(fields);
    const created = await this.dataSource.transaction(async (em) => {
      const invoiced = await this.assertMonthsNotInvoiced(em, fields.effectiveFrom, invoicedMonthsAcknowledged);
      const scale = await this.save(
        em,
        this.repo.build(em, {
          ...fields,
          tables: { collective: fields.tables.collective, familial: fields.tables.familial },
          createdBy: actor.id,
        }),
      );
      await this.audit.record(em, {
        actor,
        action: 'fee_scale.created',
        subjectType: 'fee_scale',
        subjectId: scale.id,
        details: {
          effectiveFrom: scale.effectiveFrom,
          ...(invoiced.length && { invoicedMonthsAcknowledged: invoiced }),
        },
      });
      return scale;
    });
    this.cache.invalidate();
    await this.applySoonIfInForce(created);
    return created;
  }

  /** Only a version no computation uses can change; otherwise 409 (supersede it with a new version). */
  async update(actor: AuthUser, id: string, dto: UpdateFeeScaleDto): Promise<FeeScaleEntity> {
    const { invoicedMonthsAcknowledged, ...fields } = dto;
    const updated = await this.dataSource.transaction(async (em) => {
      const scale = await this.lockUnused(em, id);
      // An unused version moved earlier, or not yet in force, is checked from the date it takes effect then.
      const invoiced = await this.assertMonthsNotInvoiced(
        em,
        fields.effectiveFrom ?? scale.effectiveFrom,
        invoicedMonthsAcknowledged,
        id,
      );
      Object.assign(scale, fields);
      assertCoherent(scale);
      const saved = await this.save(em, scale);
      await this.audit.record(em, {
        actor,
        action: 'fee_scale.updated',
        subjectType: 'fee_scale',
        subjectId: id,
        details: { fields: Object.keys(fields), ...(invoiced.length && { invoicedMonthsAcknowledged: invoiced }) },
      });
      return saved;
    });
    this.cache.invalidate();
    await this.applySoonIfInForce(updated);
    return updated;
  }

  /**
   * A version taking effect in a month a crèche has invoiced would change the fees of months already billed at the
   * old ones, and nothing would say so (fees never change retroactively, DOMAIN.md §4): 409 naming the months, unless
   * the admin creates it knowingly. Those invoices keep what they billed; a credit note corrects one if need be.
   */
  private async assertMonthsNotInvoiced(
    em: EntityManager,
    effectiveFrom: string,
    acknowledged: boolean | undefined,
    self: string | null = null,
  ): Promise<string[]> {
    // Up to the next version: the months after it keep theirs.
    const next = (await this.repo.all(em))
      .filter((s) => s.id !== self && s.effectiveFrom > effectiveFrom)
      .reduce<string | null>((min, s) => (min === null || s.effectiveFrom < min ? s.effectiveFrom : min), null);
    const months = await this.invoicedMonths.monthsInvoicedAnywhereBetween(em, effectiveFrom, next);
    if (months.length && !acknowledged) throw monthsInvoiced(months);
    return months;
  }

  /**
   * A version already in force (dated today or back) reaches the running contracts now rather than at night, so a
   * month issued meanwhile does not bill the fees it replaces (the issue also waits for it: INVOICE.FEES_PENDING).
   */
  private async applySoonIfInForce(scale: FeeScaleEntity): Promise<void> {
    if (scale.effectiveFrom <= todayOf(this.clock))
      await this.producer.addBestEffort('fees.apply-scale', { scaleId: scale.id });
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const scale = await this.lockUnused(em, id);
      await this.repo.delete(em, id).catch(inUseError);
      await this.audit.record(em, {
        actor,
        action: 'fee_scale.deleted',
        subjectType: 'fee_scale',
        subjectId: id,
        details: { effectiveFrom: scale.effectiveFrom },
      });
    });
    this.cache.invalidate();
  }

  /** The ceiling of the scale in force today: a crèche's own ceiling may only be higher. */
  async currentCeiling(em: EntityManager): Promise<string | null> {
    return scaleInForce(await this.repo.all(em), todayOf(this.clock))?.ceiling ?? null;
  }

  private async lockUnused(em: EntityManager, id: string): Promise<FeeScaleEntity> {
    const scale = await this.repo.findById(em, id, true);
    if (!scale) throw new DomainError('FEE_SCALE.NOT_FOUND', 'Fee scale version not found.');
    await this.bookings.waitForBookingsBeingWritten(em);
    if (await this.isUsed(em, id)) {
      throw new DomainError('FEE_SCALE.IN_USE', IN_USE);
    }
    return scale;
  }

  /**
   * Cited by a stored computation or a booking's fee: what they say of it must stay true. A change asks it under the
   * version's lock, once the bookings being written have committed (`lockUnused`).
   */
  private async isUsed(em: EntityManager, id: string): Promise<boolean> {
    return (await this.repo.isUsed(em, id)) || (await this.bookings.citedByBookings(em, id));
  }

  private async save(em: EntityManager, scale: FeeScaleEntity): Promise<FeeScaleEntity> {
    try {
      return await this.repo.save(em, scale);
    } catch (err) {
      if (violatedConstraint(err) === 'uq_fee_scales_effective_from')
        throw new DomainError('FEE_SCALE.DATE_TAKEN', 'A scale version already takes effect on that date.');
      return inUseError(err);
    }
  }
}

function monthsInvoiced(months: readonly string[]): DomainError {
  return new DomainError(
    'FEE_SCALE.MONTHS_INVOICED',
    `Des factures sont déjà émises pour ${months.map(frenchMonth).join(', ')} : elles gardent les participations facturées. Créez la version en le sachant (invoicedMonthsAcknowledged) ; les participations seront recalculées pour les mois à facturer, et un avoir corrige une facture si la participation baisse.`,
    { months },
  );
}

const IN_USE =
  'This scale version is used by stored fee computations or bookings: it can only be superseded by a new version.';

/** The database's own guard, reached by a use committed between the check and the change. */
function inUseError(err: unknown): never {
  if (violatedConstraint(err) === 'ck_fee_scales_immutable_when_used')
    throw new DomainError('FEE_SCALE.IN_USE', IN_USE);
  throw err;
}

function assertCoherent(s: {
  floor: string;
  ceiling: string;
  verified: boolean;
  sourceTitle?: string | null;
  sourceDate?: string | null;
  tables: { collective: { fromChildren: number; rate: string }[]; familial: { fromChildren: number; rate: string }[] };
}): void {
  const problems = [
    ...validateTiers('tables.collective', s.tables.collective),
    ...validateTiers('tables.familial', s.tables.familial),
  ];
  // Verified means an auditor can open the document: a Cnaf circular or letter, by its title and date (#14 §6).
  if (s.verified && !(s.sourceTitle?.trim() && s.sourceDate))
    problems.push({
      field: 'verified',
      errors: ['a version is verified only when it cites its Cnaf document: give sourceTitle and sourceDate'],
    });
  if (!new Dec(s.ceiling).gt(s.floor))
    problems.push({ field: 'ceiling', errors: ['the ceiling must be above the floor'] });
  if (problems.length) throw invalidFields(problems);
}
