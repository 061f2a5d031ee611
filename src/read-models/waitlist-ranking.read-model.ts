import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import type { ParentsActivity } from '../modules/waitlist/domain/score';
import type { VerifiedClaims } from '../modules/families/domain/claims';

/** A requested weekly slot as stored in `application_preferences.schedule`: weekday 1–7, times "HH:MM". */
export interface ScheduleSlotJson {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

/**
 * The crèche being ranked: the fields its capacity rules are compiled from (as stored in `creches`: times "HH:MM",
 * dates "YYYY-MM-DD"), and what its territory says about residence and atypical hours (as stored in `territories`).
 */
export interface RankingCreche {
  readonly id: string;
  readonly territoryId: string;
  readonly places: number;
  readonly surnombre: boolean;
  readonly openingHours: { weekday: number; opens: string; closes: string }[];
  readonly capacityBands: { weekday: number; from: string; to: string; places: number }[];
  readonly closures: { from: string; to: string; label: string }[];
  readonly opensOnPublicHolidays: boolean;
  readonly territoryCommunes: readonly { readonly inseeCode: string }[];
  readonly territoryAtypicalHours: {
    before: string;
    after: string;
    saturdays: boolean;
    sundays: boolean;
    publicHolidays: boolean;
  };
}

/** One application listing the crèche, with the household and child facts the priority policy scores. */
export interface RankingApplicant {
  readonly id: string;
  readonly status: string;
  readonly familyId: string;
  readonly childId: string;
  readonly childFirstName: string;
  /** Birth date, or expected birth date, "YYYY-MM-DD". */
  readonly birth: string;
  readonly disability: boolean;
  readonly multipleBirth: boolean;
  /** "YYYY-MM-DD". */
  readonly desiredStartDate: string;
  /** The weekly schedule the application asks of this crèche (each listed crèche has its own). */
  readonly schedule: readonly ScheduleSlotJson[];
  readonly submittedAt: Date;
  readonly refusals: number;
  /** The crèche's position in the application's list of preferences (1 = first choice). */
  readonly preferencePosition: number;
  readonly communeInseeCode: string | null;
  readonly parentsActivity: ParentsActivity;
  readonly singleParent: boolean;
  readonly atypicalWorkHours: boolean;
  readonly socialMinimaOrInsertion: boolean;
  readonly otherHouseholdDisability: boolean;
  /** What managers verified (see waitlist/domain/claims.ts). */
  readonly familyClaims: VerifiedClaims;
  readonly childClaims: VerifiedClaims;
  /**
   * The application's open offer at this crèche, if any (at most one: `uq_offers_application_open`). It is planned
   * presence holding the application's own place, so it is left out of the application's own fit.
   */
  readonly ownOfferId: string | null;
}

/** A parent of a household as a manager calls them: names and e-mail (accounts hold no phone number). */
export interface HouseholdParent {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

/**
 * What a crèche's manager needs beside a waitlist entry to call the family and check its claims: the household's
 * parents, the child, the weekly schedule asked of this crèche, the fee declarations waiting for a manager and the
 * proofs uploaded for its criteria.
 */
export interface WaitlistHousehold {
  readonly applicationId: string;
  readonly familyId: string;
  readonly childId: string;
  readonly schedule: readonly ScheduleSlotJson[];
  readonly parents: readonly HouseholdParent[];
  readonly declarationsToReview: number;
  /** The proofs uploaded for the household's criteria and the applied child's, to open before verifying them. */
  readonly claimProofs: readonly WaitlistClaimProof[];
}

/** A criterion's proof uploaded by the household (the file is read at GET /families/:id/claim-proofs/:id/document). */
export interface WaitlistClaimProof {
  readonly claim: string;
  readonly childId: string | null;
  readonly proofId: string;
  readonly uploadedAt: string;
}

/** A child in care in the crèche on a day, with its family (the sibling criterion). */
export interface ChildInCare {
  readonly familyId: string;
  readonly childId: string;
}

/**
 * What ranking a crèche's waitlist reads from the tables of several modules (creches, territories, applications,
 * families, contracts). Read-only: it writes nothing. Call it in the caller's transaction (REPEATABLE READ for a
 * consistent picture).
 */
@Injectable()
export class WaitlistRankingReadModel {
  /** The crèche with its territory's communes and atypical hours; null when there is no such crèche. */
  async creche(em: EntityManager, crecheId: string): Promise<RankingCreche | null> {
    const [creche] = await selectRows<RankingCreche>(
      em,
      `SELECT c.id, c.territory_id, c.places, c.surnombre, c.opening_hours, c.capacity_bands, c.closures, c.opens_on_public_holidays,
              t.communes AS territory_communes, t.atypical_hours AS territory_atypical_hours
         FROM creches c
         JOIN territories t ON t.id = c.territory_id
        WHERE c.id = $1`,
      [crecheId],
    );
    return creche ?? null;
  }

  /**
   * The applications in one of `statuses` that list the crèche, with their household and child (one join) and their
   * open offer at the crèche.
   */
  applicants(em: EntityManager, crecheId: string, statuses: readonly string[]): Promise<RankingApplicant[]> {
    // Columns named as the fields (5 000 rows at a time: no renaming pass).
    return em.query<RankingApplicant[]>(
      `SELECT a.id, a.status, a.family_id AS "familyId", a.child_id AS "childId", ch.first_name AS "childFirstName",
              to_char(COALESCE(ch.birth_date, ch.expected_birth_date), 'YYYY-MM-DD') AS birth, ch.disability,
              ch.multiple_birth AS "multipleBirth", to_char(a.desired_start_date, 'YYYY-MM-DD') AS "desiredStartDate",
              p.schedule, a.submitted_at AS "submittedAt", a.refusals, p.rank AS "preferencePosition",
              f.commune_insee_code AS "communeInseeCode", f.parents_activity AS "parentsActivity",
              f.single_parent AS "singleParent", f.atypical_work_hours AS "atypicalWorkHours",
              f.social_minima_or_insertion AS "socialMinimaOrInsertion",
              f.other_household_disability AS "otherHouseholdDisability",
              f.verified_claims AS "familyClaims", ch.verified_claims AS "childClaims", o.id AS "ownOfferId"
         FROM application_preferences p
         JOIN applications a ON a.id = p.application_id
         JOIN children ch ON ch.id = a.child_id
         JOIN families f ON f.id = a.family_id
         LEFT JOIN offers o ON o.application_id = a.id AND o.creche_id = p.creche_id AND o.status = 'OPEN'
        WHERE p.creche_id = $1 AND a.status = ANY($2)`,
      [crecheId, statuses],
    );
  }

  /** The children under a contract with the crèche on `asOf` ("YYYY-MM-DD"). */
  childrenInCare(em: EntityManager, crecheId: string, asOf: string): Promise<ChildInCare[]> {
    return selectRows<ChildInCare>(
      em,
      `SELECT ch.family_id, c.child_id FROM contracts c JOIN children ch ON ch.id = c.child_id
        WHERE c.creche_id = $1 AND c.start_date <= $2 AND c.end_date >= $2`,
      [crecheId, asOf],
    );
  }

  /**
   * The households of some applications listing the crèche (a page of its waitlist, at most 200): one query, one row
   * per application found, parents in the order they joined the household. Personal data: never logged.
   */
  households(em: EntityManager, crecheId: string, applicationIds: readonly string[]): Promise<WaitlistHousehold[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return em.query<WaitlistHousehold[]>(
      `SELECT a.id AS "applicationId", a.family_id AS "familyId", a.child_id AS "childId", p.schedule,
              COALESCE((SELECT json_agg(json_build_object('firstName', u.first_name, 'lastName', u.last_name, 'email', u.email)
                                        ORDER BY m.joined_at, u.id)
                          FROM family_members m JOIN users u ON u.id = m.user_id
                         WHERE m.family_id = a.family_id), '[]'::json) AS parents,
              (SELECT count(*) FROM fee_declarations d WHERE d.family_id = a.family_id AND d.status = 'PENDING')::int
                AS "declarationsToReview",
              COALESCE((SELECT json_agg(json_build_object('claim', cp.claim, 'childId', cp.child_id, 'proofId', cp.id,
                                                          'uploadedAt', to_char(cp.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                        ORDER BY cp.claim, cp.id)
                          FROM claim_proofs cp
                         WHERE cp.family_id = a.family_id AND (cp.child_id IS NULL OR cp.child_id = a.child_id)),
                       '[]'::json) AS "claimProofs"
         FROM application_preferences p
         JOIN applications a ON a.id = p.application_id
        WHERE p.creche_id = $1 AND p.application_id = ANY($2::uuid[])`,
      [crecheId, applicationIds],
    );
  }
}
