import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { ContractsService } from '../contracts/contracts.service';
import { CrecheAccess } from '../creches/creche-access';
import { FamilyAccess } from '../families/family-access';
import { NoticesService } from '../notices/notices.service';
import { OfferEntity, OfferStatus } from './entities/offer.entity';
import { NoticeType, OFFER_ACCEPTED_NOTICE, OFFER_DECLINED_NOTICE, OFFER_EXPIRED_NOTICE, OFFER_REMINDER_NOTICE } from '../notices/notice-types';
import { reminderLeadMs } from './offer-jobs';

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
  ) {}

  /** The family's parents, the crèche's managers, admins; anyone else: 404. */
  async get(user: AuthUser, id: string, em: EntityManager = this.dataSource.manager): Promise<OfferEntity> {
    const offer = await em.findOne(OfferEntity, { where: { id } });
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
    return this.dataSource.getRepository(OfferEntity).find({ where: { familyId }, order: { createdAt: 'DESC' } });
  }

  async listForCreche(user: AuthUser, crecheId: string, status?: OfferStatus): Promise<OfferEntity[]> {
    await this.creches.assertCanPlan(this.dataSource.manager, user, crecheId);
    return this.dataSource.getRepository(OfferEntity).find({ where: status ? { crecheId, status } : { crecheId }, order: { createdAt: 'DESC' } });
  }

  /**
   * The family takes the place: capacity re-checked under the crèche lock, the contract created with its fee, the
   * application closed, the confirmation queued — one transaction. Answered once, whatever the interleaving.
   */
  async accept(actor: AuthUser, id: string): Promise<OfferEntity> {
    return this.answer(actor, id, async (em, offer) => {
      const [application]: { leave_weeks_per_year: number }[] = await em.query(`SELECT leave_weeks_per_year FROM applications WHERE id = $1`, [offer.applicationId]);
      const contract = await this.contracts.admitInTx(em, actor, offer.crecheId, {
        childId: offer.childId,
        startDate: offer.startDate,
        endDate: offer.endDate,
        schedule: offer.schedule,
        leaveWeeksPerYear: application.leave_weeks_per_year,
      });
      await em.query(
        `UPDATE applications SET status = 'ACCEPTED', admitted_creche_id = $2, admitted_score = $3, closed_at = now(), updated_at = now() WHERE id = $1`,
        [offer.applicationId, offer.crecheId, offer.score],
      );
      return { status: 'ACCEPTED' as const, contractId: contract.id, notice: OFFER_ACCEPTED_NOTICE, action: 'offer.accepted' };
    });
  }

  /** A decline counts as a refusal for the policy; the application goes back to the waitlist. */
  async decline(actor: AuthUser, id: string, reason?: string): Promise<OfferEntity> {
    return this.answer(actor, id, async (em, offer) => {
      await em.query(`UPDATE applications SET status = 'SUBMITTED', refusals = refusals + 1, updated_at = now() WHERE id = $1 AND status = 'OFFERED'`, [offer.applicationId]);
      return { status: 'DECLINED' as const, declineReason: reason ?? null, notice: OFFER_DECLINED_NOTICE, action: 'offer.declined' };
    });
  }

  /** Run by the expiry job and the sweep: only an open offer past its deadline expires (and counts as a refusal). */
  async expire(offerId: string): Promise<boolean> {
    return this.systemStep(
      offerId,
      `UPDATE offers SET status = 'EXPIRED', answered_at = $2 WHERE id = $1 AND status = 'OPEN' AND deadline <= $2 RETURNING id, family_id, application_id`,
      OFFER_EXPIRED_NOTICE,
      'offer.expired',
      async (em, row) => {
        await em.query(`UPDATE applications SET status = 'SUBMITTED', refusals = refusals + 1, updated_at = now() WHERE id = $1 AND status = 'OFFERED'`, [row.application_id]);
      },
    );
  }

  /** Run by the reminder job and the sweep: once, 48 hours before the deadline, if still open. */
  async remind(offerId: string): Promise<boolean> {
    return this.systemStep(
      offerId,
      `UPDATE offers SET reminder_sent_at = $2 WHERE id = $1 AND status = 'OPEN' AND reminder_sent_at IS NULL
          AND deadline - make_interval(secs => $3::double precision / 1000) <= $2 AND deadline > $2
        RETURNING id, family_id, application_id`,
      OFFER_REMINDER_NOTICE,
      'offer.reminded',
      async () => undefined,
      [reminderLeadMs(this.config)],
    );
  }

  /** Offers whose reminder or expiry is due, for the sweep. */
  async due(): Promise<{ toExpire: string[]; toRemind: string[] }> {
    const now = this.clock.now();
    const expire: { id: string }[] = await this.dataSource.query(`SELECT id FROM offers WHERE status = 'OPEN' AND deadline <= $1`, [now]);
    const remind: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM offers WHERE status = 'OPEN' AND reminder_sent_at IS NULL AND deadline > $1 AND deadline - make_interval(secs => $2::double precision / 1000) <= $1`,
      [now, reminderLeadMs(this.config)],
    );
    return { toExpire: expire.map((r) => r.id), toRemind: remind.map((r) => r.id) };
  }

  private async answer(
    actor: AuthUser,
    id: string,
    apply: (em: EntityManager, offer: OfferEntity) => Promise<{ status: 'ACCEPTED' | 'DECLINED'; contractId?: string; declineReason?: string | null; notice: NoticeType; action: string }>,
  ): Promise<OfferEntity> {
    const noticeIds: (string | null)[] = [];
    const saved = await this.dataSource.transaction(async (em) => {
      const visible = await this.get(actor, id, em);
      if (actor.role !== 'PARENT') throw notFound();
      const offer = await em.findOneOrFail(OfferEntity, { where: { id: visible.id }, lock: { mode: 'pessimistic_write' } });
      if (offer.status !== 'OPEN') throw new DomainError('OFFER.ALREADY_ANSWERED', 'Cette offre a déjà reçu une réponse.');
      if (offer.deadline.getTime() <= this.clock.now().getTime()) throw new DomainError('OFFER.EXPIRED', "Le délai de réponse à cette offre est dépassé.");
      const outcome = await apply(em, offer);
      offer.status = outcome.status;
      offer.answeredAt = this.clock.now();
      offer.answeredBy = actor.id;
      offer.contractId = outcome.contractId ?? null;
      offer.declineReason = outcome.declineReason ?? null;
      const result = await em.save(offer);
      await this.audit.record(em, { actor, action: outcome.action, subjectType: 'offer', subjectId: id, details: { applicationId: offer.applicationId, contractId: outcome.contractId ?? null } });
      noticeIds.push(...(await this.noticeFamily(em, offer.familyId, offer.id, outcome.notice)));
      return result;
    });
    await this.notices.dispatch(noticeIds);
    return saved;
  }

  private async systemStep(
    offerId: string,
    sql: string,
    notice: NoticeType,
    action: string,
    then: (em: EntityManager, row: { id: string; family_id: string; application_id: string }) => Promise<void>,
    extra: unknown[] = [],
  ): Promise<boolean> {
    const noticeIds: (string | null)[] = [];
    const done = await this.dataSource.transaction(async (em) => {
      const [rows]: [{ id: string; family_id: string; application_id: string }[], number] = await em.query(sql, [offerId, this.clock.now(), ...extra]);
      const row = rows[0];
      if (!row) return false;
      await then(em, row);
      await this.audit.record(em, { actor: null, action, subjectType: 'offer', subjectId: offerId });
      noticeIds.push(...(await this.noticeFamily(em, row.family_id, offerId, notice)));
      return true;
    });
    await this.notices.dispatch(noticeIds);
    return done;
  }

  private noticeFamily(em: EntityManager, familyId: string, offerId: string, type: NoticeType): Promise<(string | null)[]> {
    return this.notices.createForFamily(em, familyId, { type, templateData: { offerId }, idempotencyKey: `${type.toLowerCase()}-${offerId}`, subject: { type: 'offer', id: offerId } });
  }
}

function notFound(): DomainError {
  return new DomainError('OFFER.NOT_FOUND', 'Offre introuvable.');
}
