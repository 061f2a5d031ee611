import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth/auth.decorators';
import type { DatedPeriod } from '../fees/domain/mensualisation';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { ContractsService } from '../contracts/contracts.service';
import { CrecheAccess } from '../creches/creche-access';
import { FamilyAccess } from '../families/family-access';
import { NoticesService } from '../notices/notices.service';
import { DomainEvents } from '../../common/events/domain-events';
import { ApplicationsService } from '../applications/applications.service';
import { OfferEntity, OfferStatus } from './entities/offer.entity';
import { OfferRef, OffersRepository } from './offers.repository';
import {
  NoticeType,
  OFFER_ACCEPTED_NOTICE,
  OFFER_ANSWERED_NOTICE,
  OFFER_DECLINED_NOTICE,
  OFFER_EXPIRED_NOTICE,
  OFFER_REMINDER_NOTICE,
  OFFER_WITHDRAWN_NOTICE,
} from '../notices/notice-types';
import type { OfferWithdrawalReason } from './domain/offer-status';
import { reminderLeadMs } from './offer-jobs';
import { FamilyNamesReadModel, ApplicationPeople } from '../../read-models/family-names.read-model';

@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly families: FamilyAccess,
    private readonly creches: CrecheAccess,
    private readonly contracts: ContractsService,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly repo: OffersRepository,
    private readonly applications: ApplicationsService,
    private readonly people: FamilyNamesReadModel,
    events: DomainEvents,
  ) {
    // Its open offer is locked before the application, as answering, expiring or withdrawing the offer lock them.
    events.on('application.withdrawing', async (em, which) => {
      await this.repo.lockOpenOf(em, which);
    });
    // A withdrawn application (or an erased household) closes its open offer: the place can be offered again.
    events.on('application.withdrawn', async (em, { applicationId, actorId, reason }) => {
      await this.repo.declineOpenOfApplication(em, applicationId, actorId, reason);
    });
    events.on('family.erased', async (em, { familyId }) => {
      await this.repo.clearPersonalOfFamily(em, familyId);
    });
  }

  /** The family's parents, the crèche's managers, admins; anyone else: 404. */
  async get(user: AuthUser, id: string, em: EntityManager = this.dataSource.manager): Promise<OfferEntity> {
    const offer = await this.repo.findById(em, id);
    if (!offer) throw notFound();
    if (user.role === 'PARENT' && (await this.families.familyIdOf(em, user.id)) === offer.familyId) return offer;
    if (user.role === 'MANAGER' || user.role === 'ADMIN') {
      await this.creches.assertCanPlan(em, user, offer.crecheId, notFound);
      return offer;
    }
    throw notFound();
  }

  async listForFamilyOf(user: AuthUser): Promise<OfferEntity[]> {
    const familyId = await this.families.familyIdOf(this.dataSource.manager, user.id);
    if (!familyId) return [];
    return this.repo.listOfFamily(this.dataSource.manager, familyId);
  }

  async listForCreche(user: AuthUser, crecheId: string, status?: OfferStatus): Promise<OfferEntity[]> {
    await this.creches.assertCanPlan(this.dataSource.manager, user, crecheId);
    return this.repo.listOfCreche(this.dataSource.manager, crecheId, status);
  }

  /** The crèche's offers with who each is for (the child's first name, the parents' names), for its managers. */
  async listForCrecheWithPeople(
    user: AuthUser,
    crecheId: string,
    status?: OfferStatus,
  ): Promise<{ offer: OfferEntity; people: ApplicationPeople | null }[]> {
    const offers = await this.listForCreche(user, crecheId, status);
    const people = await this.people.ofApplications(
      this.dataSource.manager,
      offers.map((o) => o.applicationId),
    );
    const byApplication = new Map(people.map((p) => [p.applicationId, p]));
    return offers.map((offer) => ({ offer, people: byApplication.get(offer.applicationId) ?? null }));
  }

  /**
   * The family takes the place: capacity re-checked under the crèche lock, the contract created with its fee, the
   * application closed, the confirmation queued — one transaction. Answered once, whatever the interleaving.
   */
  async accept(actor: AuthUser, id: string, leave: readonly DatedPeriod[] = []): Promise<OfferEntity> {
    try {
      return await this.acceptInTx(actor, id, leave);
    } catch (err) {
      // A place whose start has passed, in a month the crèche has already invoiced to the household (a sibling's
      // invoice): the contract would never bill it. The family is told in its own words; the offer stays open.
      if (err instanceof DomainError && err.code === 'CONTRACT.MONTH_INVOICED')
        throw new DomainError(
          'CONTRACT.MONTH_INVOICED',
          'Cette place commence dans un mois que la crèche a déjà facturé à votre foyer : elle ne peut pas être acceptée telle quelle. Contactez la crèche avant la date limite de réponse : elle peut retirer cette offre, sans que cela compte comme un refus, et vous en faire une autre.',
          err.details,
        );
      // The offer held its place, so this happens only if the crèche cut its capacity under it: the crèche withdraws
      // the offer, the family is told why, and no refusal is counted (issue #13).
      if (!(err instanceof DomainError) || err.code !== 'CAPACITY.FULL') throw err;
      await this.withdrawInTx(id, null, 'CAPACITY_REDUCED');
      throw new DomainError(
        'OFFER.WITHDRAWN',
        "La crèche ne peut plus accueillir votre enfant sur cette place : l'offre est retirée, sans être comptée comme un refus.",
      );
    }
  }

  /** A manager withdraws an open offer the crèche can no longer honour (a reason from the list; no refusal counted). */
  async withdraw(actor: AuthUser, id: string, reason: OfferWithdrawalReason): Promise<OfferEntity> {
    const offer = await this.get(actor, id);
    if (actor.role !== 'MANAGER' && actor.role !== 'ADMIN') throw notFound();
    if (!(await this.withdrawInTx(offer.id, actor, reason)))
      throw new DomainError('OFFER.ALREADY_ANSWERED', 'Cette offre a déjà reçu une réponse.');
    return (await this.repo.findById(this.dataSource.manager, id))!;
  }

  private async withdrawInTx(offerId: string, actor: AuthUser | null, reason: OfferWithdrawalReason): Promise<boolean> {
    return this.systemStep(
      offerId,
      (em) => this.repo.withdraw(em, offerId, actor?.id ?? null, reason),
      OFFER_WITHDRAWN_NOTICE,
      'offer.withdrawn',
      async (em, row) => {
        await this.applications.returnToWaitlistInTx(em, row.applicationId, 'OFFER_WITHDRAWN');
      },
      actor,
      { reason },
    );
  }

  private acceptInTx(actor: AuthUser, id: string, leave: readonly DatedPeriod[]): Promise<OfferEntity> {
    return this.answer(actor, id, async (em, offer) => {
      // The round placed the child on its verified facts; a disability withdrawn (or unverified) since no longer
      // lifts the age limit (R1.3), so a contract is never made for a child the crèche cannot take.
      const ageInput = { applicationId: offer.applicationId, crecheId: offer.crecheId, start: offer.startDate };
      await this.refuseOverAge(em, ageInput);
      const contract = await this.contracts.admitInTx(em, actor, offer.crecheId, {
        childId: offer.childId,
        startDate: offer.startDate,
        endDate: offer.endDate,
        schedule: offer.schedule,
        leavePeriods: leave,
        // The offer's own place: it is not counted against its acceptance.
        heldBy: offer.id,
      });
      // Again under the crèche's lock the admission holds: an age limit lowered while this acceptance ran is seen.
      await this.refuseOverAge(em, ageInput);
      await this.applications.markAcceptedInTx(em, offer.applicationId, {
        crecheId: offer.crecheId,
        score: offer.score,
      });
      return {
        status: 'ACCEPTED' as const,
        contractId: contract.id,
        notice: OFFER_ACCEPTED_NOTICE,
        action: 'offer.accepted',
      };
    });
  }

  /** The child of age for the crèche on its start, its limit lifted only by a verified disability (R1.3); else 409. */
  private async refuseOverAge(
    em: EntityManager,
    input: { applicationId: string; crecheId: string; start: string },
  ): Promise<void> {
    const age = await this.applications.ageFitInTx(em, input);
    if (age !== 'OK')
      throw new DomainError(
        'OFFER.CHILD_AGE',
        "Votre enfant n'a pas l'âge d'accueil de cette crèche à la date d'entrée : au-delà de l'âge maximal, seul un handicap déclaré et vérifié par la crèche permet l'accueil. Cette place ne peut pas être acceptée telle quelle ; contactez la crèche avant la date limite de réponse.",
        { reason: age },
      );
  }

  /** A decline counts as a refusal for the policy; the application goes back to the waitlist. */
  async decline(actor: AuthUser, id: string, reason?: string): Promise<OfferEntity> {
    return this.answer(actor, id, async (em, offer) => {
      await this.applications.returnToWaitlistInTx(em, offer.applicationId, 'DECLINE_OFFER');
      return {
        status: 'DECLINED' as const,
        declineReason: reason ?? null,
        notice: OFFER_DECLINED_NOTICE,
        action: 'offer.declined',
      };
    });
  }

  /** Run by the expiry job and the sweep: only an open offer past its deadline expires (and counts as a refusal). */
  async expire(offerId: string): Promise<boolean> {
    return this.systemStep(
      offerId,
      (em, now) => this.repo.expire(em, offerId, now),
      OFFER_EXPIRED_NOTICE,
      'offer.expired',
      async (em, row) => {
        await this.applications.returnToWaitlistInTx(em, row.applicationId, 'EXPIRE_OFFER');
      },
    );
  }

  /** Run by the reminder job and the sweep: once, 48 hours before the deadline, if still open. */
  async remind(offerId: string): Promise<boolean> {
    return this.systemStep(
      offerId,
      (em, now) => this.repo.markReminded(em, offerId, now, reminderLeadMs(this.config)),
      OFFER_REMINDER_NOTICE,
      'offer.reminded',
      async () => undefined,
    );
  }

  /** Offers whose reminder or expiry is due, for the sweep. */
  async due(): Promise<{ toExpire: string[]; toRemind: string[] }> {
    const now = this.clock.now();
    const em = this.dataSource.manager;
    return {
      toExpire: await this.repo.dueForExpiry(em, now),
      toRemind: await this.repo.dueForReminder(em, now, reminderLeadMs(this.config)),
    };
  }

  /** The sweep: reminders and expiries that a delayed job missed (Redis outage, crash). */
  async sweepDue(): Promise<void> {
    const { toExpire, toRemind } = await this.due();
    for (const id of toRemind) await this.remind(id);
    for (const id of toExpire) await this.expire(id);
  }

  private async answer(
    actor: AuthUser,
    id: string,
    apply: (
      em: EntityManager,
      offer: OfferEntity,
    ) => Promise<{
      status: 'ACCEPTED' | 'DECLINED';
      contractId?: string;
      declineReason?: string | null;
      notice: NoticeType;
      action: string;
    }>,
  ): Promise<OfferEntity> {
    const noticeIds: (string | null)[] = [];
    const saved = await this.dataSource.transaction(async (em) => {
      const visible = await this.get(actor, id, em);
      if (actor.role !== 'PARENT') throw notFound();
      const offer = (await this.repo.findById(em, visible.id, true))!;
      if (offer.status !== 'OPEN')
        throw new DomainError('OFFER.ALREADY_ANSWERED', 'Cette offre a déjà reçu une réponse.');
      if (offer.deadline.getTime() <= this.clock.now().getTime())
        throw new DomainError('OFFER.EXPIRED', 'Le délai de réponse à cette offre est dépassé.');
      const outcome = await apply(em, offer);
      offer.status = outcome.status;
      offer.answeredAt = this.clock.now();
      offer.answeredBy = actor.id;
      offer.contractId = outcome.contractId ?? null;
      offer.declineReason = outcome.declineReason ?? null;
      const result = await this.repo.save(em, offer);
      await this.audit.record(em, {
        actor,
        action: outcome.action,
        subjectType: 'offer',
        subjectId: id,
        details: { applicationId: offer.applicationId, contractId: outcome.contractId ?? null },
      });
      noticeIds.push(...(await this.noticeFamily(em, offer.familyId, offer.id, outcome.notice)));
      noticeIds.push(...(await this.noticeManagers(em, offer, outcome.status)));
      return result;
    });
    await this.notices.dispatch(noticeIds);
    return saved;
  }

  private async systemStep(
    offerId: string,
    change: (em: EntityManager, now: Date) => Promise<OfferRef[]>,
    notice: NoticeType,
    action: string,
    then: (em: EntityManager, row: OfferRef) => Promise<void>,
    actor: AuthUser | null = null,
    details?: Record<string, unknown>,
  ): Promise<boolean> {
    const noticeIds: (string | null)[] = [];
    const done = await this.dataSource.transaction(async (em) => {
      const [row] = await change(em, this.clock.now());
      if (!row) return false;
      await then(em, row);
      await this.audit.record(em, { actor, action, subjectType: 'offer', subjectId: offerId, details });
      noticeIds.push(...(await this.noticeFamily(em, row.familyId, offerId, notice)));
      return true;
    });
    await this.notices.dispatch(noticeIds);
    return done;
  }

  /** Each of the crèche's managers learns the family's answer, in the answer's transaction (the outbox). */
  private async noticeManagers(
    em: EntityManager,
    offer: OfferEntity,
    answer: 'ACCEPTED' | 'DECLINED',
  ): Promise<(string | null)[]> {
    const ids: (string | null)[] = [];
    for (const managerId of await this.creches.managersOf(em, offer.crecheId))
      ids.push(
        await this.notices.createInTx(em, {
          recipientUserId: managerId,
          type: OFFER_ANSWERED_NOTICE,
          templateData: { offerId: offer.id, answer },
          idempotencyKey: `offer-answered-${offer.id}-${managerId}`,
          subject: { type: 'offer', id: offer.id },
        }),
      );
    return ids;
  }

  private noticeFamily(
    em: EntityManager,
    familyId: string,
    offerId: string,
    type: NoticeType,
  ): Promise<(string | null)[]> {
    return this.notices.createForFamily(em, familyId, {
      type,
      templateData: { offerId },
      idempotencyKey: `${type.toLowerCase()}-${offerId}`,
      subject: { type: 'offer', id: offerId },
    });
  }
}

function notFound(): DomainError {
  return new DomainError('OFFER.NOT_FOUND', 'Offre introuvable.');
}
