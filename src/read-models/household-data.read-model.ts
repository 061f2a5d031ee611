import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * GDPR reads over a household, across families (fee declarations included), users, applications, offers, contracts, fee
 * computations and notices. Read-only: erasure asks each owning module to change its own rows.
 */
@Injectable()
export class HouseholdDataReadModel {
  /** Everything Berceau holds about a household, for its export (raw rows, as stored). */
  async export(em: EntityManager, familyId: string): Promise<Record<string, unknown>> {
    const q = (sql: string) => em.query(sql, [familyId]);
    return {
      family: (await q(`SELECT * FROM families WHERE id = $1`))[0],
      members: await q(
        `SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.created_at FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = $1`,
      ),
      children: await q(`SELECT * FROM children WHERE family_id = $1`),
      applications: await q(
        `SELECT a.*, (SELECT json_agg(p ORDER BY p.rank) FROM application_preferences p WHERE p.application_id = a.id) AS preferences FROM applications a WHERE a.family_id = $1`,
      ),
      offers: await q(`SELECT * FROM offers WHERE family_id = $1`),
      // Its children's contracts and those it pays a share of (alternating residence); of the shares, only its own:
      // the other household's situation is that household's personal data.
      contracts: (
        await q(
          `SELECT (to_jsonb(c) - 'fee_inputs' - 'fee_shares') || jsonb_build_object(
                    'fee_inputs', CASE WHEN own.id IS NOT NULL THEN c.fee_inputs END,
                    'fee_shares', (SELECT jsonb_agg(s) FROM jsonb_array_elements(c.fee_shares) s
                                    WHERE s->>'familyId' = $1::text)) AS contract
             FROM contracts c LEFT JOIN children own ON own.id = c.child_id AND own.family_id = $1::uuid
            WHERE own.id IS NOT NULL
               OR c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text))`,
        )
      ).map((r: { contract: unknown }) => r.contract),
      feeComputations: await q(
        `SELECT f.* FROM fee_computations f JOIN contracts c ON c.id = f.contract_id
          WHERE (f.family_id IS NULL AND c.child_id IN (SELECT id FROM children WHERE family_id = $1::uuid))
             OR f.family_id = $1::uuid`,
      ),
      notices: await q(
        `SELECT n.id, n.type, n.status, n.sent_at, n.created_at FROM notices n JOIN family_members m ON m.user_id = n.recipient_user_id WHERE m.family_id = $1`,
      ),
      invitations: await q(`SELECT id, email, created_at, accepted_at FROM family_invitations WHERE family_id = $1`),
      // Each proof's file is downloaded on its own (GET /families/:id/declarations/:declarationId/document).
      feeDeclarations: await q(
        `SELECT id, status, resources_kind, monthly_resources, dependent_children, aeeh_children, document_type,
                document_mime, document_size, document_sha256, declared_by, declared_at, applies_from, reviewed_by,
                reviewed_at, rejection_reason FROM fee_declarations WHERE family_id = $1 ORDER BY declared_at`,
      ),
    };
  }

  /**
   * Households past retention: not erased yet (whether or not they declared a commune), with applications, none active or touched within `months` months,
   * and no contract running on `now`.
   */
  async pastRetention(em: EntityManager, now: Date, months: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT f.id FROM families f
        WHERE f.erased_at IS NULL
          AND EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id)
          AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id
                           AND (a.status IN ('SUBMITTED', 'OFFERED') OR a.updated_at >= $1::timestamptz - make_interval(months => $2::int)))
          AND NOT EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id WHERE ch.family_id = f.id AND c.end_date >= $1::date)
          AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.end_date >= $1::date
                           AND c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', f.id::text)))`,
      [now, months],
    );
    return rows.map((r) => r.id);
  }
}
