import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { declarationTransition, DeclarationEvent } from './domain/declaration-status';
import { FeeDeclarationEntity } from './entities/fee-declaration.entity';

/** A household's billed situation as a validated declaration found it. */
export interface PreviousSituationRow {
  readonly monthlyResources: string | null;
  readonly resourcesRefused: boolean;
  readonly resourcesChecked: boolean;
  /** Absent in situations kept before children were checked (then typed only, as every household's was). */
  readonly childrenChecked?: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
}

/** The SQL of `fee_declarations`, owned by the families module. Every query is scoped by household. */
@Injectable()
export class FeeDeclarationsRepository {
  /** Fails on `uq_fee_declarations_pending` when the household already has a declaration waiting for review. */
  insert(em: EntityManager, fields: Partial<FeeDeclarationEntity>): Promise<FeeDeclarationEntity> {
    return em.save(em.create(FeeDeclarationEntity, fields));
  }

  listOfFamily(em: EntityManager, familyId: string): Promise<FeeDeclarationEntity[]> {
    return em.find(FeeDeclarationEntity, { where: { familyId }, order: { declaredAt: 'DESC', id: 'DESC' } });
  }

  /** A declaration of this household, or null (another household's is as absent as a missing one). */
  findInFamily(em: EntityManager, familyId: string, id: string, lock = false): Promise<FeeDeclarationEntity | null> {
    return em.findOne(FeeDeclarationEntity, {
      where: { id, familyId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** By id alone: for the e-mails about a declaration (null once the household is erased). */
  findById(em: EntityManager, id: string): Promise<FeeDeclarationEntity | null> {
    return em.findOne(FeeDeclarationEntity, { where: { id } });
  }

  /** Moves a declaration along its lifecycle, once: false when it had already left the statuses `event` leaves. */
  async review(
    em: EntityManager,
    id: string,
    event: DeclarationEvent,
    review: { by: string; at: Date; reason: string | null },
  ): Promise<boolean> {
    const { from, to } = declarationTransition(event);
    const touched = await execute(
      em,
      `UPDATE fee_declarations SET status = $3, reviewed_by = $4, reviewed_at = $5, rejection_reason = $6, updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[])`,
      [id, from, to, review.by, review.at, review.reason],
    );
    return touched === 1;
  }

  /** The situation a validated declaration replaced (billed before its appliesFrom). */
  async setPrevious(em: EntityManager, id: string, previous: unknown): Promise<void> {
    await execute(em, `UPDATE fee_declarations SET previous_situation = $2 WHERE id = $1`, [
      id,
      JSON.stringify(previous),
    ]);
  }

  /**
   * The household's situation on `asOf` when a validated declaration applies only later: the situation the earliest
   * such declaration replaced; null when the household's current row holds on `asOf`.
   */
  async situationBefore(em: EntityManager, familyId: string, asOf: string): Promise<PreviousSituationRow | null> {
    const [row] = await selectRows<{ previousSituation: PreviousSituationRow }>(
      em,
      `SELECT previous_situation FROM fee_declarations
        WHERE family_id = $1 AND status = 'VALIDATED' AND applies_from > $2::date AND previous_situation IS NOT NULL
        ORDER BY applies_from, reviewed_at LIMIT 1`,
      [familyId, asOf],
    );
    return row?.previousSituation ?? null;
  }

  /** The earliest day after `asOf` from which a validated declaration changes the household's bill, if any. */
  /**
   * The validated declarations applying after `asOf`, in the order they apply: each one's appliesFrom, and the
   * situation it replaced (what the one before it brought, for days up to its appliesFrom).
   */
  async laterApplying(
    em: EntityManager,
    familyId: string,
    asOf: string,
  ): Promise<{ appliesFrom: string; previousSituation: PreviousSituationRow }[]> {
    return selectRows(
      em,
      `SELECT to_char(applies_from, 'YYYY-MM-DD') AS applies_from, previous_situation FROM fee_declarations
        WHERE family_id = $1 AND status = 'VALIDATED' AND applies_from > $2::date AND previous_situation IS NOT NULL
        ORDER BY applies_from, reviewed_at`,
      [familyId, asOf],
    );
  }

  /** A withdrawn declaration goes, if it is still pending: its file's key, to delete once committed, or null. */
  async deletePending(em: EntityManager, familyId: string, id: string): Promise<string | null> {
    const [row] = await returningRows<{ documentKey: string }>(
      em,
      `DELETE FROM fee_declarations WHERE id = $1 AND family_id = $2 AND status = 'PENDING' RETURNING document_key`,
      [id, familyId],
    );
    return row?.documentKey ?? null;
  }

  /** GDPR erasure: the household's declarations go; returns their files' keys, to delete once committed. */
  async deleteOfFamily(em: EntityManager, familyId: string): Promise<string[]> {
    const rows = await returningRows<{ documentKey: string }>(
      em,
      `DELETE FROM fee_declarations WHERE family_id = $1 RETURNING document_key`,
      [familyId],
    );
    return rows.map((r) => r.documentKey);
  }
}
