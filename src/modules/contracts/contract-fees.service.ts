import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { CrechesService } from '../creches/creches.service';
import type { FeeScaleVersion } from '../fees/domain/fee-scale';
import type { FeeComputationEntity, FeeReason } from '../fees/entities/fee-computation.entity';
import { FeesService } from '../fees/fees.service';
import { ContractsRepository } from './contracts.repository';
import type { ContractEntity } from './entities/contract.entity';
import type { CrecheEntity } from '../creches/entities/creche.entity';
import type { FeeShare, FeeSituation } from '../fees/domain/fee-inputs';
import { DomainError } from '../../common/errors/domain-error';
import { situationOfSnapshot, type StoredFeeAtDate } from '../fees/domain/fee-inputs';
import { recomputationsForVersion } from './domain/scale-recomputations';
import { datesToRecompute, inputsAt, latestInputs, sameInputs } from './domain/fee-input-changes';

export interface ContractFeeRequest {
  readonly contractId: string;
  readonly effectiveFrom: string;
  readonly reason: FeeReason;
  readonly idempotencyKey: string;
  readonly actor: AuthUser | null;
  /** The household's situation as it was at that date (a recomputation of a stored computation); default: now. */
  readonly situation?: FeeSituation;
  /** The same per paying household (null: the contract's one household; else a share's household), when known. */
  readonly situations?: ReadonlyMap<string | null, FeeSituation>;
}

/**
 * A contract's fee from a date, stored by the fees module with its full trace. Idempotent: the same key twice
 * stores one computation. Runs in the caller's transaction (contract creation, a job).
 */
@Injectable()
export class ContractFeesService {
  private readonly logger = new Logger(ContractFeesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractsRepository,
    private readonly creches: CrechesService,
    private readonly fees: FeesService,
    private readonly audit: AuditService,
  ) {}

  async computeInTx(
    em: EntityManager,
    req: ContractFeeRequest,
    scales?: readonly FeeScaleVersion[],
  ): Promise<FeeComputationEntity | null> {
    const contract = await this.contracts.findById(em, req.contractId);
    if (!contract?.feeInputs) return null;
    const creche = await this.creches.get(contract.crecheId, em);
    const mensualisation = await this.mensualisationOf(em, contract, creche);
    // Alternating residence (#14 §5): one computation per household, each at its own rate on its share of the hours.
    const payers: { situation: FeeSituation; share?: FeeShare; key: string }[] = contract.feeShares
      ? contract.feeShares.map((s) => ({
          situation: req.situations?.get(s.familyId) ?? s.feeInputs,
          share: { familyId: s.familyId, hoursPercent: s.hoursPercent },
          key: `${req.idempotencyKey}-share-${s.familyId}`,
        }))
      : [{ situation: req.situation ?? req.situations?.get(null) ?? contract.feeInputs, key: req.idempotencyKey }];
    let first: FeeComputationEntity | null = null;
    for (const payer of payers) {
      const stored = await this.fees.recordInTx(
        em,
        {
          contractId: contract.id,
          date: req.effectiveFrom,
          creche,
          schedule: contract.schedule,
          mensualisation,
          situation: payer.situation,
          share: payer.share,
          reason: req.reason,
          idempotencyKey: payer.key,
          triggeredBy: req.actor?.id ?? null,
        },
        scales,
      );
      if (!stored) continue;
      first ??= stored;
      await this.audit.record(em, {
        actor: req.actor,
        action: 'fee.computed',
        subjectType: 'contract',
        subjectId: contract.id,
        details: {
          computationId: stored.id,
          reason: req.reason,
          effectiveFrom: req.effectiveFrom,
          scaleId: stored.scaleId,
          ...(payer.share && { familyId: payer.share.familyId }),
        },
      });
    }
    return first;
  }

  /**
   * A contract's reserved hours, fixed once. A contract signed before (#14 §1) gets them now, from its dates and its
   * leave counted in weeks (the crèche's leave bound did not exist when it was signed).
   */
  private async mensualisationOf(em: EntityManager, contract: ContractEntity, creche: CrecheEntity) {
    if (contract.mensualisation) return contract.mensualisation;
    const m = this.fees.mensualise({
      start: contract.startDate,
      end: contract.endDate,
      schedule: contract.schedule,
      creche,
      leavePeriods: contract.leavePeriods,
      undatedLeaveWeeks: contract.leaveWeeksPerYear,
      maxLeaveWeeksPerYear: 52,
    });
    await this.contracts.setMensualisation(em, contract.id, m);
    contract.mensualisation = m;
    return m;
  }

  /**
   * Contracts signed before #14 §1 move to the rule of their own months: each stored computation is recomputed at
   * its date with the situation it used (reason RULE_CHANGED), so the fee in force at any date follows the new
   * rule and the old computations stay readable. Idempotent (one key per old computation).
   */
  async mensualiseLegacyContracts(): Promise<number> {
    let done = 0;
    for (const id of await this.contracts.withoutMensualisation(this.dataSource.manager)) {
      try {
        await this.dataSource.transaction(async (em) => {
          const contract = await this.contracts.findById(em, id, true);
          if (!contract || contract.mensualisation) return;
          const creche = await this.creches.get(contract.crecheId, em);
          await this.mensualisationOf(em, contract, creche);
          for (const old of await this.fees.legacyOfContract(em, id))
            await this.computeInTx(em, {
              contractId: id,
              effectiveFrom: old.effectiveFrom,
              reason: 'RULE_CHANGED',
              idempotencyKey: `rule-${old.id}`,
              actor: null,
              situation: old.inputs,
            });
        });
        done += 1;
      } catch (err) {
        // A contract whose dates reserve no hour at all cannot be mensualised: it keeps its old computations.
        if (!(err instanceof DomainError)) throw err;
        this.logger.warn({ contractId: id, code: err.code }, 'contract left on the weeks rule');
      }
    }
    if (done) this.logger.log({ contracts: done }, 'contracts moved to the rule of their own months');
    return done;
  }

  /** Every version in force by `today` reaches the running contracts; pending input changes are computed. */
  async applyScales(today: string): Promise<number> {
    let count = await this.mensualiseLegacyContracts();
    const scales = await this.fees.scalesInTx(this.dataSource.manager);
    for (const scale of scales.filter((s) => s.effectiveFrom <= today)) count += await this.applyScale(scale);
    for (const id of await this.contracts.pendingFeeIds(this.dataSource.manager))
      if (await this.isolated(id, () => this.applyPendingInputs(id))) count += 1;
    return count;
  }

  /**
   * One version, created or changed already in force, reaches the contracts without waiting for the night (its
   * id, not a date: a version gone or not yet in force is left to the nightly job).
   */
  async applyScaleNow(scaleId: string, today: string): Promise<number> {
    const scales = await this.fees.scalesInTx(this.dataSource.manager);
    const scale = scales.find((s) => s.id === scaleId);
    return scale && scale.effectiveFrom <= today ? this.applyScale(scale) : 0;
  }

  /**
   * One contract the rules refuse (a contract signed before #14 whose dates reserve no hour) is logged and left as
   * it was: it must not stop the night's job for every contract after it.
   */
  private async isolated<T>(contractId: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.logger.warn({ contractId, code: err.code }, 'fee not recomputed for this contract');
      return null;
    }
  }

  /**
   * A new scale version reaches every contract it concerns (idempotent): from its date for a contract running across
   * it, and at each later date of a fee computed on an older version (a contract signed, or a situation changed,
   * before the version was published) — each on the household's situation in force at that date
   * (`recomputationsForVersion`), never on the contract's latest inputs, which may hold a change dated later.
   */
  async applyScale(scale: FeeScaleVersion): Promise<number> {
    let done = 0;
    const em = this.dataSource.manager;
    const contracts = await this.contracts.endingFrom(em, scale.effectiveFrom);
    const stored = new Map<string, StoredFeeAtDate[]>();
    for (const row of await this.fees.inForceAtEachDate(
      em,
      contracts.map((c) => c.id),
    ))
      stored.set(row.contractId, [...(stored.get(row.contractId) ?? []), row]);
    const planned = contracts.map((c) => {
      const payers = c.shareFamilyIds.length ? c.shareFamilyIds : [null];
      const fees = (stored.get(c.id) ?? []).map((r) => ({ ...r, situation: situationOfSnapshot(r.inputs) }));
      const work = recomputationsForVersion({ startDate: c.startDate, payers }, fees, scale.effectiveFrom).map((r) => {
        // The version's own date keeps the key it always had (contracts recomputed before keep their computation).
        const key = `scale-${scale.id}-contract-${c.id}${r.atVersionDate ? '' : `-at-${r.date}`}`;
        const keys = c.shareFamilyIds.length ? c.shareFamilyIds.map((f) => `${key}-share-${f}`) : [key];
        return { ...r, key, keys };
      });
      return { id: c.id, work };
    });
    // One query for the computations already stored, not one per contract (the job runs every night).
    const existing = await this.fees.existingKeys(
      em,
      planned.flatMap((p) => p.work.flatMap((w) => w.keys)),
    );
    for (const { id, work } of planned) {
      const todo = work.filter((w) => !w.keys.every((k) => existing.has(k)));
      if (!todo.length) continue;
      const computed = await this.isolated(id, () =>
        this.dataSource.transaction(async (tx) => {
          // The versions as they are now, read under the contract's lock: another version created while this job ran
          // (and applied to this contract by its own job) must not be overwritten by a computation on the list this
          // job started with, which would leave a replaced version in force for good (found by a review).
          await this.contracts.findById(tx, id, true);
          const current = await this.fees.scalesInTx(tx);
          let any = false;
          for (const w of todo)
            any =
              (await this.computeInTx(
                tx,
                {
                  contractId: id,
                  effectiveFrom: w.date,
                  reason: 'SCALE_CHANGED',
                  idempotencyKey: w.key,
                  actor: null,
                  situations: w.situations,
                },
                current,
              )) !== null || any;
          return any;
        }),
      );
      if (computed) done += 1;
    }
    if (done) this.logger.log({ scaleId: scale.id, contracts: done }, 'fees recomputed for a new scale version');
    return done;
  }

  /** Computes the fee pending after a change of a contract's inputs; clears the marker. Safe to run twice. */
  async applyPendingInputs(contractId: string): Promise<FeeComputationEntity | null> {
    return this.dataSource.transaction((em) => this.applyPendingInTx(em, contractId));
  }

  /**
   * The changes of a contract's inputs waiting for their fee (docs/rules.md R4.13), under the contract's lock: the fee
   * is computed again from the earliest of them, at that date and at every later date a fee or a change applies,
   * each on the changes dated on or before it. So a declaration from March validated after a manager's change from
   * May bills March to April on the declaration, and May on both; and two changes waiting together are both billed.
   */
  async applyPendingInTx(em: EntityManager, contractId: string): Promise<FeeComputationEntity | null> {
    const contract = await this.contracts.findById(em, contractId, true);
    if (!contract?.feePendingFrom) return null;
    const changes = await this.contracts.feeChangesOf(em, contractId);
    const waiting = changes.filter((c) => !c.applied);
    const from = [contract.feePendingFrom, ...waiting.map((c) => c.effectiveFrom)].sort()[0];
    const payers = contract.feeShares ? contract.feeShares.map((s) => s.familyId) : [null];
    const stored = await this.fees.inForceAtEachDate(em, [contractId]);
    const storedAt = (payer: string | null, date: string) =>
      stored.find((f) => f.familyId === payer && f.effectiveFrom === date);
    let first: FeeComputationEntity | null = null;
    for (const date of datesToRecompute(
      from,
      changes,
      stored.map((f) => f.effectiveFrom),
      contract.endDate,
    )) {
      const situations = new Map<string | null, FeeSituation>();
      for (const payer of payers) {
        const inputs = inputsAt(changes, payer, date);
        if (inputs) situations.set(payer, inputs);
      }
      // A later fee already computed on what the changes say there stays as it is (no duplicate in its trace).
      const unchanged = payers.every((p) => {
        const fee = storedAt(p, date);
        const inputs = situations.get(p);
        return fee && inputs && sameInputs(situationOfSnapshot(fee.inputs), inputs);
      });
      if (date !== from && unchanged) continue;
      const computed = await this.computeInTx(em, {
        contractId,
        effectiveFrom: date,
        reason: 'INPUTS_CHANGED',
        idempotencyKey: `inputs-${contractId}-v${contract.feeInputsVersion}${date === from ? '' : `-at-${date}`}`,
        actor: null,
        situations,
      });
      first ??= computed;
    }
    await this.contracts.settleFeeChanges(
      em,
      contractId,
      waiting.map((c) => c.seq),
      {
        feeInputs: contract.feeShares ? contract.feeInputs : (latestInputs(changes, null) ?? contract.feeInputs),
        feeShares:
          contract.feeShares?.map((s) => ({ ...s, feeInputs: latestInputs(changes, s.familyId) ?? s.feeInputs })) ??
          null,
      },
    );
    return first;
  }
}
