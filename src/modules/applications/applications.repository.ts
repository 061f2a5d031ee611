import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { returningRows, selectRows } from '../../common/db/rows';
import { ACTIVE_APPLICATION_STATUSES, ApplicationEvent, applicationTransition } from './domain/application-status';
import { ApplicationEntity } from './entities/application.entity';
import { ApplicationPreferenceEntity } from './entities/application-preference.entity';

export interface ApplicationRef {
  readonly id: string;
  readonly familyId: string;
}

/** The SQL of `applications` and `application_preferences`, the tables the applications module owns. */
@Injectable()
export class ApplicationsRepository {
  findById(em: EntityManager, id: string, lock = false): Promise<ApplicationEntity | null> {
    return em.findOne(ApplicationEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  preferencesOf(em: EntityManager, applicationId: string): Promise<ApplicationPreferenceEntity[]> {
    return em.find(ApplicationPreferenceEntity, { where: { applicationId }, order: { rank: 'ASC' } });
  }

  /** The preferences of several applications, by application, each list in rank order. */
  async preferencesOfMany(
    em: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, ApplicationPreferenceEntity[]>> {
    const rows = applicationIds.length
      ? await em.find(ApplicationPreferenceEntity, {
          where: { applicationId: In([...applicationIds]) },
          order: { applicationId: 'ASC', rank: 'ASC' },
        })
      : [];
    const out = new Map<string, ApplicationPreferenceEntity[]>(applicationIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.applicationId)!.push(r);
    return out;
  }

  /** The schedule asked of one crèche by one application (null when the application does not list it). */
  async scheduleAt(
    em: EntityManager,
    applicationId: string,
    crecheId: string,
  ): Promise<ApplicationPreferenceEntity['schedule'] | null> {
    const row = await em.findOne(ApplicationPreferenceEntity, { where: { applicationId, crecheId } });
    return row?.schedule ?? null;
  }

  listOfFamily(em: EntityManager, familyId: string): Promise<ApplicationEntity[]> {
    return em.find(ApplicationEntity, { where: { familyId }, order: { submittedAt: 'DESC' } });
  }

  async insert(
    em: EntityManager,
    application: Partial<ApplicationEntity>,
    preferences: readonly { crecheId: string; schedule: ApplicationPreferenceEntity['schedule'] }[],
  ): Promise<ApplicationEntity> {
    const saved = await em.save(em.create(ApplicationEntity, application));
    await em.insert(
      ApplicationPreferenceEntity,
      preferences.map((p, i) => ({ applicationId: saved.id, crecheId: p.crecheId, rank: i + 1, schedule: p.schedule })),
    );
    saved.refusals = await this.carryRefusals(em, saved.id);
    return saved;
  }

  /**
   * Refusals follow the child (docs/rules.md R5.4): a new application starts from the refusals of the child's earlier
   * ones, so withdrawing and applying again never wipes the penalty. Each application carries the count of the one
   * before it, so the greatest is the child's total (a sum would count a refusal once per later application). Run
   * after the insert: `uq_applications_child_active` has then waited for a concurrent withdrawal to commit, and this
   * statement sees the refusal that withdrawal counted.
   */
  private async carryRefusals(em: EntityManager, id: string): Promise<number> {
    const [row] = await returningRows<{ refusals: number }>(
      em,
      `UPDATE applications a
          SET refusals = a.refusals + COALESCE(
                (SELECT MAX(e.refusals) FROM applications e WHERE e.child_id = a.child_id AND e.id <> a.id), 0)
        WHERE a.id = $1 RETURNING a.refusals`,
      [id],
    );
    return row.refusals;
  }

  /**
   * Moves one application through its lifecycle: a conditional update from the statuses the event may leave, so
   * that it happens once whatever the interleaving. Returns the row after the change, or null if refused.
   */
  async transition(
    em: EntityManager,
    id: string,
    event: ApplicationEvent,
    set: { closed?: boolean; refusal?: boolean; admitted?: { crecheId: string; score: number } } = {},
  ): Promise<ApplicationEntity | null> {
    const { from, to } = applicationTransition(event);
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE applications
          SET status = $2, updated_at = now(),
              closed_at = CASE WHEN $4 THEN COALESCE(closed_at, now()) ELSE closed_at END,
              refusals = refusals + CASE WHEN $5 THEN 1 ELSE 0 END,
              admitted_creche_id = COALESCE($6, admitted_creche_id),
              admitted_score = COALESCE($7, admitted_score)
        WHERE id = $1 AND status = ANY($3) RETURNING id`,
      [
        id,
        to,
        from,
        set.closed ?? false,
        set.refusal ?? false,
        set.admitted?.crecheId ?? null,
        set.admitted?.score ?? null,
      ],
    );
    return rows[0] ? em.findOneOrFail(ApplicationEntity, { where: { id } }) : null;
  }

  /** The same lifecycle event for every application of a household that allows it (erasure). */
  async transitionAllOfFamily(em: EntityManager, familyId: string, event: ApplicationEvent): Promise<ApplicationRef[]> {
    const { from, to } = applicationTransition(event);
    return returningRows<ApplicationRef>(
      em,
      `UPDATE applications SET status = $2, closed_at = COALESCE(closed_at, now()), updated_at = now()
        WHERE family_id = $1 AND status = ANY($3) RETURNING id, family_id`,
      [familyId, to, from],
    );
  }

  /** The family is still interested: the keep-alive clock restarts (active applications only). */
  async confirmInterest(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE applications SET last_confirmed_at = $2, interest_requested_at = NULL, updated_at = now()
        WHERE id = $1 AND status = ANY($3) RETURNING id`,
      [id, now, ACTIVE_APPLICATION_STATUSES],
    );
    return rows.length > 0;
  }

  /** Keep-alive, step 1: waiting applications not confirmed for the territory's period are asked to confirm. */
  requestInterest(em: EntityManager, now: Date): Promise<ApplicationRef[]> {
    return returningRows<ApplicationRef>(
      em,
      `UPDATE applications a SET interest_requested_at = $1, updated_at = now()
        WHERE a.status = 'SUBMITTED' AND a.interest_requested_at IS NULL
          AND a.last_confirmed_at <= $1::timestamptz - make_interval(months => (
                SELECT COALESCE(MIN(t.keep_alive_months), 6) FROM application_preferences p
                  JOIN creches c ON c.id = p.creche_id JOIN territories t ON t.id = c.territory_id WHERE p.application_id = a.id))
        RETURNING a.id, a.family_id`,
      [now],
    );
  }

  /** Keep-alive, step 2: a request left unanswered `answerDays` days lapses the application. */
  lapseUnanswered(em: EntityManager, now: Date, answerDays: number): Promise<ApplicationRef[]> {
    const { from, to } = applicationTransition('LAPSE');
    return returningRows<ApplicationRef>(
      em,
      `UPDATE applications a SET status = $2, closed_at = $1, updated_at = now()
        WHERE a.status = ANY($3) AND a.interest_requested_at IS NOT NULL
          AND a.interest_requested_at <= $1::timestamptz - make_interval(days => $4::int)
        RETURNING a.id, a.family_id`,
      [now, to, from, answerDays],
    );
  }

  /** Retention: applications untouched for `months` months lapse. */
  lapseUntouched(em: EntityManager, now: Date, months: number): Promise<ApplicationRef[]> {
    const { from, to } = applicationTransition('LAPSE');
    return returningRows<ApplicationRef>(
      em,
      `UPDATE applications SET status = $2, closed_at = $1, updated_at = now()
        WHERE status = ANY($3) AND updated_at < $1::timestamptz - make_interval(months => $4::int) RETURNING id, family_id`,
      [now, to, from, months],
    );
  }

  /** The score of the last family admitted at a crèche (some communes publish it). */
  async lastAdmittedScore(em: EntityManager, crecheId: string): Promise<number | null> {
    const [last] = await selectRows<{ admittedScore: number }>(
      em,
      `SELECT admitted_score FROM applications WHERE admitted_creche_id = $1 AND admitted_score IS NOT NULL ORDER BY closed_at DESC LIMIT 1`,
      [crecheId],
    );
    return last?.admittedScore ?? null;
  }
}
