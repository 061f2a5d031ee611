import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { CapacityService } from '../creches/capacity.service';
import { dayOf } from '../creches/domain/calendar';
import { overlappingSlots } from '../creches/domain/schedule';
import { CrecheEntity } from '../creches/entities/creche.entity';
import { FamilyAccess } from '../families/family-access';
import { ChildEntity } from '../families/entities/child.entity';
import { APPLICATION_RECEIVED_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { preferenceProblems } from './application-rules';
import type { CreateApplicationDto } from './dto/application.dto';
import { ApplicationEntity, ApplicationStatus } from './entities/application.entity';
import { ApplicationPreferenceEntity } from './entities/application-preference.entity';

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly families: FamilyAccess,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  /** A parent applies for a place for their child at up to five ranked crèches. */
  async create(actor: AuthUser, dto: CreateApplicationDto): Promise<ApplicationEntity> {
    const now = this.clock.now();
    if (dto.desiredStartDate < now.toISOString().slice(0, 10)) throw invalidFields([{ field: 'desiredStartDate', errors: ['desiredStartDate must not be in the past'] }]);
    const overlaps = overlappingSlots(dto.schedule);
    if (overlaps.length) throw invalidFields(overlaps.map((o) => ({ field: `schedule[${o.index}]`, errors: [`overlaps schedule[${o.overlaps}]`] })));
    const noticeIds: (string | null)[] = [];
    const application = await this.dataSource.transaction(async (em) => {
      const familyId = await this.families.familyIdOf(em, actor.id);
      if (!familyId) throw new DomainError('FAMILY.REQUIRED', "Déclarez d'abord votre foyer (POST /families).");
      const child = await em.findOne(ChildEntity, { where: { id: dto.childId, familyId } });
      if (!child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      await this.assertCrechesAccept(em, dto, child);
      const saved = await this.insert(em, actor, familyId, dto, now);
      await this.audit.record(em, { actor, action: 'application.submitted', subjectType: 'application', subjectId: saved.id, details: { preferences: dto.preferences } });
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

  async withdraw(actor: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.transition(actor, id, ['SUBMITTED', 'OFFERED'], 'WITHDRAWN', 'application.withdrawn');
  }

  /** The family is still interested: the keep-alive clock restarts. */
  async confirmInterest(actor: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.assertOwner(em, actor, id);
      const rows: [ApplicationEntity[], number] = await em.query(
        `UPDATE applications SET last_confirmed_at = $2, interest_requested_at = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('SUBMITTED', 'OFFERED') RETURNING id`,
        [id, this.clock.now()],
      );
      if (!rows[0]?.length) throw notActive();
      await this.audit.record(em, { actor, action: 'application.interest_confirmed', subjectType: 'application', subjectId: id });
      return em.findOneOrFail(ApplicationEntity, { where: { id } });
    });
  }

  /** The owning parents, or a manager of one of the listed crèches; anyone else: 404. */
  async getVisible(user: AuthUser, id: string, em: EntityManager = this.dataSource.manager): Promise<{ application: ApplicationEntity; preferences: ApplicationPreferenceEntity[] }> {
    const application = await em.findOne(ApplicationEntity, { where: { id } });
    if (!application) throw notFound();
    const preferences = await em.find(ApplicationPreferenceEntity, { where: { applicationId: id }, order: { rank: 'ASC' } });
    const allowed =
      user.role === 'ADMIN' ||
      (user.role === 'PARENT' && (await this.families.familyIdOf(em, user.id)) === application.familyId) ||
      (user.role === 'MANAGER' &&
        (await em.query(`SELECT 1 FROM creche_managers WHERE user_id = $1 AND creche_id = ANY($2)`, [user.id, preferences.map((p) => p.crecheId)])).length > 0);
    if (!allowed) throw notFound();
    return { application, preferences };
  }

  async listMine(user: AuthUser): Promise<ApplicationEntity[]> {
    const familyId = await this.families.familyIdOf(this.dataSource.manager, user.id);
    if (!familyId) return [];
    return this.dataSource.getRepository(ApplicationEntity).find({ where: { familyId }, order: { submittedAt: 'DESC' } });
  }

  private async transition(actor: AuthUser, id: string, from: ApplicationStatus[], to: ApplicationStatus, action: string): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.assertOwner(em, actor, id);
      const rows: [{ id: string }[], number] = await em.query(
        `UPDATE applications SET status = $2, closed_at = now(), updated_at = now() WHERE id = $1 AND status = ANY($3) RETURNING id`,
        [id, to, from],
      );
      if (!rows[0]?.length) throw notActive();
      // A withdrawn application's open offer is answered for the family (the place can be offered again).
      await em.query(`UPDATE offers SET status = 'DECLINED', answered_at = now(), answered_by = $2, decline_reason = 'APPLICATION_WITHDRAWN' WHERE application_id = $1 AND status = 'OPEN'`, [id, actor.id]);
      await this.audit.record(em, { actor, action, subjectType: 'application', subjectId: id, details: { to } });
      return em.findOneOrFail(ApplicationEntity, { where: { id } });
    });
  }

  private async assertOwner(em: EntityManager, actor: AuthUser, id: string): Promise<void> {
    const application = await em.findOne(ApplicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!application || (await this.families.familyIdOf(em, actor.id)) !== application.familyId) throw notFound();
  }

  private async assertCrechesAccept(em: EntityManager, dto: CreateApplicationDto, child: ChildEntity): Promise<void> {
    const creches = await em.find(CrecheEntity, { where: { id: In(dto.preferences) } });
    const start = dayOf(dto.desiredStartDate);
    const problems = dto.preferences.flatMap((crecheId, index) => {
      const creche = creches.find((c) => c.id === crecheId);
      if (!creche) return [{ field: `preferences[${index}]`, errors: [`no crèche ${crecheId}`] }];
      return preferenceProblems({
        index,
        creche,
        rules: this.capacity.compile(creche, start, start + 7),
        schedule: dto.schedule,
        birth: (child.birthDate ?? child.expectedBirthDate)!,
        disability: child.disability,
        start: dto.desiredStartDate,
      });
    });
    if (problems.length) throw invalidFields(problems);
  }

  private async insert(em: EntityManager, actor: AuthUser, familyId: string, dto: CreateApplicationDto, now: Date): Promise<ApplicationEntity> {
    let saved: ApplicationEntity;
    try {
      saved = await em.save(
        em.create(ApplicationEntity, {
          familyId,
          childId: dto.childId,
          desiredStartDate: dto.desiredStartDate,
          schedule: dto.schedule.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
          leaveWeeksPerYear: dto.leaveWeeksPerYear ?? 0,
          status: 'SUBMITTED',
          submittedAt: now,
          lastConfirmedAt: now,
          createdBy: actor.id,
        }),
      );
    } catch (err) {
      if (violatedConstraint(err) === 'uq_applications_child_active') {
        throw new DomainError('APPLICATION.ACTIVE_EXISTS', 'Une demande est déjà en cours pour cet enfant.');
      }
      throw err;
    }
    await em.insert(ApplicationPreferenceEntity, dto.preferences.map((crecheId, i) => ({ applicationId: saved.id, crecheId, rank: i + 1 })));
    return saved;
  }
}

function notFound(): DomainError {
  return new DomainError('APPLICATION.NOT_FOUND', 'Demande introuvable.');
}

function notActive(): DomainError {
  return new DomainError('APPLICATION.NOT_ACTIVE', "Cette demande n'est plus en cours.");
}
