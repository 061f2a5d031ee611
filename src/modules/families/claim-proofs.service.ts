import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import type { AfterCommit } from '../../common/events/domain-events';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { ClaimProofRow, ClaimProofsRepository } from './claim-proofs.repository';
import { documentFileName, type OpenedDocument } from './document-files';
import { inspectDocument, UploadedDocument } from './document-inspection';
import { DocumentStore } from './document-store';
import { CHILD_CLAIMS, type Claim, declaredValue } from './domain/claims';
import type { UploadClaimProofDto } from './dto/claim-proof.dto';
import { FamiliesRepository } from './families.repository';
import { FamilyAccess } from './family-access';

/** A stored proof of a criterion, with whether a manager verified the criterion as declared now. */
export interface ClaimProof {
  readonly id: string;
  readonly familyId: string;
  readonly claim: Claim;
  readonly childId: string | null;
  readonly documentMime: string;
  readonly documentSize: number;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  /** When a manager verified the criterion, while the value verified is still the one declared; else null. */
  readonly verifiedAt: string | null;
}

const NOTHING = { disability: false, multipleBirth: false };

/**
 * Issue #19 and DOMAIN.md §5: a household uploads the proof of a criterion it declared (working status, single parent,
 * social minima or insertion, another member's disability, the child's disability or multiple birth); the crèche's
 * managers open it, then verify the criterion at POST /families/:id/claims. Files go to the fee declarations' store.
 */
@Injectable()
export class ClaimProofsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly families: FamiliesRepository,
    private readonly repo: ClaimProofsRepository,
    private readonly store: DocumentStore,
  ) {}

  /**
   * By a parent of the household, for a criterion it declares (409 CLAIM.NOT_DECLARED otherwise: nothing to prove).
   * A new proof of the same criterion (and child) replaces the previous one, whose file goes once committed.
   */
  async upload(
    actor: AuthUser,
    familyId: string,
    dto: UploadClaimProofDto,
    file: UploadedDocument | undefined,
  ): Promise<ClaimProof> {
    const isChildClaim = (CHILD_CLAIMS as readonly string[]).includes(dto.claim);
    if (isChildClaim && !dto.childId)
      throw invalidFields([{ field: 'childId', errors: [`childId is required for ${dto.claim}`] }]);
    if (!isChildClaim && dto.childId)
      throw invalidFields([{ field: 'childId', errors: ['childId is only for CHILD_DISABILITY and MULTIPLE_BIRTH'] }]);
    let key: string | null = null;
    try {
      const { proof, replacedKey } = await this.dataSource.transaction(async (em) => {
        await this.access.assertIsMember(em, actor, familyId);
        // The household's row locked: two uploads of one criterion replace each other in turn.
        const family = (await this.families.findFamily(em, familyId, true))!;
        const child = dto.childId ? await this.families.findChild(em, dto.childId, familyId) : null;
        if (dto.childId && !child) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
        const value = declaredValue(dto.claim, family, child ?? NOTHING);
        if (value === false || value === 'NONE_WORKING')
          throw new DomainError(
            'CLAIM.NOT_DECLARED',
            "Cette situation n'est pas déclarée pour votre foyer : déclarez-la d'abord, puis déposez son justificatif.",
            { claim: dto.claim },
          );
        const document = await inspectDocument(file);
        key = await this.store.save(document.bytes);
        const { id, replacedKey } = await this.repo.replace(em, {
          familyId,
          claim: dto.claim,
          childId: child?.id ?? null,
          documentKey: key,
          documentMime: document.mime,
          documentSize: document.size,
          documentSha256: document.sha256,
          uploadedBy: actor.id,
          uploadedAt: this.clock.now(),
        });
        // The criterion only, never its value nor the file's content.
        await this.audit.record(em, {
          actor,
          action: 'family.claim_proof_uploaded',
          subjectType: 'family',
          subjectId: familyId,
          details: { proofId: id, claim: dto.claim, childId: child?.id ?? null, replaced: replacedKey !== null },
        });
        return { proof: proofOf((await this.repo.findInFamily(em, familyId, id))!), replacedKey };
      });
      if (replacedKey) await this.store.remove([replacedKey]);
      return proof;
    } catch (err) {
      if (key) await this.store.remove([key]);
      throw err;
    }
  }

  /** The household's proofs: for its parents, the managers who see it, admins. */
  async list(user: AuthUser, familyId: string): Promise<ClaimProof[]> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, user, familyId);
      const proofs = await this.repo.listOfFamily(em, familyId);
      return (await this.access.documentsVisible(em, user, familyId, proofs, (p) => p.uploadedAt)).map(proofOf);
    });
  }

  /** A proof's file, for those who can read the household (anyone else: 404). Staff reads are audited. */
  async openDocument(user: AuthUser, familyId: string, proofId: string): Promise<OpenedDocument> {
    const proof = await this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, user, familyId);
      const found = await this.repo.findInFamily(em, familyId, proofId);
      if (!found || !(await this.access.documentsVisible(em, user, familyId, [found], (p) => p.uploadedAt)).length)
        throw notFound();
      if (user.role !== 'PARENT')
        await this.audit.record(em, {
          actor: user,
          action: 'family.claim_proof_read',
          subjectType: 'family',
          subjectId: familyId,
          details: { proofId, claim: found.claim },
        });
      return found;
    });
    const file = await this.store.open(proof.documentKey);
    if (!file) throw notFound();
    return { ...file, mime: proof.documentMime, name: documentFileName(proof.id, proof.documentMime) };
  }

  /** A removed child's proofs go with it: now, their files once the transaction has committed. */
  async eraseOfChildInTx(em: EntityManager, childId: string): Promise<AfterCommit> {
    const keys = await this.repo.deleteOfChild(em, childId);
    return () => this.store.remove(keys);
  }

  /** GDPR erasure of the household: its proofs go now, their files once the transaction has committed. */
  async eraseOfFamilyInTx(em: EntityManager, familyId: string): Promise<AfterCommit> {
    const keys = await this.repo.deleteOfFamily(em, familyId);
    return () => this.store.remove(keys);
  }
}

function notFound(): DomainError {
  return new DomainError('CLAIM_PROOF.NOT_FOUND', 'Justificatif introuvable.');
}

/** The row as served, "vu par la crèche" when the criterion's verified value is the one declared now. */
function proofOf(row: ClaimProofRow): ClaimProof {
  const isChildClaim = row.childId !== null;
  const verified = (isChildClaim ? row.childClaims : row.familyClaims)?.[row.claim];
  const declared = declaredValue(row.claim, row, {
    disability: row.disability ?? false,
    multipleBirth: row.multipleBirth ?? false,
  });
  return {
    id: row.id,
    familyId: row.familyId,
    claim: row.claim,
    childId: row.childId,
    documentMime: row.documentMime,
    documentSize: row.documentSize,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    verifiedAt: verified !== undefined && verified.value === declared ? verified.at : null,
  };
}
