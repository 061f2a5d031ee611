import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { VerifiedClaim, VerifiedClaims } from './domain/claims';
import { ChildEntity } from './entities/child.entity';
import { FamilyEntity } from './entities/family.entity';
import { FamilyInvitationEntity } from './entities/family-invitation.entity';
import { FamilyMemberEntity } from './entities/family-member.entity';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { PreparedStatement, queryPrepared } from '../../common/db/prepared-query';
import type { PreviousSituationRow } from './fee-declarations.repository';

/** What a child's household is billed on, as read by `situationOfChild`. */
export interface ChildSituationRow {
  readonly communeInseeCode: string | null;
  readonly monthlyResources: string | null;
  readonly resourcesRefused: boolean;
  readonly resourcesChecked: boolean;
  readonly childrenChecked: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
  /** What the earliest validated declaration applying after the day replaced ("never earlier"), if any. */
  readonly previousSituation: PreviousSituationRow | null;
}

/**
 * Each child's household (`$1`, in order, `n` its place), kept from changing until the transaction ends (FOR SHARE:
 * a declaration's validation waits for the contract or booking being written, or the other way round), with what a
 * declaration validated but applying after that child's day (`$2`) replaced. One statement, prepared, for one child
 * or for the bookings decided together: every booking and contract reads it (issue #18). No row: no such child.
 */
const SITUATIONS_OF_CHILDREN: PreparedStatement = {
  name: 'family_situations_of_children',
  text: `SELECT w.n::int AS n, f.commune_insee_code, f.monthly_resources::text AS monthly_resources,
      f.resources_refused, f.resources_checked_at IS NOT NULL AS resources_checked,
      f.children_checked_at IS NOT NULL AS children_checked, f.dependent_children,
      f.aeeh_children,
      (SELECT d.previous_situation FROM fee_declarations d
        WHERE d.family_id = f.id AND d.status = 'VALIDATED' AND d.applies_from > w.as_of
          AND d.previous_situation IS NOT NULL
        ORDER BY d.applies_from, d.reviewed_at LIMIT 1) AS previous_situation
    FROM unnest($1::uuid[], $2::date[]) WITH ORDINALITY AS w(child_id, as_of, n)
    JOIN children c ON c.id = w.child_id
    JOIN families f ON f.id = c.family_id
    ORDER BY w.n
    FOR SHARE OF f`,
};

/**
 * Children locked for admissions decided together, those not locked elsewhere (in id order, skipping the others:
 * such a batch never waits on a child, so never holds one while waiting for another). FOR NO KEY UPDATE: it excludes
 * the other admissions (FOR UPDATE, or this), not the key-share of a foreign key (an invoice line, an absence).
 * Answers the ids locked; a child missing or busy elsewhere is not among them.
 */
const LOCK_FREE_CHILDREN: PreparedStatement = {
  name: 'family_lock_free_children',
  text: `SELECT id FROM children WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`,
};

/** The SQL of `families`, `family_members`, `children` and `family_invitations` beyond finds by id. */
@Injectable()
export class FamiliesRepository {
  insertFamily(em: EntityManager, fields: Partial<FamilyEntity>): Promise<FamilyEntity> {
    return em.save(em.create(FamilyEntity, fields));
  }

  saveFamily(em: EntityManager, family: FamilyEntity): Promise<FamilyEntity> {
    return em.save(family);
  }

  /** Locks those of these children that are free (see LOCK_FREE_CHILDREN); the ids locked. */
  async lockFreeChildren(em: EntityManager, childIds: readonly string[]): Promise<Set<string>> {
    const rows = await queryPrepared<{ id: string }>(em, LOCK_FREE_CHILDREN, [childIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** The household of a child and its situation on `asOf` (null: no such child). See SITUATIONS_OF_CHILDREN. */
  async situationOfChild(em: EntityManager, childId: string, asOf: string | null): Promise<ChildSituationRow | null> {
    const [row] = await this.situationsOfChildren(em, [{ childId, asOf }]);
    return row;
  }

  /** The same for several children at once, in order (null: no such child). */
  async situationsOfChildren(
    em: EntityManager,
    wanted: readonly { childId: string; asOf: string | null }[],
  ): Promise<(ChildSituationRow | null)[]> {
    const rows = await queryPrepared<{
      n: number;
      commune_insee_code: string | null;
      monthly_resources: string | null;
      resources_refused: boolean;
      resources_checked: boolean;
      children_checked: boolean;
      dependent_children: number;
      aeeh_children: number;
      previous_situation: PreviousSituationRow | null;
    }>(em, SITUATIONS_OF_CHILDREN, [wanted.map((w) => w.childId), wanted.map((w) => w.asOf)]);
    const answers: (ChildSituationRow | null)[] = wanted.map(() => null);
    for (const row of rows)
      answers[row.n - 1] = {
        communeInseeCode: row.commune_insee_code,
        monthlyResources: row.monthly_resources,
        resourcesRefused: row.resources_refused,
        resourcesChecked: row.resources_checked,
        childrenChecked: row.children_checked,
        dependentChildren: row.dependent_children,
        aeehChildren: row.aeeh_children,
        previousSituation: row.previous_situation,
      };
    return answers;
  }

  /** `lock`: true takes the row for update; 'share' keeps it from changing until the caller's transaction ends. */
  findFamily(em: EntityManager, id: string, lock: boolean | 'share' = false): Promise<FamilyEntity | null> {
    const mode = lock === 'share' ? ('pessimistic_read' as const) : lock ? ('pessimistic_write' as const) : null;
    return em.findOne(FamilyEntity, { where: { id }, ...(mode ? { lock: { mode } } : {}) });
  }

  /** Fails on `uq_family_members_user` when the account already belongs to a household. */
  async addMember(em: EntityManager, familyId: string, userId: string): Promise<void> {
    await em.insert(FamilyMemberEntity, { familyId, userId });
  }

  /** Records that a manager saw the proof of a household's claim (the value proved, by whom, when). */
  async setFamilyClaim(em: EntityManager, familyId: string, claim: string, record: VerifiedClaim): Promise<void> {
    await execute(
      em,
      `UPDATE families SET verified_claims = verified_claims || jsonb_build_object($2::text, $3::jsonb), updated_at = now() WHERE id = $1`,
      [familyId, claim, JSON.stringify(record)],
    );
  }

  /**
   * A household's verified claim no longer holds (the facts it proved changed): it goes, and its points with it.
   * Returns whether there was one. The update moves the household's waitlists (migration CacheWaitlistRankings).
   */
  async dropFamilyClaim(em: EntityManager, familyId: string, claim: string): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE families SET verified_claims = verified_claims - $2::text, updated_at = now()
        WHERE id = $1 AND verified_claims -> $2::text IS NOT NULL RETURNING id`,
      [familyId, claim],
    );
    return rows.length > 0;
  }

  /** The same for a claim about a child (disability, multiple birth). */
  async setChildClaim(em: EntityManager, childId: string, claim: string, record: VerifiedClaim): Promise<void> {
    await execute(
      em,
      `UPDATE children SET verified_claims = verified_claims || jsonb_build_object($2::text, $3::jsonb), updated_at = now() WHERE id = $1`,
      [childId, claim, JSON.stringify(record)],
    );
  }

  /** One parent leaves the household (their own erasure); the household and its other parents stay. */
  async removeMember(em: EntityManager, familyId: string, userId: string): Promise<void> {
    await em.delete(FamilyMemberEntity, { familyId, userId });
  }

  async memberIds(em: EntityManager, familyId: string): Promise<string[]> {
    return (await em.find(FamilyMemberEntity, { where: { familyId } })).map((m) => m.userId);
  }

  insertChild(em: EntityManager, fields: Partial<ChildEntity>): Promise<ChildEntity> {
    return em.save(em.create(ChildEntity, fields));
  }

  saveChild(em: EntityManager, child: ChildEntity): Promise<ChildEntity> {
    return em.save(child);
  }

  findChild(em: EntityManager, childId: string, familyId?: string, lock = false): Promise<ChildEntity | null> {
    return em.findOne(ChildEntity, {
      where: familyId ? { id: childId, familyId } : { id: childId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /**
   * A child's declared disability and what managers verified of its claims (null when not of this household).
   * `share`: the child's row is kept from changing until the caller's transaction ends.
   */
  async childDisability(
    em: EntityManager,
    childId: string,
    familyId: string,
    share = false,
  ): Promise<{ disability: boolean; verifiedClaims: VerifiedClaims } | null> {
    const [row] = await selectRows<{ disability: boolean; verifiedClaims: VerifiedClaims }>(
      em,
      `SELECT disability, verified_claims FROM children WHERE id = $1 AND family_id = $2${share ? ' FOR SHARE' : ''}`,
      [childId, familyId],
    );
    return row ?? null;
  }

  /** How many of the household's children are flagged with AEEH (but `exceptChildId`). */
  async countAeehChildren(em: EntityManager, familyId: string, exceptChildId?: string): Promise<number> {
    const [row] = await selectRows<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM children WHERE family_id = $1 AND aeeh AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [familyId, exceptChildId ?? null],
    );
    return row.n;
  }

  childrenOf(em: EntityManager, familyId: string): Promise<ChildEntity[]> {
    return em.find(ChildEntity, { where: { familyId }, order: { createdAt: 'ASC' } });
  }

  /** Fails on `uq_family_invitations_pending` when the same address is already invited and has not answered. */
  /**
   * A pending invitation of the address to the household; null when one is pending already (written meanwhile by
   * another request included: the insert waits for it). No error, so the caller's transaction goes on.
   */
  async insertPendingInvitation(
    em: EntityManager,
    fields: { familyId: string; email: string; invitedBy: string },
  ): Promise<FamilyInvitationEntity | null> {
    const [row] = await returningRows<{ id: string }>(
      em,
      `INSERT INTO family_invitations (family_id, email, invited_by) VALUES ($1, $2, $3)
       ON CONFLICT (family_id, email) WHERE accepted_at IS NULL DO NOTHING
       RETURNING id`,
      [fields.familyId, fields.email, fields.invitedBy],
    );
    return row ? em.findOneByOrFail(FamilyInvitationEntity, { id: row.id }) : null;
  }

  pendingInvitation(
    em: EntityManager,
    where: { id?: string; familyId?: string; email: string },
    lock = false,
  ): Promise<FamilyInvitationEntity | null> {
    return em.findOne(FamilyInvitationEntity, {
      where: { ...where, acceptedAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  pendingInvitationsFor(em: EntityManager, email: string): Promise<FamilyInvitationEntity[]> {
    return em.find(FamilyInvitationEntity, { where: { email, acceptedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  pendingInvitationsOfFamily(em: EntityManager, familyId: string): Promise<FamilyInvitationEntity[]> {
    return em.find(FamilyInvitationEntity, {
      where: { familyId, acceptedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
  }

  /** Deletes a child row; fails on a foreign key (23503) while anything still references it. */
  async deleteChild(em: EntityManager, childId: string): Promise<void> {
    await execute(em, `DELETE FROM children WHERE id = $1`, [childId]);
  }

  async markInvitationAccepted(em: EntityManager, id: string, by: string): Promise<void> {
    await em.update(FamilyInvitationEntity, { id }, { acceptedAt: new Date(), acceptedBy: by });
  }

  async exists(em: EntityManager, familyId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM families WHERE id = $1`, [familyId])).length > 0;
  }

  async isMember(em: EntityManager, familyId: string, userId: string): Promise<boolean> {
    return (
      (await selectRows(em, `SELECT 1 FROM family_members WHERE family_id = $1 AND user_id = $2`, [familyId, userId]))
        .length > 0
    );
  }

  /**
   * Whether a manager sees a household: through a live application (submitted or offered) or a contract at one of
   * their crèches; a withdrawn or lapsed application no longer counts. With `runningOn`, only contracts not ended by
   * that day count (acting on the household, which changes what every crèche bills it, is for the crèches caring for
   * it or about to). Reads the applications', contracts' and crèches' tables (a named cross-module read, kept with the
   * rule it serves).
   */
  async managerSees(
    em: EntityManager,
    familyId: string,
    managerId: string,
    runningOn: string | null = null,
  ): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM creche_managers m
        WHERE m.user_id = $2 AND (
          EXISTS (SELECT 1 FROM applications a JOIN application_preferences p ON p.application_id = a.id
                   WHERE a.family_id = $1 AND p.creche_id = m.creche_id AND a.status IN ('SUBMITTED', 'OFFERED'))
          OR EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id
                      WHERE ch.family_id = $1 AND c.creche_id = m.creche_id
                        AND ($3::date IS NULL OR c.end_date >= $3::date))
          -- the other paying household of a child in alternating residence (#14 §5)
          OR EXISTS (SELECT 1 FROM contracts c
                      WHERE c.creche_id = m.creche_id
                        AND ($3::date IS NULL OR c.end_date >= $3::date)
                        AND c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text))))
        LIMIT 1`,
      [familyId, managerId, runningOn],
    );
    return rows.length > 0;
  }

  async isParentOfChild(em: EntityManager, childId: string, userId: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM children ch JOIN family_members m ON m.family_id = ch.family_id WHERE ch.id = $1 AND m.user_id = $2`,
      [childId, userId],
    );
    return rows.length > 0;
  }

  async familyIdOf(em: EntityManager, userId: string): Promise<string | null> {
    const [row] = await selectRows<{ familyId: string }>(
      em,
      `SELECT family_id FROM family_members WHERE user_id = $1`,
      [userId],
    );
    return row?.familyId ?? null;
  }

  /** GDPR erasure of the household's own rows (see FamiliesService.anonymiseInTx). */
  async anonymise(em: EntityManager, familyId: string): Promise<void> {
    await execute(
      em,
      `UPDATE families SET commune_insee_code = NULL, postal_code = NULL, monthly_resources = NULL, caf_number = NULL, not_caf_allocataire = false, single_parent = false,
              atypical_work_hours = false, social_minima_or_insertion = false, other_household_disability = false,
              parents_activity = DEFAULT, verified_claims = '{}'::jsonb,
              erased_at = COALESCE(erased_at, now()), updated_at = now()
        WHERE id = $1`,
      [familyId],
    );
    // Children keep a birth month (ages of past contracts stay readable), nothing that names them, nothing of their
    // health (disability) or birth (twins), declared or verified.
    await execute(
      em,
      `UPDATE children SET first_name = 'Effacé', birth_date = date_trunc('month', birth_date)::date, aeeh = false,
              disability = false, multiple_birth = false, verified_claims = '{}'::jsonb,
              expected_birth_date = date_trunc('month', expected_birth_date)::date, applied_birth_date = NULL,
              applied_expected_birth_date = NULL, updated_at = now() WHERE family_id = $1`,
      [familyId],
    );
    await execute(em, `DELETE FROM family_invitations WHERE family_id = $1`, [familyId]);
    await execute(
      em,
      `DELETE FROM co_households WHERE family_id = $1 OR child_id IN (SELECT id FROM children WHERE family_id = $1)`,
      [familyId],
    );
  }

  /** The child's household names another household as paying a share (alternating residence); idempotent. */
  async requestCoHousehold(
    em: EntityManager,
    childId: string,
    familyId: string,
    requestedBy: string,
  ): Promise<{ id: string; acceptedAt: Date | null }> {
    const [row] = await returningRows<{ id: string; acceptedAt: Date | null }>(
      em,
      `INSERT INTO co_households (child_id, family_id, requested_by) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT uq_co_households_child_family DO UPDATE SET child_id = EXCLUDED.child_id
       RETURNING id, accepted_at`,
      [childId, familyId, requestedBy],
    );
    return row;
  }

  /** Requests addressed to a household, not accepted yet. */
  pendingCoHouseholds(
    em: EntityManager,
    familyId: string,
  ): Promise<{ id: string; childId: string; requestedAt: Date }[]> {
    return selectRows(
      em,
      `SELECT id, child_id, requested_at FROM co_households WHERE family_id = $1 AND accepted_at IS NULL ORDER BY requested_at`,
      [familyId],
    );
  }

  /** A parent of the named household accepts; false when there is no such pending request for it. */
  async acceptCoHousehold(em: EntityManager, id: string, familyId: string, userId: string): Promise<boolean> {
    const rows = await returningRows(
      em,
      `UPDATE co_households SET accepted_by = $3, accepted_at = now()
        WHERE id = $1 AND family_id = $2 AND accepted_at IS NULL RETURNING id`,
      [id, familyId, userId],
    );
    return rows.length > 0;
  }

  async isAcceptedCoHousehold(em: EntityManager, childId: string, familyId: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM co_households WHERE child_id = $1 AND family_id = $2 AND accepted_at IS NOT NULL`,
      [childId, familyId],
    );
    return rows.length > 0;
  }
}
