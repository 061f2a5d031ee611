import { AttendedDaysReadModel } from '../../read-models/attended-days.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { HouseholdsLeftReadModel } from '../../read-models/households-left.read-model';
import { frenchDate, frenchMonth } from '../../common/text/french-dates';
import { Inject, Injectable } from '@nestjs/common';
import { slotsOf } from '../creches/domain/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { QueueProducer } from '../../common/queue/queue.producer';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { contractLengthHorizon } from '../../common/time/horizons';
import { NoScaleInForce } from '../fees/domain/compute-fee';
import type { FeeComputationEntity } from '../fees/entities/fee-computation.entity';
import { FeesService } from '../fees/fees.service';
import { ChildrenService } from '../families/children.service';
import { FamiliesService } from '../families/families.service';
import { FamilyAccess } from '../families/family-access';
import { CoHouseholdsService } from '../families/co-households.service';
import { ContractFeesService, ContractFeeRequest } from './contract-fees.service';
import { ContractsRepository } from './contracts.repository';
import { contractAllows, contractStatusOn } from './domain/contract-status';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import type { DatedPeriod } from '../fees/domain/mensualisation';
import { BookingsRepository } from './bookings.repository';
import type { FeeSituation } from '../fees/domain/fee-inputs';
import { dayOf, hhmmOf, isoOf, minuteOf, weekdayOf } from '../../common/time/calendar';
import type { RegularPresence } from '../creches/domain/presence';
import type { CreateContractDto, UpdateFeeInputsDto } from './dto/contract.dto';
import { ContractEntity, ContractFeeInputs, ContractFeeShare } from './entities/contract.entity';
import { assertScheduleDisjoint } from '../../common/time/weekly-schedule';
import { changedFields, inputsAt } from './domain/fee-input-changes';

/** The fee a viewer may read: one household's, or the shares of an alternating-residence contract. */
export interface ContractFeeView {
  readonly fee: FeeComputationEntity | null;
  /** The fee changes already computed, after the fee in force (one contract's page only). */
  readonly upcoming?: FeeComputationEntity[];
  readonly feeShares?: {
    familyId: string;
    hoursPercent: number;
    fee: FeeComputationEntity | null;
    upcoming?: FeeComputationEntity[];
  }[];
}

export interface NewContract {
  readonly childId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  /** The family's declared leave, dated (bounded by the crèche's rule). */
  readonly leavePeriods?: readonly DatedPeriod[];
  /** Alternating residence: the other paying household and its percent of the hours (default 50). */
  readonly alternatingResidence?: {
    readonly otherFamilyId: string;
    readonly otherHoursPercent?: number;
    /** The other household's situation as the manager checked it. */
    readonly otherFeeInputs?: NonNullable<NewContract['feeInputs']>;
  };
  /** The open offer whose place this contract takes (accepting an offer). */
  readonly heldBy?: string;
  readonly feeInputs?: {
    monthlyResources?: string;
    resourcesRefused?: boolean;
    dependentChildren: number;
    aeehChildren?: number;
    asePlacement?: boolean;
  };
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
    private readonly repo: ContractsRepository,
    private readonly fees: FeesService,
    private readonly families: FamiliesService,
    private readonly children: ChildrenService,
    private readonly familyAccess: FamilyAccess,
    private readonly creches: CrechesService,
    private readonly coHouseholds: CoHouseholdsService,
    private readonly invoiced: InvoicedMonthsReadModel,
    private readonly householdsLeft: HouseholdsLeftReadModel,
    private readonly attended: AttendedDaysReadModel,
    private readonly bookings: BookingsRepository,
    events: DomainEvents,
  ) {
    // A household's new situation reaches its running contracts (owned here); each is recomputed after commit.
    events.on('family.fee-situation-changed', async (em, { familyId, from, inputs }) => {
      const childIds = await this.children.idsOfFamily(em, familyId);
      const touched = [
        ...(childIds.length ? await this.repo.setFeeInputsOfChildren(em, childIds, inputs, from) : []),
        ...(await this.repo.setShareInputsOfFamily(em, familyId, inputs, from)),
      ];
      return touched.map(
        (c) => () =>
          this.producer
            .addBestEffort('fees.recompute-contract', { contractId: c.id, version: c.feeInputsVersion })
            .then(() => undefined),
      );
    });
  }

  /** A manager registers a regular contract (children in care at go-live); the admission path guards capacity. */
  async create(actor: AuthUser, crecheId: string, dto: CreateContractDto): Promise<ContractEntity> {
    assertScheduleDisjoint(dto.schedule);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      // A household that left the crèche's waitlist is not signed up by it again: it applies again (as unknown).
      if ((await this.householdsLeft.childrenWhoLeft(em, crecheId, [dto.childId])).size) throw childNotFound();
      return this.admitInTx(em, actor, crecheId, dto);
    });
  }

  /**
   * The one admission path for regular contracts (used by managers and by an accepted offer): child and crèche
   * locked, capacity checked, then — under those locks — no overlapping contract for the child, insert, audit, fee;
   * all in the caller's transaction.
   */
  async admitInTx(em: EntityManager, actor: AuthUser, crecheId: string, c: NewContract): Promise<ContractEntity> {
    const tooLong = contractLengthHorizon(c.startDate, c.endDate);
    if (tooLong.length) throw invalidFields(tooLong);
    // Reserved hours are fixed here, once (docs/rules.md#r49-mensualisation); bad leave is a 400 before any lock.
    const creche = await this.creches.get(crecheId, em);
    const leavePeriods = (c.leavePeriods ?? []).map((p) => ({ from: p.from, to: p.to }));
    const mensualisation = this.fees.mensualise({
      start: c.startDate,
      end: c.endDate,
      schedule: c.schedule,
      creche,
      leavePeriods,
      maxLeaveWeeksPerYear: creche.maxLeaveWeeksPerYear,
    });
    const presence: RegularPresence = {
      kind: 'REGULAR',
      id: 'candidate',
      start: dayOf(c.startDate),
      end: dayOf(c.endDate),
      slots: slotsOf(c.schedule),
    };
    // A household's month is invoiced once: a contract starting in a month already invoiced would never bill it.
    const invoiced = await this.invoiced.monthsInvoicedToPayers(
      em,
      { crecheId, childId: c.childId, otherFamilyId: c.alternatingResidence?.otherFamilyId },
      c.startDate,
      c.endDate,
    );
    if (invoiced.length)
      throw new DomainError(
        'CONTRACT.MONTH_INVOICED',
        `Ce contrat couvre un mois déjà facturé à ce foyer (${invoiced.map(frenchMonth).join(', ')}) : une facture émise ne change plus, et ce mois n'y serait jamais facturé. Faites commencer le contrat le premier jour d'un mois pas encore facturé.`,
        { months: invoiced },
      );
    // The caller has checked the right to plan here (a manager's crèche, or the family's own offer).
    const contract = await this.capacity.admit(em, {
      crecheId,
      childId: c.childId,
      candidate: presence,
      planner: null,
      heldBy: c.heldBy,
      underLock: async () => {
        await this.assertNoOverlappingContract(em, c);
        await this.assertNoBookingInHours(em, crecheId, c);
      },
      insert: async () => {
        const feeInputs = c.feeInputs
          ? feeInputsOf(c.feeInputs)
          : await this.families.feeSituationOfChild(em, c.childId, c.startDate);
        // No contract without fee inputs (ck_contracts_fee_inputs): the household must have declared its situation.
        if (!feeInputs)
          throw invalidFields([
            {
              field: 'feeInputs',
              errors: ['the household has not declared its situation yet: give feeInputs (resources and children)'],
            },
          ]);
        const feeShares = c.alternatingResidence ? await this.sharesOf(em, c, feeInputs, c.alternatingResidence) : null;
        return this.repo.insert(em, {
          crecheId,
          childId: c.childId,
          startDate: c.startDate,
          endDate: c.endDate,
          schedule: c.schedule.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
          leavePeriods,
          mensualisation,
          feeInputs,
          feeShares,
          createdBy: actor.id,
        });
      },
    });
    await this.audit.record(em, {
      actor,
      action: 'contract.created',
      subjectType: 'contract',
      subjectId: contract.id,
      details: { crecheId, startDate: c.startDate, endDate: c.endDate },
    });
    await this.computeFee(em, {
      contractId: contract.id,
      effectiveFrom: c.startDate,
      reason: 'CONTRACT_CREATED',
      idempotencyKey: `contract-${contract.id}`,
      actor,
    });
    // Its inputs from its start, the first of its dated changes (docs/rules.md R4.13).
    for (const payer of contract.feeShares ?? [{ familyId: null, feeInputs: contract.feeInputs! }])
      await this.repo.recordFeeChange(em, {
        contractId: contract.id,
        familyId: payer.familyId,
        effectiveFrom: c.startDate,
        fields: payer.feeInputs,
        replaces: true,
        applied: true,
      });
    // Declarations validated before the contract but applying after its start: each billed from its appliesFrom on,
    // computed here with the contract (no job to wait for: a month's issue would meet the fee pending), the start at
    // what the first replaced — never earlier (#14 §4). This contract only: the child's others have theirs.
    const changes = await this.laterChangesOf(em, c, contract);
    for (const [from, ofDay] of changes)
      for (const change of ofDay)
        if (change.familyId === null) await this.repo.setFeeInputsOfContract(em, contract.id, change.situation, from);
        else await this.repo.setShareInputsOfContract(em, contract.id, change.familyId, change.situation, from);
    if (changes.size) await this.withScale(() => this.contractFees.applyPendingInTx(em, contract.id));
    return contract;
  }

  /**
   * The later changes a new contract bills, by day in order, within the contract: its household's when the contract
   * took the household's situation; in alternating residence each household's for its own share, unless the manager
   * gave that share's inputs (`familyId` then names the share; null: the contract's own inputs).
   */
  private async laterChangesOf(
    em: EntityManager,
    c: NewContract,
    contract: ContractEntity,
  ): Promise<Map<string, { familyId: string | null; situation: FeeSituation }[]>> {
    const sources: { familyId: string | null; changes: { from: string; situation: FeeSituation }[] }[] = [];
    if (!contract.feeShares) {
      if (!c.feeInputs)
        sources.push({ familyId: null, changes: await this.families.laterChanges(em, c.childId, c.startDate) });
    } else {
      const [own, other] = contract.feeShares;
      if (!c.feeInputs)
        sources.push({
          familyId: own.familyId,
          changes: await this.families.laterChangesOfFamily(em, own.familyId, c.startDate),
        });
      if (!c.alternatingResidence?.otherFeeInputs)
        sources.push({
          familyId: other.familyId,
          changes: await this.families.laterChangesOfFamily(em, other.familyId, c.startDate),
        });
    }
    const byDay = new Map<string, { familyId: string | null; situation: FeeSituation }[]>();
    const all = sources.flatMap((src) => src.changes.map((ch) => ({ familyId: src.familyId, ...ch })));
    for (const ch of all.filter((x) => x.from <= c.endDate).sort((a, b) => a.from.localeCompare(b.from)))
      byDay.set(ch.from, [...(byDay.get(ch.from) ?? []), { familyId: ch.familyId, situation: ch.situation }]);
    return byDay;
  }

  /** New household situation from a date: stored now, the fee from that date is computed by the `fees` worker. */
  async updateFeeInputs(actor: AuthUser, id: string, dto: UpdateFeeInputsDto): Promise<ContractEntity> {
    const saved = await this.dataSource.transaction(async (em) => {
      const found = await this.repo.findById(em, id);
      if (!found) throw notFound();
      await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
      const contract = (await this.repo.findById(em, id, true))!;
      if (contract.feeShares)
        throw new DomainError(
          'CONTRACT.SHARED_FEE',
          'Ce contrat est partagé entre deux foyers (résidence alternée) : la situation de chaque foyer change par sa déclaration.',
        );
      // Nothing is backdated (#14 §4): a fee already in force for past days stays as it was.
      const today = todayOf(this.clock);
      if (dto.effectiveFrom < today)
        throw invalidFields([
          { field: 'effectiveFrom', errors: [`effectiveFrom must not be in the past (today is ${today})`] },
        ]);
      // Invoices bill a month at the rate in force on its first day (docs/rules.md#r86-invoice-amounts-and-rounding):
      // a change from the 15th would be shown on the contract and billed from the next month only.
      if (!dto.effectiveFrom.endsWith('-01') && dto.effectiveFrom !== contract.startDate)
        throw invalidFields([
          {
            field: 'effectiveFrom',
            errors: [
              "effectiveFrom must be a month's first day (or the contract's start): invoices bill a month at one rate",
            ],
          },
        ]);
      if (dto.effectiveFrom < contract.startDate || dto.effectiveFrom > contract.endDate) {
        throw invalidFields([
          {
            field: 'effectiveFrom',
            errors: [`effectiveFrom must fall within the contract (${contract.startDate} to ${contract.endDate})`],
          },
        ]);
      }
      const { effectiveFrom, ...inputs } = dto;
      // Only what differs from the situation in force at that date is recorded (docs/rules.md R4.13): a declaration
      // dated earlier and validated afterwards still reaches the fields the manager left as they were.
      const fields = changedFields(
        inputsAt(await this.repo.feeChangesOf(em, id), null, effectiveFrom),
        feeInputsOf(inputs),
      );
      if (Object.keys(fields).length === 0) return { contract, changed: false };
      const { feeInputsVersion } = await this.repo.setFeeInputsOfContract(em, id, fields, effectiveFrom);
      // Which fields changed, never their values (incomes are personal data).
      await this.audit.record(em, {
        actor,
        action: 'contract.fee_inputs_changed',
        subjectType: 'contract',
        subjectId: id,
        details: { effectiveFrom, version: feeInputsVersion, fields: Object.keys(fields) },
      });
      return { contract: (await this.repo.findById(em, id))!, changed: true };
    });
    if (saved.changed)
      await this.producer.addBestEffort('fees.recompute-contract', {
        contractId: id,
        version: saved.contract.feeInputsVersion,
      });
    return saved.contract;
  }

  /**
   * Alternating residence (#14 §5): the child's household pays on its share of the hours at its own rate, the other
   * household on the rest at its own. The other household must exist, be another one, and have declared its situation.
   */
  private async sharesOf(
    em: EntityManager,
    c: { childId: string; startDate: string },
    own: ContractFeeInputs,
    alternating: NonNullable<NewContract['alternatingResidence']>,
  ): Promise<ContractFeeShare[]> {
    const field = 'alternatingResidence.otherFamilyId';
    const ownFamily = await this.families.familyIdOfChild(em, c.childId);
    if (ownFamily === alternating.otherFamilyId)
      throw invalidFields([{ field, errors: ["the other household must not be the child's own household"] }]);
    const other = await this.families.declaredSituation(em, alternating.otherFamilyId, c.startDate);
    if (!ownFamily || !other)
      throw invalidFields([{ field, errors: ['no household with this id has declared its situation'] }]);
    // The other household must have agreed to pay a share of this child's care (named by the child's household,
    // accepted by one of its parents): a crèche cannot bill, nor come to see, a household by its id alone.
    if (!(await this.coHouseholds.isAccepted(em, c.childId, alternating.otherFamilyId)))
      throw invalidFields([{ field, errors: ["this household has not accepted to pay a share of this child's care"] }]);
    const otherPercent = alternating.otherHoursPercent ?? 50;
    return [
      { familyId: ownFamily, hoursPercent: 100 - otherPercent, feeInputs: own },
      {
        familyId: alternating.otherFamilyId,
        hoursPercent: otherPercent,
        feeInputs: alternating.otherFeeInputs ? feeInputsOf(alternating.otherFeeInputs) : { ...other },
      },
    ];
  }

  /** A child has one regular contract at a time (checked under the child's lock). */
  private async assertNoOverlappingContract(em: EntityManager, c: NewContract): Promise<void> {
    const overlapping = await this.repo.overlappingOfChild(em, c.childId, c.startDate, c.endDate);
    if (overlapping)
      throw new DomainError('CONTRACT.OVERLAPS', 'This child already has a contract over part of this period.', {
        contractId: overlapping,
      });
  }

  /**
   * No live booking of the child at the crèche inside the contract's hours (checked under the child's lock): it would
   * bill those hours again on top of the instalment and count the child twice in the places, as a booking made after
   * the contract is refused (BOOKING.WITHIN_CONTRACT). Days of the family's leave are not the contract's.
   */
  private async assertNoBookingInHours(em: EntityManager, crecheId: string, c: NewContract): Promise<void> {
    const bookings = await this.bookings.liveOfChildBetween(em, c.childId, crecheId, c.startDate, c.endDate);
    const onLeave = (date: string) => (c.leavePeriods ?? []).some((p) => p.from <= date && date <= p.to);
    const inHours = bookings.filter(
      (b) =>
        !onLeave(b.date) &&
        c.schedule.some(
          (s) =>
            s.weekday === weekdayOf(dayOf(b.date)) && b.fromMinute < minuteOf(s.to) && minuteOf(s.from) < b.toMinute,
        ),
    );
    if (!inHours.length) return;
    const said = inHours
      .slice(0, 3)
      .map((b) => `le ${b.date.split('-').reverse().join('/')} de ${hhmmOf(b.fromMinute)} à ${hhmmOf(b.toMinute)}`)
      .join(', ');
    throw new DomainError(
      'CONTRACT.OVERLAPS_BOOKING',
      `L'enfant a une réservation dans les heures de ce contrat (${said}${inHours.length > 3 ? ', …' : ''}) : elle serait facturée en plus du contrat et compterait une seconde place. Annulez-la d'abord, ou faites commencer le contrat après.`,
      {
        bookings: inHours.map((b) => ({ id: b.id, date: b.date, from: hhmmOf(b.fromMinute), to: hhmmOf(b.toMinute) })),
      },
    );
  }

  private async computeFee(em: EntityManager, req: ContractFeeRequest): Promise<void> {
    await this.withScale(() => this.contractFees.computeInTx(em, req));
  }

  /** A fee computed at a date no scale version covers is a clear refusal, not a 500. */
  private async withScale(compute: () => Promise<unknown>): Promise<void> {
    try {
      await compute();
    } catch (err) {
      if (err instanceof NoScaleInForce)
        throw new DomainError(
          'FEE.NO_SCALE',
          `No fee scale is in force${err.message.replace(/^no fee scale in force/, '')}.`,
        );
      throw err;
    }
  }

  /**
   * The fee in force today (or, for a contract not started yet, at its start). In alternating residence each
   * household's share instead; a parent sees only their own household's share (#14 §5).
   */
  async currentFee(contract: ContractEntity, viewer?: AuthUser, withUpcoming = false): Promise<ContractFeeView> {
    const em = this.dataSource.manager;
    const today = todayOf(this.clock);
    const asOf = today < contract.startDate ? contract.startDate : today;
    // A change already computed (a declaration validated from the first of next month) is said beside the fee in force.
    const upcoming = async (familyId: string | null) =>
      withUpcoming
        ? (await this.fees.upcoming(em, contract.id, asOf, familyId)).filter((f) => f.effectiveFrom <= contract.endDate)
        : undefined;
    if (!contract.feeShares)
      return { fee: await this.fees.inForce(em, contract.id, asOf), upcoming: await upcoming(null) };
    const own = viewer?.role === 'PARENT' ? await this.familyAccess.familyIdOf(em, viewer.id) : null;
    const visible = contract.feeShares.filter((s) => viewer?.role !== 'PARENT' || s.familyId === own);
    const shares = await Promise.all(
      visible.map(async (s) => ({
        familyId: s.familyId,
        hoursPercent: s.hoursPercent,
        fee: await this.fees.inForce(em, contract.id, asOf, s.familyId),
        upcoming: await upcoming(s.familyId),
      })),
    );
    const parent = viewer?.role === 'PARENT';
    return {
      fee: parent ? (shares[0]?.fee ?? null) : null,
      upcoming: parent ? shares[0]?.upcoming : undefined,
      feeShares: shares,
    };
  }

  /** A crèche's contracts, each with its fee in force as its staff read it (each share's in alternating residence). */
  async list(
    user: AuthUser,
    crecheId: string,
    activeOn?: string,
  ): Promise<{ contract: ContractEntity; fee: ContractFeeView }[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      const contracts = await this.repo.listOfCreche(em, crecheId, activeOn);
      const today = todayOf(this.clock);
      // One read for every contract's fee (a page of tens of contracts read them one by one before).
      const fees = await this.fees.inForceMany(
        em,
        contracts.map((c) => ({ contractId: c.id, asOf: today < c.startDate ? c.startDate : today })),
      );
      const byKey = new Map(fees.map((f) => [`${f.contractId} ${f.familyId ?? ''}`, f]));
      const of = (contractId: string, familyId: string | null) => byKey.get(`${contractId} ${familyId ?? ''}`) ?? null;
      return contracts.map((contract) => ({
        contract,
        fee: contract.feeShares
          ? {
              fee: null,
              feeShares: contract.feeShares.map((s) => ({
                familyId: s.familyId,
                hoursPercent: s.hoursPercent,
                fee: of(contract.id, s.familyId),
              })),
            }
          : { fee: of(contract.id, null) },
      }));
    });
  }

  async get(user: AuthUser, id: string): Promise<ContractEntity> {
    return this.dataSource.transaction(async (em) => {
      const contract = await this.repo.findById(em, id);
      if (!contract) throw notFound();
      if (user.role === 'PARENT') {
        // A parent reads the contracts of their own household's children (the household's rule, in FamilyAccess),
        // and those their household pays a share of (alternating residence).
        if (await this.familyAccess.isParentOfChild(em, user, contract.childId)) return contract;
        const family = await this.familyAccess.familyIdOf(em, user.id);
        if (family && (await this.repo.isPayingHousehold(em, id, family))) return contract;
        throw notFound();
      }
      await this.access.assertCanPlan(em, user, contract.crecheId, notFound);
      return contract;
    });
  }

  /**
   * A day the child was at the crèche after the new end, outside its bookings there, would be left with hours attended
   * and billed by no invoice (the leaving month bills the contract's days up to its end only, R8.7, R8.9): the end
   * must come after it. Hours of a booking stay billed by the booking.
   */
  private async refuseAttendedAfter(em: EntityManager, contract: ContractEntity, endDate: string): Promise<void> {
    // Still checked in on the new last day (a night in care runs past its midnight, or a departure nobody entered):
    // its departure first, which may write hours on the day after.
    if (await this.attended.openOn(em, { crecheId: contract.crecheId, childId: contract.childId, date: endDate }))
      throw new DomainError(
        'CONTRACT.ATTENDED_AFTER_END',
        `L'enfant est encore pointé présent le ${frenchDate(endDate)}, sans départ : pointez son départ (ou corrigez-le), puis terminez le contrat.`,
        { openOn: endDate },
      );
    const days = await this.attended.attendedBeyondBookings(em, {
      crecheId: contract.crecheId,
      childId: contract.childId,
      from: isoOf(dayOf(endDate) + 1),
      to: contract.endDate,
    });
    if (!days.length) return;
    const last = days[days.length - 1];
    throw new DomainError(
      'CONTRACT.ATTENDED_AFTER_END',
      `L'enfant a été pointé présent après cette date de fin (${days.map(frenchDate).join(', ')}) : ces heures ne seraient facturées par aucune facture. Choisissez une date de fin au ${frenchDate(last)} ou après, ou supprimez d'abord le pointage d'un jour où l'enfant n'est pas venu.`,
      { days },
    );
  }

  /** Ends a contract earlier (frees capacity after `endDate`); a contract cannot be extended here. */
  async end(actor: AuthUser, id: string, endDate: string): Promise<ContractEntity> {
    return this.dataSource.transaction(async (em) => {
      const found = await this.repo.findById(em, id);
      if (!found) throw notFound();
      await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
      // Before the crèche's lock, as a check-in takes it before the crèche's row (its foreign key).
      await this.attended.lockChild(em, found.childId);
      if (endDate >= found.startDate && endDate < found.endDate) {
        // The leaving month's invoice bills the regularisation (docs/rules.md#r87): a month already invoiced never
        // would, nor would it give back an instalment billed after the new end. Checked before the crèche is locked:
        // the check waits for an issue under way (the invoice sequence), which itself needs the crèche's and the
        // contract's rows for its foreign keys; taken the other way round, the two would wait for each other.
        const invoiced = await this.invoiced.monthsInvoicedToPayers(
          em,
          { crecheId: found.crecheId, childId: found.childId, contractId: id },
          endDate,
          found.endDate,
        );
        if (invoiced.length)
          throw new DomainError(
            'CONTRACT.MONTH_INVOICED',
            `La nouvelle date de fin tombe avant la fin d'un mois déjà facturé (${invoiced.map(frenchMonth).join(', ')}) : une facture émise ne change plus, et ce départ n'y serait jamais régularisé. Choisissez une date de fin dans un mois pas encore facturé, puis corrigez par un avoir ce qui a été facturé en trop.`,
            { months: invoiced },
          );
      }
      await this.capacity.lockCreche(em, found.crecheId);
      const contract = (await this.repo.findById(em, id, true))!;
      if (!contractAllows(contractStatusOn(contract, todayOf(this.clock)), 'END_EARLY')) {
        throw new DomainError(
          'CONTRACT.ALREADY_ENDED',
          'Ce contrat est déjà terminé : sa date de fin ne peut plus changer.',
        );
      }
      if (endDate < contract.startDate)
        throw invalidFields([
          { field: 'endDate', errors: [`endDate must not be before the start date ${contract.startDate}`] },
        ]);
      if (endDate > contract.endDate)
        throw invalidFields([
          {
            field: 'endDate',
            errors: [
              `endDate must not be after the current end ${contract.endDate}; a longer contract is a new admission`,
            ],
          },
        ]);
      if (endDate === contract.endDate) return contract;
      await this.refuseAttendedAfter(em, contract, endDate);
      const previousEnd = contract.endDate;
      contract.endDate = endDate;
      contract.endedBy = actor.id;
      const saved = await this.repo.save(em, contract);
      await this.audit.record(em, {
        actor,
        action: 'contract.ended',
        subjectType: 'contract',
        subjectId: id,
        details: { previousEnd, endDate },
      });
      return saved;
    });
  }
}

function feeInputsOf(i: {
  monthlyResources?: string;
  resourcesRefused?: boolean;
  dependentChildren: number;
  aeehChildren?: number;
  asePlacement?: boolean;
}): ContractFeeInputs {
  return {
    monthlyResources: i.resourcesRefused ? null : (i.monthlyResources ?? null),
    ...(i.resourcesRefused ? { resourcesRefused: true } : {}),
    dependentChildren: i.dependentChildren,
    aeehChildren: i.aeehChildren ?? 0,
    asePlacement: i.asePlacement ?? false,
  };
}

function notFound(): DomainError {
  return new DomainError('CONTRACT.NOT_FOUND', 'Contrat introuvable.');
}

/** The answer for a child unknown to the crèche (the same as the capacity check's for a child that does not exist). */
function childNotFound(): DomainError {
  return new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
}
