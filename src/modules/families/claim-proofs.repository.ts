import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows, selectRows } from '../../common/db/rows';
import type { Claim, ParentsActivity, VerifiedClaims } from './domain/claims';
import type { DocumentMimeType } from './domain/fee-declarations';

/** A stored proof of a criterion, with what its verification is checked against. */
export interface ClaimProofRow {
  readonly id: string;
  readonly familyId: string;
  readonly claim: Claim;
  readonly childId: string | null;
  readonly documentKey: string;
  readonly documentMime: DocumentMimeType;
  readonly documentSize: number;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  readonly parentsActivity: ParentsActivity;
  readonly singleParent: boolean;
  readonly socialMinimaOrInsertion: boolean;
  readonly otherHouseholdDisability: boolean;
  readonly familyClaims: VerifiedClaims;
  readonly disability: boolean | null;
  readonly multipleBirth: boolean | null;
  readonly childClaims: VerifiedClaims | null;
}

const SELECT = `
  SELECT p.id, p.family_id, p.claim, p.child_id, p.document_key, p.document_mime, p.document_size, p.uploaded_by,
         p.uploaded_at, f.parents_activity, f.single_parent, f.social_minima_or_insertion, f.other_household_disability,
         f.verified_claims AS family_claims, ch.disability, ch.multiple_birth, ch.verified_claims AS child_claims
    FROM claim_proofs p JOIN families f ON f.id = p.family_id LEFT JOIN children ch ON ch.id = p.child_id`;

/** The SQL of `claim_proofs`, owned by the families module. Every query is scoped by household. */
@Injectable()
export class ClaimProofsRepository {
  /**
   * Stores a criterion's proof in place of the previous one, if any (the household's row is locked by the caller):
   * returns the new row's id and the replaced file's key, to delete once committed.
   */
  async replace(
    em: EntityManager,
    proof: {
      familyId: string;
      claim: Claim;
      childId: string | null;
      documentKey: string;
      documentMime: DocumentMimeType;
      documentSize: number;
      documentSha256: string;
      uploadedBy: string;
      uploadedAt: Date;
    },
  ): Promise<{ id: string; replacedKey: string | null }> {
    const replaced = await returningRows<{ documentKey: string }>(
      em,
      `DELETE FROM claim_proofs WHERE family_id = $1 AND claim = $2 AND child_id IS NOT DISTINCT FROM $3::uuid
       RETURNING document_key`,
      [proof.familyId, proof.claim, proof.childId],
    );
    const [row] = await returningRows<{ id: string }>(
      em,
      `INSERT INTO claim_proofs (family_id, claim, child_id, document_key, document_mime, document_size, document_sha256,
                                 uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        proof.familyId,
        proof.claim,
        proof.childId,
        proof.documentKey,
        proof.documentMime,
        proof.documentSize,
        proof.documentSha256,
        proof.uploadedBy,
        proof.uploadedAt,
      ],
    );
    return { id: row.id, replacedKey: replaced[0]?.documentKey ?? null };
  }

  listOfFamily(em: EntityManager, familyId: string): Promise<ClaimProofRow[]> {
    return selectRows<ClaimProofRow>(em, `${SELECT} WHERE p.family_id = $1 ORDER BY p.uploaded_at, p.id`, [familyId]);
  }

  /** A proof of this household, or null (another household's is as absent as a missing one). */
  async findInFamily(em: EntityManager, familyId: string, id: string): Promise<ClaimProofRow | null> {
    const [row] = await selectRows<ClaimProofRow>(em, `${SELECT} WHERE p.family_id = $1 AND p.id = $2`, [familyId, id]);
    return row ?? null;
  }

  /** A child's proofs go with the child; returns their files' keys, to delete once committed. */
  async deleteOfChild(em: EntityManager, childId: string): Promise<string[]> {
    const rows = await returningRows<{ documentKey: string }>(
      em,
      `DELETE FROM claim_proofs WHERE child_id = $1 RETURNING document_key`,
      [childId],
    );
    return rows.map((r) => r.documentKey);
  }

  /** GDPR erasure: the household's proofs go; returns their files' keys, to delete once committed. */
  async deleteOfFamily(em: EntityManager, familyId: string): Promise<string[]> {
    const rows = await returningRows<{ documentKey: string }>(
      em,
      `DELETE FROM claim_proofs WHERE family_id = $1 RETURNING document_key`,
      [familyId],
    );
    return rows.map((r) => r.documentKey);
  }
}
