import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import {
  computeHourlyRate,
  computeMensualisedFee,
  computeMonthlyFee,
  NoScaleInForce,
  TraceStep,
} from './domain/compute-fee';
import { periodForm, QuoteDto, QuoteResponseDto } from './dto/quote.dto';
import { FeeScalesCache } from './fee-scales.cache';
import { FeeScalesRepository } from './fee-scales.repository';
import { assembleFeeInputs, computeFromSnapshot, FeeCrecheFacts, FeeShare, FeeSituation } from './domain/fee-inputs';
import {
  DatedPeriod,
  DEFAULT_MAX_LEAVE_WEEKS_PER_YEAR,
  leaveBoundProblem,
  leaveProblems,
  mensualise,
  Mensualisation,
} from './domain/mensualisation';
import { CONTRACT_RATE_RULES, EmergencyRate, occasionalFee, RatedCareFee } from './domain/occasional-fee';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { contractLengthHorizon } from '../../common/time/horizons';
import { assertScheduleDisjoint } from '../../common/time/weekly-schedule';
import { dayOf } from '../../common/time/calendar';
import { invalidFields } from '../../common/errors/domain-error';
import { scaleInForce, type FeeScaleVersion } from './domain/fee-scale';
import { FeeComputationsRepository } from './fee-computations.repository';
import type { FeeComputationEntity, FeeReason } from './entities/fee-computation.entity';

export interface FeeRequest {
  readonly date: string;
  readonly creche: FeeCrecheFacts & { readonly id: string };
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  /** The contract's reserved hours (stored with it), or an estimate's (see `mensualise`). */
  readonly mensualisation: Mensualisation;
  readonly situation: FeeSituation;
  /** Alternating residence: the household whose share this is. */
  readonly share?: FeeShare;
}

/** What a quote at a given crèche takes from it. */
export type QuoteCreche = FeeCrecheFacts & { readonly maxLeaveWeeksPerYear: number };

/** A period to mensualise: a contract's, or an offer's with leave still counted in weeks. */
export interface MensualisationRequest {
  readonly start: string;
  readonly end: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly creche: Pick<FeeCrecheFacts, 'closures' | 'opensOnPublicHolidays'>;
  readonly leavePeriods?: readonly DatedPeriod[];
  readonly undatedLeaveWeeks?: number;
  /** The crèche's bound on declared leave (weeks a year); checked when leave is dated. */
  readonly maxLeaveWeeksPerYear?: number;
}

/** A household unknown to Berceau (no declaration yet): unknown resources, one child. */
const UNKNOWN_SITUATION: FeeSituation = {
  monthlyResources: null,
  dependentChildren: 1,
  aeehChildren: 0,
  asePlacement: false,
};

/** The parents' simulator: the fee a household would pay, with every step of the computation. */
@Injectable()
export class FeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scales: FeeScalesRepository,
    private readonly computations: FeeComputationsRepository,
    private readonly holidays: HolidayCalendar,
    private readonly scalesCache: FeeScalesCache,
  ) {}

  /**
   * Reserved hours of a period (docs/rules.md#r49-mensualisation). Dated leave beyond the crèche's bound, or a
   * period that would reserve no hour at all, is a 400 naming the field.
   */
  mensualise(req: MensualisationRequest): Mensualisation {
    const leavePeriods = req.leavePeriods ?? [];
    const problems = leaveProblems(leavePeriods, req.start, req.end);
    if (problems.length) throw invalidFields([{ field: 'leavePeriods', errors: problems }]);
    const m = mensualise({
      start: req.start,
      end: req.end,
      schedule: req.schedule,
      closures: req.creche.closures,
      leavePeriods,
      publicHolidays: this.holidays.between(dayOf(req.start), dayOf(req.end)),
      opensOnPublicHolidays: req.creche.opensOnPublicHolidays,
      undatedLeaveWeeks: req.undatedLeaveWeeks,
    });
    const bound = req.maxLeaveWeeksPerYear ?? DEFAULT_MAX_LEAVE_WEEKS_PER_YEAR;
    const tooMuch = leaveBoundProblem(m, req.schedule, bound);
    if (tooMuch) throw invalidFields([{ field: 'leavePeriods', errors: [tooMuch] }]);
    if (m.reservedMinutes === 0)
      throw invalidFields([
        {
          field: m.leaveDays > 0 || (m.undatedLeaveMinutes ?? 0) > 0 ? 'leavePeriods' : 'schedule',
          errors: [
            'the contract would reserve no hour at all (holidays, closures and leave cover every scheduled day)',
          ],
        },
      ]);
    // Kept with the hours: a contract ended early is held to its share of the bound it was signed under.
    return { ...m, maxLeaveWeeksPerYear: bound };
  }

  /** Every scale version, for callers that compute many fees in one transaction. */
  scalesInTx(em: EntityManager): Promise<FeeScaleVersion[]> {
    return this.scales.all(em);
  }

  /**
   * The monthly fee a household would pay for a schedule at a crèche over a period (an offer's estimate, its leave
   * still counted in weeks), or null when no scale is in force on that date or the period reserves no hour (the fee
   * is then computed at acceptance).
   */
  async estimate(
    em: EntityManager,
    req: Omit<FeeRequest, 'mensualisation'> & { end: string; undatedLeaveWeeks: number },
    scales?: readonly FeeScaleVersion[],
  ): Promise<{ hourlyRate: string; monthlyFee: string; trace: unknown[] } | null> {
    try {
      const mensualisation = this.mensualise({
        start: req.date,
        end: req.end,
        schedule: req.schedule,
        creche: req.creche,
        undatedLeaveWeeks: req.undatedLeaveWeeks,
      });
      const r = computeFromSnapshot(
        assembleFeeInputs({ ...req, mensualisation }),
        scales ?? (await this.scales.all(em)),
      );
      return { hourlyRate: r.hourly.hourlyRate, monthlyFee: r.monthly.monthlyFee, trace: r.trace as unknown[] };
    } catch (err) {
      if (err instanceof NoScaleInForce || err instanceof DomainError) return null;
      throw err;
    }
  }

  /**
   * Computes and stores a contract's fee from `req.date`, with its trace, in the caller's transaction. Idempotent:
   * the same key twice stores one computation (null the second time). Throws NoScaleInForce without a scale.
   */
  async recordInTx(
    em: EntityManager,
    req: FeeRequest & { contractId: string; reason: FeeReason; idempotencyKey: string; triggeredBy: string | null },
    scales?: readonly FeeScaleVersion[],
  ): Promise<FeeComputationEntity | null> {
    const inputs = assembleFeeInputs(req);
    const { hourly, monthly, trace } = computeFromSnapshot(inputs, scales ?? (await this.scales.all(em)));
    const id = await this.computations.insert(em, {
      contractId: req.contractId,
      crecheId: req.creche.id,
      effectiveFrom: req.date,
      scaleId: hourly.scale.id,
      reason: req.reason,
      inputs,
      trace,
      tier: hourly.tier,
      effortRatePercent: hourly.effortRatePercent,
      boundedResources: hourly.boundedResources,
      hourlyRate: hourly.hourlyRate,
      monthlyHours: monthly.monthlyHours,
      monthlyFee: monthly.monthlyFee,
      triggeredBy: req.triggeredBy,
      idempotencyKey: req.idempotencyKey,
    });
    return id ? this.computations.findById(em, id) : null;
  }

  /** The stored computation in force for a contract on `asOf`. */
  inForce(
    em: EntityManager,
    contractId: string,
    asOf: string,
    familyId: string | null = null,
  ): Promise<FeeComputationEntity | null> {
    return this.computations.inForce(em, contractId, asOf, familyId);
  }

  /** The stored computations in force for several contracts, each on its own date (one per contract and household). */
  inForceMany(em: EntityManager, asks: readonly { contractId: string; asOf: string }[]) {
    return this.computations.inForceMany(em, asks);
  }

  /** The fee changes already computed for a contract after `asOf` (a validated declaration, a new scale), by date. */
  upcoming(
    em: EntityManager,
    contractId: string,
    asOf: string,
    familyId: string | null = null,
  ): Promise<FeeComputationEntity[]> {
    return this.computations.upcoming(em, contractId, asOf, familyId);
  }

  /**
   * The fee of an occasional or emergency booking (docs/rules.md#r412-occasional-and-emergency-care): the family's hourly
   * rate on the day (the floor when its resources are unknown, or the crèche's fixed emergency rate), on its hours
   * by the crèche's unit. Null when no scale is in force that day.
   */
  /**
   * Every scale version as the caller's transaction sees them (what `careFee` reads when not given them): the ones
   * held in memory when the transaction's stamp of them is theirs, else read in it.
   */
  scaleVersions(em: EntityManager): Promise<readonly FeeScaleVersion[]> {
    return this.scalesCache.inTransaction(em);
  }

  async careFee(
    em: EntityManager,
    req: {
      date: string;
      kind: 'OCCASIONAL' | 'EMERGENCY';
      minutes: number;
      creche: FeeCrecheFacts & {
        billingUnitMinutes: number;
        emergencyRate: EmergencyRate;
        emergencyHourlyRate: string | null;
      };
      situation: FeeSituation | null;
      /**
       * The hourly rate in force that day of the child's contract at the crèche, if one runs: occasional care is
       * billed at the same rate as the contract (DOMAIN.md §4), whatever the household's own figures say.
       */
      contractRate?: ContractRateFact | null;
    },
    /** The scale versions, if the caller has read them in `em` already (see `scaleVersions`). */
    scaleVersions?: readonly FeeScaleVersion[],
  ): Promise<RatedCareFee | null> {
    if (req.contractRate) return this.contractCareFee(em, req, req.contractRate, scaleVersions);
    const situation = req.situation ?? UNKNOWN_SITUATION;
    try {
      const hourly = computeHourlyRate(
        {
          ...situation,
          date: req.date,
          careType: req.creche.kind,
          ceilingOverride: req.creche.resourcesCeilingOverride,
        },
        scaleVersions ?? (await this.scales.all(em)),
      );
      const fee = occasionalFee({
        kind: req.kind,
        minutes: req.minutes,
        unitMinutes: req.creche.billingUnitMinutes,
        hourlyRate: hourly.hourlyRate,
        resourcesUnknown: situation.monthlyResources === null && !situation.resourcesRefused,
        emergencyRate: req.creche.emergencyRate,
        emergencyHourlyRate: req.creche.emergencyHourlyRate,
      });
      return { ...fee, trace: [...hourly.trace, ...fee.trace], scaleId: hourly.scale.id };
    } catch (err) {
      if (err instanceof NoScaleInForce) return null;
      throw err;
    }
  }

  /**
   * Care booked for a child under contract that day, at its contract's hourly rate in force. A scale version that
   * took effect after the contract's fee was last stored is not in that rate yet (the nightly job computes the
   * contract again once the version is in force, and a booking for January may be made in December): the inputs its
   * fee was last computed on are then rated under the scale in force that day. The fee keeps the version it comes
   * from (the computation's, or the one in force), which is then no longer edited nor deleted.
   */
  private async contractCareFee(
    em: EntityManager,
    req: Parameters<typeof contractCareFee>[0] & { date: string },
    rate: ContractRateFact,
    scaleVersions?: readonly FeeScaleVersion[],
  ): Promise<RatedCareFee | null> {
    const scales = scaleVersions ?? (await this.scales.all(em));
    const inForce = scaleInForce(scales, req.date);
    if (!inForce) return null;
    if (inForce.id === rate.scaleId) return contractCareFee(req, rate);
    const inputs = await this.computations.inputsOf(em, rate.computationId);
    const hourly = computeHourlyRate({ ...inputs, date: req.date }, scales);
    return contractCareFee(
      req,
      { ...rate, hourlyRate: hourly.hourlyRate },
      { scaleId: inForce.id, trace: hourly.trace },
    );
  }

  /** A contract's computations stored under the weeks rule, to be recomputed under the contract's months. */
  legacyOfContract(em: EntityManager, contractId: string) {
    return this.computations.legacyOfContract(em, contractId);
  }

  /** Each contract's computations in force from each of their dates, with their scale version's date (one query). */
  inForceAtEachDate(em: EntityManager, contractIds: readonly string[]) {
    return this.computations.inForceAtEachDate(em, contractIds);
  }

  /** Which of these idempotency keys already have a stored computation (one query). */
  existingKeys(em: EntityManager, idempotencyKeys: readonly string[]): Promise<Set<string>> {
    return this.computations.existingKeys(em, idempotencyKeys);
  }

  /**
   * The simulator's fee. At a crèche (`creche`), as one of its contracts would be: its care type and resources
   * ceiling, and in the period form its closures, public holidays as it opens on them and its bound on leave.
   */
  async quote(
    dto: Omit<QuoteDto, 'careType'> & { careType?: QuoteDto['careType'] },
    creche?: QuoteCreche,
  ): Promise<QuoteResponseDto> {
    const scales = await this.scalesCache.all();
    try {
      const hourly = computeHourlyRate(
        {
          date: dto.date,
          careType: creche?.kind ?? dto.careType!,
          ceilingOverride: creche?.resourcesCeilingOverride ?? null,
          monthlyResources: dto.monthlyResources ?? null,
          resourcesRefused: dto.resourcesRefused ?? false,
          dependentChildren: dto.dependentChildren,
          aeehChildren: dto.aeehChildren ?? 0,
          asePlacement: dto.asePlacement ?? false,
        },
        scales,
      );
      const monthly = periodForm(dto)
        ? this.quotePeriod(dto, hourly.hourlyRate, creche)
        : quoteWeeks(dto, hourly.hourlyRate);
      return {
        hourlyRate: hourly.hourlyRate,
        monthlyHours: monthly.monthlyHours,
        monthlyFee: monthly.monthlyFee,
        effortRatePercent: hourly.effortRatePercent,
        tier: hourly.tier,
        boundedResources: hourly.boundedResources,
        scale: { id: hourly.scale.id, effectiveFrom: hourly.scale.effectiveFrom, verified: hourly.scale.verified },
        trace: [...hourly.trace, ...monthly.trace],
      };
    } catch (err) {
      if (err instanceof NoScaleInForce)
        throw new DomainError('FEE.NO_SCALE', `Aucun barème n'est en vigueur à la date ${dto.date}.`);
      throw err;
    }
  }

  /**
   * The period form: the contract's own months, public holidays and dated leave out; at a crèche, its closures too
   * (without one, none known, and public holidays closed).
   */
  private quotePeriod(dto: Omit<QuoteDto, 'careType'>, hourlyRate: string, creche?: QuoteCreche) {
    const mixed = (['hoursPerWeek', 'weeksPerYear', 'billedMonths'] as const).filter((f) => dto[f] !== undefined);
    if (mixed.length)
      throw invalidFields(
        mixed.map((field) => ({
          field,
          errors: [`${field} belongs to the weeks form: give either contractStart, contractEnd and schedule, or weeks`],
        })),
      );
    // A contract of at most five years, a child in one place at a time: as for a real contract.
    const tooLong = contractLengthHorizon(dto.contractStart!, dto.contractEnd!).map((p) => ({
      ...p,
      field: 'contractEnd',
    }));
    if (tooLong.length) throw invalidFields(tooLong);
    assertScheduleDisjoint(dto.schedule!);
    const m = this.mensualise({
      start: dto.contractStart!,
      end: dto.contractEnd!,
      schedule: dto.schedule!,
      creche: creche ?? { closures: [], opensOnPublicHolidays: false },
      leavePeriods: dto.leavePeriods ?? [],
      maxLeaveWeeksPerYear: creche?.maxLeaveWeeksPerYear,
    });
    return computeMensualisedFee(m, hourlyRate);
  }
}

/** The rate in force that day of a child's contract at the crèche: its latest computation stored on or before. */
export interface ContractRateFact {
  readonly contractId: string;
  readonly computationId: string;
  /** The scale version the computation was made under. */
  readonly scaleId: string;
  readonly effectiveFrom: string;
  readonly hourlyRate: string;
}

/**
 * Care booked for a child under contract at the crèche that day: at its contract's hourly rate in force, or at its
 * inputs rated under a scale version in force since (`rerated`, with that rating's steps).
 */
function contractCareFee(
  req: {
    kind: 'OCCASIONAL' | 'EMERGENCY';
    minutes: number;
    creche: { billingUnitMinutes: number; emergencyRate: EmergencyRate; emergencyHourlyRate: string | null };
  },
  contract: ContractRateFact,
  rerated?: { scaleId: string; trace: readonly TraceStep[] },
): RatedCareFee {
  const fee = occasionalFee({
    kind: req.kind,
    minutes: req.minutes,
    unitMinutes: req.creche.billingUnitMinutes,
    hourlyRate: contract.hourlyRate,
    resourcesUnknown: false,
    emergencyRate: req.creche.emergencyRate,
    emergencyHourlyRate: req.creche.emergencyHourlyRate,
  });
  const step = {
    step: 'CONTRACT_RATE',
    inputs: {
      contractId: contract.contractId,
      effectiveFrom: contract.effectiveFrom,
      ...(rerated && { computationId: contract.computationId, scaleId: rerated.scaleId }),
    },
    rule: rerated ? CONTRACT_RATE_RULES.rerated : CONTRACT_RATE_RULES.inForce,
    source: 'Cnaf, PSU conditions; DOMAIN.md §4; docs/rules.md#r412-occasional-and-emergency-care',
    value: contract.hourlyRate,
  };
  return {
    ...fee,
    trace: [step, ...(rerated?.trace ?? []), ...fee.trace],
    scaleId: rerated?.scaleId ?? contract.scaleId,
  };
}

/** The weeks form: weeks of attendance × hours a week ÷ months (a quick estimate, without dates). */
function quoteWeeks(dto: Omit<QuoteDto, 'careType'>, hourlyRate: string) {
  if (dto.leavePeriods !== undefined)
    throw invalidFields([
      {
        field: 'leavePeriods',
        errors: ['dated leave belongs to the period form (contractStart, contractEnd, schedule)'],
      },
    ]);
  return computeMonthlyFee({
    hourlyRate,
    hoursPerWeek: dto.hoursPerWeek!,
    weeksPerYear: String(dto.weeksPerYear!),
    billedMonths: dto.billedMonths ?? 12,
  });
}
