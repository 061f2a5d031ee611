import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { TokenUserCache } from '../../common/auth/token-user.cache';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { FamilyAccess } from './family-access';

/** How long an application may stay untouched before it lapses and the household is anonymised (GDPR retention). */
export const RETENTION_MONTHS = 24;

/**
 * GDPR for households: a parent downloads everything Berceau holds about them; erasure removes names, contact data,
 * income and situation while keeping, pseudonymised, what the Caf audit needs (contracts and fee computations with
 * their input snapshots stay reproducible; they never held names).
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly tokenUsers: TokenUserCache,
  ) {}

  async export(user: AuthUser, familyId: string): Promise<Record<string, unknown>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertIsMember(em, user, familyId);
      const q = (sql: string) => em.query(sql, [familyId]);
      const data = {
        exportedAt: this.clock.now().toISOString(),
        family: (await q(`SELECT * FROM families WHERE id = $1`))[0],
        members: await q(`SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.created_at FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = $1`),
        children: await q(`SELECT * FROM children WHERE family_id = $1`),
        applications: await q(`SELECT a.*, (SELECT json_agg(p ORDER BY p.rank) FROM application_preferences p WHERE p.application_id = a.id) AS preferences FROM applications a WHERE a.family_id = $1`),
        offers: await q(`SELECT * FROM offers WHERE family_id = $1`),
        contracts: await q(`SELECT c.* FROM contracts c JOIN children ch ON ch.id = c.child_id WHERE ch.family_id = $1`),
        feeComputations: await q(`SELECT f.* FROM fee_computations f JOIN contracts c ON c.id = f.contract_id JOIN children ch ON ch.id = c.child_id WHERE ch.family_id = $1`),
        notices: await q(`SELECT n.id, n.type, n.status, n.sent_at, n.created_at FROM notices n JOIN family_members m ON m.user_id = n.recipient_user_id WHERE m.family_id = $1`),
        invitations: await q(`SELECT id, email, created_at, accepted_at FROM family_invitations WHERE family_id = $1`),
      };
      await this.audit.record(em, { actor: user, action: 'family.exported', subjectType: 'family', subjectId: familyId });
      return data;
    });
  }

  /** By the household's parent, or by an admin after a request. */
  async erase(actor: AuthUser, familyId: string): Promise<void> {
    const userIds = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      const erased = await this.eraseInTx(em, familyId);
      await this.audit.record(em, { actor, action: 'family.erased', subjectType: 'family', subjectId: familyId });
      return erased;
    });
    this.tokenUsers.evict(userIds);
  }

  /** Daily: applications untouched for 24 months lapse; households with nothing left running are anonymised. */
  async applyRetention(): Promise<{ lapsed: number; erased: number }> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (em) => {
      const [lapsed]: [{ id: string }[], number] = await em.query(
        `UPDATE applications SET status = 'LAPSED', closed_at = $1, updated_at = now()
          WHERE status = 'SUBMITTED' AND updated_at < $1::timestamptz - make_interval(months => ${RETENTION_MONTHS}) RETURNING id`,
        [now],
      );
      for (const a of lapsed) await this.audit.record(em, { actor: null, action: 'application.lapsed_retention', subjectType: 'application', subjectId: a.id });
      const stale: { id: string }[] = await em.query(
        `SELECT f.id FROM families f
          WHERE f.commune_insee_code IS NOT NULL
            AND EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id)
            AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id
                             AND (a.status IN ('SUBMITTED', 'OFFERED') OR a.updated_at >= $1::timestamptz - make_interval(months => ${RETENTION_MONTHS})))
            AND NOT EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id WHERE ch.family_id = f.id AND c.end_date >= $1::date)`,
        [now],
      );
      const userIds: string[] = [];
      for (const f of stale) {
        userIds.push(...(await this.eraseInTx(em, f.id)));
        await this.audit.record(em, { actor: null, action: 'family.erased_retention', subjectType: 'family', subjectId: f.id });
      }
      if (lapsed.length || stale.length) this.logger.log({ lapsed: lapsed.length, erased: stale.length }, 'retention applied');
      return { lapsed: lapsed.length, erased: stale.length, userIds };
    });
    this.tokenUsers.evict(outcome.userIds);
    return { lapsed: outcome.lapsed, erased: outcome.erased };
  }

  /** Anonymises the household; returns its parents' account ids (their tokens are revoked). */
  private async eraseInTx(em: EntityManager, familyId: string): Promise<string[]> {
    const [users]: [{ id: string }[], number] = await em.query(
      `UPDATE users u SET email = 'erased-' || u.id || '@erased.invalid', first_name = 'Effacé', last_name = 'Effacé',
              password_hash = 'erased', disabled_at = COALESCE(u.disabled_at, now()), token_version = u.token_version + 1, updated_at = now()
         FROM family_members m WHERE m.user_id = u.id AND m.family_id = $1 RETURNING u.id`,
      [familyId],
    );
    await em.query(
      `UPDATE families SET commune_insee_code = NULL, monthly_resources = NULL, caf_number = NULL, single_parent = false,
              atypical_work_hours = false, social_minima_or_insertion = false, other_household_disability = false, updated_at = now()
        WHERE id = $1`,
      [familyId],
    );
    // Children keep a birth month (ages of past contracts stay readable), nothing that names them.
    await em.query(
      `UPDATE children SET first_name = 'Effacé', birth_date = date_trunc('month', birth_date)::date,
              expected_birth_date = date_trunc('month', expected_birth_date)::date, updated_at = now() WHERE family_id = $1`,
      [familyId],
    );
    await em.query(`UPDATE applications SET status = 'WITHDRAWN', closed_at = COALESCE(closed_at, now()), updated_at = now() WHERE family_id = $1 AND status IN ('SUBMITTED', 'OFFERED')`, [familyId]);
    await em.query(`UPDATE offers SET status = 'DECLINED', answered_at = now(), decline_reason = 'FAMILY_ERASED' WHERE family_id = $1 AND status = 'OPEN'`, [familyId]);
    await em.query(`DELETE FROM family_invitations WHERE family_id = $1`, [familyId]);
    return users.map((u) => u.id);
  }
}
