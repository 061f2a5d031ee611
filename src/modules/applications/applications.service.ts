import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { DomainEvents, runAfterCommit } from '../../common/events/domain-events';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { startHorizon } from '../../common/time/horizons';
import { dayOf } from '../../common/time/calendar';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import { overlappingSlots } from '../../common/time/weekly-schedule';
import { ChildrenService } from '../families/children.service';
import type { ChildEntity } from '../families/entities/child.entity';
import { FamilyAccess } from '../families/family-access';
import { APPLICATION_RECEIVED_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { EmailVerificationService } from '../users/email-verification.service';
import { preferenceProblems } from './application-rules';
import { AgeFit, ageFit } from '../creches/domain/age';
import { ApplicationRef, ApplicationsRepository } from './applications.repository';
import type { CreateApplicationDto } from './dto/application.dto';
import { ApplicationEntity } from './entities/application.entity';
import type { ApplicationPreferenceEntity } from './entities/application-preference.entity';

/**
 * Owner of `applications` and `application_preferences`. Other modules change an application only through the
 * `…InTx` methods below, in their own transaction; every status change goes through the lifecycle in
 * `domain/application-status.ts`.
 */

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repo: ApplicationsRepository,
    private readonly families: FamilyAccess,
    private readonly children: ChildrenService,
    private readonly creches: CrechesService,
    private readonly crecheAccess: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly events: DomainEvents,
    private readonly verification: EmailVerificationService,
  ) {}

  /** A parent applies for a place for their child at up to five ranked crèches. */
  /**
   * A family applies. `carriedOver` is for an application the territory kept on its own waitlist before Berceau (the
   * demo's, or an import at go-live): its first submission date counts for seniority (docs/rules.md R3), never later
   * than now. Not reachable over HTTP: a parent's application is submitted now.
   */
  async create(
    actor: AuthUser,
    dto: CreateApplicationDto,
    carriedOver?: { readonly submittedAt: Date },
  ): Promise<ApplicationEntity> {
    const now = this.clock.now();
    const submittedAt =
      carriedOver && carriedOver.submittedAt.getTime() < now.getTime() ? carriedOver.submittedAt : now;
    const today = todayOf(this.clock);
    if (dto.desiredStartDate < today)
      throw invalidFields([{ field: 'desiredStartDate', errors: ['desiredStartDate must not be in the past'] }]);
    const tooFar = startHorizon('desiredStartDate', dto.desiredStartDate, today);
    if (tooFar.length) throw invalidFields(tooFar);
    assertSchedulesGiven(dto);
    const noticeIds: (string | null)[] = [];
    const application = await this.dataSource.transaction(async (em) => {
      await this.verification.assertVerified(em, actor.id);
      const familyId = await this.families.familyIdOf(em, actor.id);
      if (!familyId) throw new DomainError('FAMILY.REQUIRED', "Déclarez d'abord votre foyer (POST /families).");
      const child = await this.children.findInFamily(em, familyId, dto.childId);
      if (!child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      assertBirthKnown(child, today);
      await this.assertCrechesAccept(em, dto, child);
      const saved = await this.insert(em, actor, familyId, dto, { submittedAt, confirmedAt: now });
      await this.audit.record(em, {
        actor,
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: saved.id,
        details: {
          preferences: dto.preferences.map((p) => p.crecheId),
          ...(submittedAt === now ? {} : { submittedAt: submittedAt.toISOString() }),
        },
      });
      noticeIds.push(
        ...(await this.notices.createForFamily(em, familyId, {
          type: APPLICATION_RECEIVED_NOTICE,
          templateData: { applicationId: saved.id },
          idempotencyKey: `application-received-${saved.id}`,
          subject: { type: 'application', id: saved.id },
        })),
      );
      return saved;
    });
    await this.notices.dispatch(noticeIds);
    return application;
  }

  /** The family leaves the waitlist; its open offer, if any, is answered for it (the place can be offered again). */
  async withdraw(actor: AuthUser, id: string): Promise<ApplicationEntity> {
    const after: Awaited<ReturnType<DomainEvents['emit']>> = [];
    const saved = await this.dataSource.transaction(async (em) => {
      await this.events.emit(em, 'application.withdrawing', { applicationId: id });
      const current = await this.assertOwner(em, actor, id);
      // Leaving with an offer open refuses that offer (DOMAIN.md §5): it counts, and the count follows the child into
      // any later application (R5.4).
      const updated = await this.repo.transition(em, id, 'WITHDRAW', {
        closed: true,
        refusal: current.status === 'OFFERED',
      });
      if (!updated) throw notActive();
      after.push(
        ...(await this.events.emit(em, 'application.withdrawn', {
          applicationId: id,
          actorId: actor.id,
          reason: 'APPLICATION_WITHDRAWN',
        })),
      );
      await this.audit.record(em, {
        actor,
        action: 'application.withdrawn',
        subjectType: 'application',
        subjectId: id,
        details: { to: updated.status },
      });
      return updated;
    });
    await runAfterCommit(after);
    return saved;
  }

  /** The family is still interested: the keep-alive clock restarts. */
  async confirmInterest(actor: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.assertOwner(em, actor, id);
      if (!(await this.repo.confirmInterest(em, id, this.clock.now()))) throw notActive();
      await this.audit.record(em, {
        actor,
        action: 'application.interest_confirmed',
        subjectType: 'application',
        subjectId: id,
      });
      return (await this.repo.findById(em, id))!;
    });
  }

  /** The owning parents, or a manager of one of the listed crèches; anyone else: 404. */
  async getVisible(
    user: AuthUser,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ application: ApplicationEntity; preferences: ApplicationPreferenceEntity[] }> {
    const application = await this.repo.findById(em, id);
    if (!application) throw notFound();
    const preferences = await this.repo.preferencesOf(em, id);
    const allowed =
      user.role === 'ADMIN' ||
      (user.role === 'PARENT' && (await this.families.familyIdOf(em, user.id)) === application.familyId) ||
      (user.role === 'MANAGER' &&
        (await this.crecheAccess.managesAny(
          em,
          user,
          preferences.map((p) => p.crecheId),
        )));
    if (!allowed) throw notFound();
    return { application, preferences };
  }

  async listMine(user: AuthUser): Promise<ApplicationEntity[]> {
    const familyId = await this.families.familyIdOf(this.dataSource.manager, user.id);
    if (!familyId) return [];
    return this.repo.listOfFamily(this.dataSource.manager, familyId);
  }

  /** The crèches each application lists, in rank order, with the schedule asked of each (for its own family). */
  preferencesOf(applicationIds: readonly string[]): Promise<Map<string, ApplicationPreferenceEntity[]>> {
    return this.repo.preferencesOfMany(this.dataSource.manager, applicationIds);
  }

  // ——— Owner methods for the modules that depend on applications (allocation, privacy), in the caller's transaction.

  /** One application as stored, for a module acting on it in its own transaction. */
  findInTx(em: EntityManager, id: string): Promise<ApplicationEntity | null> {
    return this.repo.findById(em, id);
  }

  /** The weekly schedule the application asks of one crèche it lists (null when it does not list it). */
  scheduleAtInTx(
    em: EntityManager,
    applicationId: string,
    crecheId: string,
  ): Promise<ApplicationPreferenceEntity['schedule'] | null> {
    return this.repo.scheduleAt(em, applicationId, crecheId);
  }

  /**
   * Whether the child is of age for the crèche on `start`, its age limit lifted only by a verified disability (R1.3):
   * an offer is accepted only then, whatever the family declares between the round and its answer.
   */
  async ageFitInTx(
    em: EntityManager,
    input: { applicationId: string; crecheId: string; start: string },
  ): Promise<AgeFit> {
    const application = (await this.repo.findById(em, input.applicationId))!;
    // The child's row first, FOR SHARE: a disability unflagged (or a birth date corrected) at the same moment waits
    // for the acceptance to commit, or is committed before it and read here.
    const disability = await this.children.provedDisabilityInTx(em, application.familyId, application.childId, true);
    const child = (await this.children.findInFamily(em, application.familyId, application.childId))!;
    const [creche] = await this.creches.findByIds(em, [input.crecheId]);
    return ageFit({
      birth: dayOf((child.birthDate ?? child.expectedBirthDate)!),
      start: dayOf(input.start),
      disability,
      minAgeMonths: creche.minAgeMonths,
      maxAgeMonths: creche.maxAgeMonths,
    });
  }

  /** Allocation offers a place: SUBMITTED → OFFERED. Null when the application is no longer waiting. */
  markOfferedInTx(em: EntityManager, id: string): Promise<ApplicationEntity | null> {
    return this.repo.transition(em, id, 'OFFER');
  }

  /** The family accepted its offer: OFFERED → ACCEPTED, with the crèche and score of the admission. */
  async markAcceptedInTx(em: EntityManager, id: string, admitted: { crecheId: string; score: number }): Promise<void> {
    if (!(await this.repo.transition(em, id, 'ACCEPT_OFFER', { closed: true, admitted }))) throw notActive();
  }

  /**
   * The offer was declined or expired: back on the waitlist, one refusal counted (policy). Withdrawn by the crèche:
   * back on the waitlist with no refusal counted.
   */
  async returnToWaitlistInTx(
    em: EntityManager,
    id: string,
    why: 'DECLINE_OFFER' | 'EXPIRE_OFFER' | 'OFFER_WITHDRAWN',
  ): Promise<void> {
    await this.repo.transition(em, id, why, { refusal: why !== 'OFFER_WITHDRAWN' });
  }

  /**
   * Before a path that will withdraw the household's applications takes any row of it (the erasure locks the household
   * first): what depends on them is locked first, in the order answering an offer takes it (offer, application,
   * household), so an erasure and an acceptance at once wait for each other instead of deadlocking.
   */
  async prepareWithdrawalOfFamilyInTx(em: EntityManager, familyId: string): Promise<void> {
    await this.events.emit(em, 'application.withdrawing', { familyId });
  }

  /** The household is erased: its active applications are withdrawn, and their open offers closed. */
  async withdrawAllOfFamilyInTx(em: EntityManager, familyId: string): Promise<ApplicationRef[]> {
    await this.prepareWithdrawalOfFamilyInTx(em, familyId);
    const withdrawn = await this.repo.transitionAllOfFamily(em, familyId, 'WITHDRAW');
    for (const a of withdrawn)
      await this.events.emit(em, 'application.withdrawn', {
        applicationId: a.id,
        actorId: null,
        reason: 'FAMILY_ERASED',
      });
    return withdrawn;
  }

  /** Retention: applications untouched for `months` months lapse (audited one by one). */
  async lapseUntouchedInTx(em: EntityManager, now: Date, months: number): Promise<ApplicationRef[]> {
    const lapsed = await this.repo.lapseUntouched(em, now, months);
    for (const a of lapsed)
      await this.audit.record(em, {
        actor: null,
        action: 'application.lapsed_retention',
        subjectType: 'application',
        subjectId: a.id,
      });
    return lapsed;
  }

  /** The application, locked, if the actor is one of its family's parents; anyone else: 404. */
  private async assertOwner(em: EntityManager, actor: AuthUser, id: string): Promise<ApplicationEntity> {
    const application = await this.repo.findById(em, id, true);
    if (!application || (await this.families.familyIdOf(em, actor.id)) !== application.familyId) throw notFound();
    return application;
  }

  private async assertCrechesAccept(em: EntityManager, dto: CreateApplicationDto, child: ChildEntity): Promise<void> {
    const creches = await this.creches.findByIds(
      em,
      dto.preferences.map((p) => p.crecheId),
    );
    const start = dayOf(dto.desiredStartDate);
    const problems = dto.preferences.flatMap((p, index) => {
      const creche = creches.find((c) => c.id === p.crecheId);
      if (!creche) return [{ field: `preferences[${index}]`, errors: [`no crèche ${p.crecheId}`] }];
      return preferenceProblems({
        index,
        creche,
        rules: this.capacity.compile(creche, start, start + 7),
        schedule: p.schedule ?? dto.schedule!,
        scheduleField: p.schedule ? `preferences[${index}].schedule` : 'schedule',
        birth: (child.birthDate ?? child.expectedBirthDate)!,
        disability: child.disability,
        start: dto.desiredStartDate,
      });
    });
    if (problems.length) throw invalidFields(problems);
  }

  private async insert(
    em: EntityManager,
    actor: AuthUser,
    familyId: string,
    dto: CreateApplicationDto,
    at: { readonly submittedAt: Date; readonly confirmedAt: Date },
  ): Promise<ApplicationEntity> {
    try {
      return await this.repo.insert(
        em,
        {
          familyId,
          childId: dto.childId,
          desiredStartDate: dto.desiredStartDate,
          // The default schedule: the application's, or its first choice's when each crèche has its own.
          schedule: plainSchedule(dto.schedule ?? dto.preferences[0].schedule!),
          leaveWeeksPerYear: dto.leaveWeeksPerYear ?? 0,
          publicHolidayCare: dto.publicHolidayCare ?? false,
          status: 'SUBMITTED',
          submittedAt: at.submittedAt,
          lastConfirmedAt: at.confirmedAt,
          createdBy: actor.id,
        },
        dto.preferences.map((p) => ({ crecheId: p.crecheId, schedule: plainSchedule(p.schedule ?? dto.schedule!) })),
      );
    } catch (err) {
      if (violatedConstraint(err) === 'uq_applications_child_active') {
        throw new DomainError('APPLICATION.ACTIVE_EXISTS', 'Une demande est déjà en cours pour cet enfant.');
      }
      throw err;
    }
  }
}

type Slot = { weekday: number; from: string; to: string };

function plainSchedule(schedule: readonly Slot[]): Slot[] {
  return schedule.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to }));
}

/**
 * Every crèche listed gets a schedule (its own, or the application's), and no schedule has a child in two slots at
 * once: 400 naming `schedule[i]` or `preferences[k].schedule[i]`.
 */
function assertSchedulesGiven(dto: CreateApplicationDto): void {
  if (!dto.schedule && dto.preferences.some((p) => !p.schedule))
    throw invalidFields([
      { field: 'schedule', errors: ['schedule should not be empty unless every preference gives its own schedule'] },
    ]);
  const overlapsIn = (schedule: readonly Slot[] | undefined, field: string) =>
    overlappingSlots(schedule ?? []).map((o) => ({
      field: `${field}[${o.index}]`,
      errors: [`overlaps ${field}[${o.overlaps}]`],
    }));
  const problems = [
    ...overlapsIn(dto.schedule, 'schedule'),
    ...dto.preferences.flatMap((p, i) => overlapsIn(p.schedule, `preferences[${i}].schedule`)),
  ];
  if (problems.length) throw invalidFields(problems);
}

function notFound(): DomainError {
  return new DomainError('APPLICATION.NOT_FOUND', 'Demande introuvable.');
}

function notActive(): DomainError {
  return new DomainError('APPLICATION.NOT_ACTIVE', "Cette demande n'est plus en cours.");
}

/**
 * A child whose expected birth has passed is born: its age at the start (ages accepted, docs/rules.md R1.3) is
 * counted from its birth date, which the household gives first (a 400 naming `childId`).
 */
function assertBirthKnown(child: ChildEntity, today: string): void {
  if (child.birthDate === null && child.expectedBirthDate !== null && child.expectedBirthDate < today)
    throw invalidFields([
      {
        field: 'childId',
        errors: [
          `the child's expected birth (${child.expectedBirthDate}) is past: give its birthDate in the household (PATCH /families/:id/children/:childId) before applying`,
        ],
      },
    ]);
}
