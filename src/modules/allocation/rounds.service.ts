import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { QueueProducer } from '../../common/queue/queue.producer';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { canonicalJson } from '../../common/text/canonical-json';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { CapacityService } from '../creches/capacity.service';
import { hhmmOf, isoOf } from '../../common/time/calendar';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import type { CrecheEntity } from '../creches/entities/creche.entity';
import { FeesService } from '../fees/fees.service';
import { FamiliesService } from '../families/families.service';
import { ApplicationsService } from '../applications/applications.service';
import { CrechesService } from '../creches/creches.service';
import { NoticesService } from '../notices/notices.service';
import { compareScored } from '../waitlist/domain/score';
import { allocate } from './domain/allocate';
import type { Placement } from './domain/snapshot';
import { AllocationRoundEntity, RoundExclusion } from './entities/allocation-round.entity';
import { OfferEntity } from './entities/offer.entity';
import { keepOneProposalPerFamily } from './domain/one-offer-per-family';
import { OffersRepository } from './offers.repository';
import { RoundSummary, RoundsRepository } from './rounds.repository';
import { nextRoundStatus } from './domain/round-status';
import { OFFER_MADE_NOTICE } from '../notices/notice-types';
import { scheduleOfferJobs } from './offer-jobs';
import { SnapshotBuilder, snapshotHash } from './snapshot.builder';
import { exclusionsWithoutNotesOf } from './domain/erase-household';

/** The owners a round asks, in its transaction, for what it reads and changes outside its own tables. */
@Injectable()
export class RoundsCollaborators {
  constructor(
    readonly applications: ApplicationsService,
    readonly families: FamiliesService,
    readonly creches: CrechesService,
    readonly capacity: CapacityService,
    readonly offers: OffersRepository,
    readonly rounds: RoundsRepository,
    readonly people: FamilyNamesReadModel,
  ) {}
}

/** One candidate of a round as its managers read it: who, from when, and the schedule asked of each crèche. */
export interface RoundApplicant {
  readonly applicationId: string;
  readonly childFirstName: string | null;
  readonly parents: string[];
  readonly startDate: string;
  readonly endDate: string;
  readonly schedules: { crecheId: string; schedule: { weekday: number; from: string; to: string }[] }[];
}

@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: CrecheAccess,
    private readonly builder: SnapshotBuilder,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly fees: FeesService,
    private readonly producer: QueueProducer,
    private readonly deps: RoundsCollaborators,
  ) {}

  /** Runs the engine on a snapshot of the crèches and their waitlists; nothing is offered until confirmed. */
  async create(actor: AuthUser, crecheIds: string[], startDate: string): Promise<AllocationRoundEntity> {
    const ids = [...new Set(crecheIds)].sort();
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const creches = await this.accessibleCreches(em, actor, ids);
      const territories = new Set(creches.map((c) => c.territoryId));
      if (territories.size > 1)
        throw invalidFields([{ field: 'crecheIds', errors: ['the crèches of a round belong to one territory'] }]);
      const fingerprint = await this.builder.fingerprint(em, ids);
      const { snapshot, policyVersions } = await this.builder.build(em, creches, startDate, todayOf(this.clock));
      const result = allocate(snapshot);
      const round = await this.deps.rounds.insert(em, {
        territoryId: creches[0].territoryId,
        crecheIds: ids,
        startDate,
        status: 'DRAFT',
        snapshot,
        snapshotHash: snapshotHash(snapshot),
        capacityFingerprint: fingerprint,
        result,
        policyVersions,
        engineVersion: result.engineVersion,
        createdBy: actor.id,
      });
      await this.audit.record(em, {
        actor,
        action: 'allocation_round.created',
        subjectType: 'allocation_round',
        subjectId: round.id,
        details: {
          crecheIds: ids,
          startDate,
          placements: result.placements.length,
          candidates: snapshot.applicants.length,
          snapshotHash: round.snapshotHash,
        },
      });
      return round;
    });
  }

  /**
   * Drafts are never confirmed once the waitlist has moved on; each holds a whole snapshot (about 110 KB). Those older
   * than DRAFT_ROUND_MAX_AGE_DAYS are deleted, each deletion audited so that the log keeps that the round existed.
   */
  async deleteStaleDrafts(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.draftRoundMaxAgeDays * 86_400_000);
    return this.dataSource.transaction(async (em) => {
      const ids = await this.deps.rounds.deleteDraftsBefore(em, before);
      for (const id of ids) {
        await this.audit.record(em, {
          actor: null,
          action: 'allocation_round.draft_deleted',
          subjectType: 'allocation_round',
          subjectId: id,
          details: { maxAgeDays: this.config.draftRoundMaxAgeDays },
        });
      }
      return ids.length;
    });
  }

  async get(user: AuthUser, id: string): Promise<AllocationRoundEntity> {
    const round = await this.deps.rounds.findById(this.dataSource.manager, id);
    if (!round) throw notFound();
    await this.accessibleCreches(this.dataSource.manager, user, round.crecheIds, notFound);
    return round;
  }

  /** The rounds that included the crèche, newest first (at most `limit`). */
  async listForCreche(user: AuthUser, crecheId: string, limit = 50): Promise<RoundSummary[]> {
    await this.access.assertCanPlan(this.dataSource.manager, user, crecheId);
    return this.deps.rounds.listForCreche(this.dataSource.manager, crecheId, limit);
  }

  /**
   * The round's candidates with their child's first name and their parents' names (read now: an erased household
   * has no name any more), and, from the snapshot, the period and the schedule asked of each crèche.
   */
  async applicants(user: AuthUser, id: string): Promise<RoundApplicant[]> {
    const round = await this.get(user, id);
    const applicants = round.snapshot.applicants;
    const people = new Map(
      (
        await this.deps.people.ofApplications(
          this.dataSource.manager,
          applicants.map((a) => a.applicationId),
        )
      ).map((p) => [p.applicationId, p]),
    );
    const slotsOf = (slots: readonly { weekday: number; from: number; to: number }[]) =>
      slots.map((s) => ({ weekday: s.weekday, from: hhmmOf(s.from), to: hhmmOf(s.to) }));
    return applicants.map((a) => ({
      applicationId: a.applicationId,
      childFirstName: people.get(a.applicationId)?.childFirstName ?? null,
      parents: people.get(a.applicationId)?.parents ?? [],
      startDate: isoOf(a.start),
      endDate: isoOf(a.end),
      schedules: a.preferences.map((p) => ({ crecheId: p.crecheId, schedule: slotsOf(p.slots ?? a.slots) })),
    }));
  }

  /**
   * Re-runs the engine on the stored snapshot: the result must be identical, unless a household of the round has been
   * erased since (RoundsErasureHandler): its entries then hold a birth month and no personal criteria, and the result
   * may differ. Erasure wins over replay (docs/rules.md#r811b-allocation-rounds-under-the-gdpr-erasure).
   */
  async replay(
    user: AuthUser,
    id: string,
  ): Promise<{
    identical: boolean;
    snapshotHash: string;
    hashMatches: boolean;
    engineVersion: string;
    erasedApplicants: number;
  }> {
    const round = await this.get(user, id);
    const again = allocate(round.snapshot);
    return {
      identical: canonicalJson(again) === canonicalJson(round.result),
      snapshotHash: round.snapshotHash,
      hashMatches: snapshotHash(round.snapshot) === round.snapshotHash,
      engineVersion: again.engineVersion,
      // So that the page tells a difference an erasure explains from one that should stop the round.
      erasedApplicants: round.snapshot.applicants.filter((a) => a.erased).length,
    };
  }

  /**
   * Leaves a proposal of a draft out (with its reason), or brings it back (`exclusion` null). Kept with the round, so
   * that every manager and device reads the same draft and its confirmation applies it, whoever confirms; under the
   * round's row lock, as the confirmation is, so that neither is lost. 404 for a proposal the round does not make.
   */
  async setExclusion(
    actor: AuthUser,
    id: string,
    applicationId: string,
    exclusion: Omit<RoundExclusion, 'applicationId'> | null,
  ): Promise<AllocationRoundEntity> {
    return this.dataSource.transaction(async (em) => {
      const round = await this.deps.rounds.findById(em, id, true);
      if (!round) throw notFound();
      for (const crecheId of round.crecheIds) await this.access.assertCanPlan(em, actor, crecheId, notFound);
      if (!nextRoundStatus(round.status, 'EXCLUDE'))
        throw new DomainError('ROUND.ALREADY_CONFIRMED', 'This round has already been confirmed.');
      if (!round.result.placements.some((p) => p.applicationId === applicationId)) throw notFound();
      const others = round.exclusions.filter((e) => e.applicationId !== applicationId);
      const was = round.exclusions.find((e) => e.applicationId === applicationId);
      round.exclusions = withoutNotesOnErased(round, exclusion ? [...others, { applicationId, ...exclusion }] : others);
      await this.deps.rounds.setExclusions(em, id, round.exclusions);
      // The manager who made the decision is its author in the trail, whoever confirms (the comment stays with the
      // round). Bringing back a proposal that was not left out changes nothing and logs nothing.
      if (exclusion || was)
        await this.audit.record(em, {
          actor,
          action: exclusion ? 'allocation_round.proposal_excluded' : 'allocation_round.proposal_restored',
          subjectType: 'application',
          subjectId: applicationId,
          details: { roundId: id, ...(exclusion ? { reason: exclusion.reason } : {}) },
        });
      return round;
    });
  }

  /**
   * Turns the draft into offers, in one transaction under the crèches' locks: refused if already confirmed or if
   * anything it was computed from has changed since (re-run it). One open offer per family.
   */
  async confirm(
    actor: AuthUser,
    id: string,
    exclusions: RoundExclusion[],
  ): Promise<{ round: AllocationRoundEntity; offers: OfferEntity[] }> {
    const noticeIds: (string | null)[] = [];
    const result = await this.confirmInTx(actor, id, exclusions, noticeIds).catch((err: unknown) => {
      // A round of other crèches, confirmed at the same moment, made an offer to one of this round's families: each
      // held only its own crèches' locks, so neither saw the other's offer. Re-running shows what is left.
      if (violatedConstraint(err) === 'uq_offers_family_open') throw staleRound();
      throw err;
    });
    await this.notices.dispatch(noticeIds);
    for (const offer of result.offers) await scheduleOfferJobs(this.producer, this.clock, this.config, offer);
    return result;
  }

  private confirmInTx(
    actor: AuthUser,
    id: string,
    given: RoundExclusion[],
    noticeIds: (string | null)[],
  ): Promise<{ round: AllocationRoundEntity; offers: OfferEntity[] }> {
    return this.dataSource.transaction(async (em) => {
      const round = await this.deps.rounds.findById(em, id, true);
      if (!round) throw notFound();
      const creches = await this.accessibleCreches(em, actor, round.crecheIds, notFound);
      const confirmed = nextRoundStatus(round.status, 'CONFIRM');
      if (!confirmed) throw new DomainError('ROUND.ALREADY_CONFIRMED', 'This round has already been confirmed.');
      await this.deps.capacity.lockCreches(em, round.crecheIds);
      if ((await this.builder.fingerprint(em, round.crecheIds)) !== round.capacityFingerprint) throw staleRound();
      const placements = round.result.placements;
      given.forEach((e, i) => {
        if (!placements.some((p) => p.applicationId === e.applicationId))
          throw invalidFields([{ field: `exclusions[${i}].applicationId`, errors: ['not a proposal of this round'] }]);
      });
      // The draft's own exclusions, saved by any of its managers, and those sent with the confirmation (which win).
      const exclusions = withoutNotesOnErased(round, [
        ...round.exclusions.filter((e) => !given.some((g) => g.applicationId === e.applicationId)),
        ...given,
      ]);
      const excluded = new Set(exclusions.map((e) => e.applicationId));
      const kept = placements.filter((p) => !excluded.has(p.applicationId));
      const offers = await this.createOffers(em, round, creches, kept, noticeIds);
      // The draft's own were logged as each was made, by its author; those sent now are the confirming manager's.
      for (const e of given) {
        await this.audit.record(em, {
          actor,
          action: 'allocation_round.proposal_excluded',
          subjectType: 'application',
          subjectId: e.applicationId,
          details: { roundId: id, reason: e.reason },
        }); // the comment stays with the round
      }
      round.status = confirmed;
      round.exclusions = exclusions;
      round.envyCases = envyCasesOf(round, placements, excluded);
      round.confirmedBy = actor.id;
      round.confirmedAt = this.clock.now();
      const saved = await this.deps.rounds.save(em, round);
      await this.audit.record(em, {
        actor,
        action: 'allocation_round.confirmed',
        subjectType: 'allocation_round',
        subjectId: id,
        details: { offers: offers.length, exclusions: exclusions.length, envyCases: saved.envyCases },
      });
      return { round: saved, offers };
    });
  }

  private async createOffers(
    em: EntityManager,
    round: AllocationRoundEntity,
    creches: CrecheEntity[],
    kept: readonly Placement[],
    noticeIds: (string | null)[],
  ): Promise<OfferEntity[]> {
    const scales = await this.fees.scalesInTx(em);
    const now = this.clock.now();
    const offers: OfferEntity[] = [];
    for (const p of keepOneProposalPerFamily(kept)) {
      const applicant = round.snapshot.applicants.find((a) => a.applicationId === p.applicationId)!;
      const creche = creches.find((c) => c.id === p.crecheId)!;
      const application = await this.deps.applications.markOfferedInTx(em, p.applicationId);
      if (!application) throw new DomainError('ROUND.STALE', 'An application of this round changed: run a new round.');
      // The schedule asked of the crèche offered (each listed crèche may have its own).
      const schedule = await this.deps.applications.scheduleAtInTx(em, p.applicationId, p.crecheId);
      if (!schedule) throw new DomainError('ROUND.STALE', 'An application of this round changed: run a new round.');
      const startDate = isoOf(applicant.start);
      const situation = await this.deps.families.feeSituation(em, p.familyId, startDate);
      const fee = await this.fees.estimate(
        em,
        {
          date: startDate,
          creche,
          end: isoOf(applicant.end),
          schedule,
          undatedLeaveWeeks: application.leaveWeeksPerYear,
          situation,
        },
        scales,
      );
      const offer = await this.deps.offers.insert(em, {
        roundId: round.id,
        applicationId: p.applicationId,
        familyId: p.familyId,
        childId: application.childId,
        crecheId: p.crecheId,
        startDate,
        endDate: isoOf(applicant.end),
        schedule,
        score: p.score,
        status: 'OPEN',
        deadline: new Date(now.getTime() + creche.offerResponseDays * this.config.offerDayMs),
        estimatedHourlyRate: fee?.hourlyRate ?? null,
        estimatedMonthlyFee: fee?.monthlyFee ?? null,
        feeTrace: fee?.trace ?? null,
      });
      offers.push(offer);
      noticeIds.push(
        ...(await this.notices.createForFamily(em, p.familyId, {
          type: OFFER_MADE_NOTICE,
          templateData: { offerId: offer.id },
          idempotencyKey: `offer-made-${offer.id}`,
          subject: { type: 'offer', id: offer.id },
        })),
      );
    }
    return offers;
  }

  private async accessibleCreches(
    em: EntityManager,
    user: AuthUser,
    ids: readonly string[],
    denied?: () => DomainError,
  ): Promise<CrecheEntity[]> {
    for (const id of ids) await this.access.assertCanPlan(em, user, id, denied);
    return this.deps.creches.findByIds(em, ids);
  }
}

/** Each kept proposal at a crèche with lower priority than an excluded child is a case of justified envy. */
function envyCasesOf(round: AllocationRoundEntity, placements: readonly Placement[], excluded: Set<string>): number {
  const submitted = new Map(round.snapshot.applicants.map((a) => [a.applicationId, a.submittedAt]));
  const key = (p: Placement) => ({
    score: p.score,
    submittedAt: submitted.get(p.applicationId) ?? '',
    id: p.applicationId,
  });
  let cases = 0;
  for (const e of placements.filter((p) => excluded.has(p.applicationId))) {
    cases += placements.filter(
      (p) => !excluded.has(p.applicationId) && p.crecheId === e.crecheId && compareScored(key(e), key(p)) < 0,
    ).length;
  }
  return cases;
}

function notFound(): DomainError {
  return new DomainError('ROUND.NOT_FOUND', 'Allocation round not found.');
}

function staleRound(): DomainError {
  return new DomainError('ROUND.STALE', 'Capacity or applications changed since this round ran: run a new round.');
}

/**
 * A round keeps no note on a household erased since it ran (R8.11b): the erasure cleared those it found, and a note
 * written after it, on a draft still holding the household's proposal, would outlive it.
 */
function withoutNotesOnErased(
  round: { snapshot: { applicants: readonly { applicationId: string; erased?: boolean }[] } },
  exclusions: RoundExclusion[],
): RoundExclusion[] {
  const erased = new Set(round.snapshot.applicants.filter((a) => a.erased).map((a) => a.applicationId));
  return exclusionsWithoutNotesOf(exclusions, erased) ?? exclusions;
}
