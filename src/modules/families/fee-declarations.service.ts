import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { violatedConstraint } from '../../common/db/pg-errors';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import type { AfterCommit } from '../../common/events/domain-events';
import { civilDateOf, CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { NoticesService } from '../notices/notices.service';
import { FEE_DECLARATION_WITHDRAWN_NOTICE } from '../notices/notice-types';
import { inspectDocument, UploadedDocument } from './document-inspection';
import { documentFileName, type OpenedDocument } from './document-files';
import { DocumentStore } from './document-store';
import { type DeclarationStatus, withdrawable } from './domain/declaration-status';
import { appliesFromOf, DeclaredChange, declaredFields, DECLARED_FIELDS } from './domain/fee-declarations';
import type { CreateFeeDeclarationDto } from './dto/fee-declaration.dto';
import type { FeeDeclarationEntity, ResourcesKind } from './entities/fee-declaration.entity';
import { FamilyAccess } from './family-access';
import { FeeDeclarationsRepository } from './fee-declarations.repository';
import { HouseholdSituationService } from './household-situation.service';

/**
 * Issue #14 §4: a household changes its fee situation by declaring it with a proof; a manager checks it
 * (FeeDeclarationReviewService). The change applies from the first day of the month after the declaration, computed
 * from the server's clock: a client cannot choose the date, so nothing is backdated.
 */
@Injectable()
export class FeeDeclarationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly situation: HouseholdSituationService,
    private readonly repo: FeeDeclarationsRepository,
    private readonly store: DocumentStore,
    private readonly notices: NoticesService,
  ) {}

  /**
   * By a parent of the household. One pending declaration per household at a time (409 DECLARATION.PENDING_EXISTS):
   * validations then apply in the order changes were declared, so each one's snapshot is right from its date.
   * The file is written before the row; if the row is refused, the file goes.
   */
  async declare(
    actor: AuthUser,
    familyId: string,
    dto: CreateFeeDeclarationDto,
    file: UploadedDocument | undefined,
  ): Promise<FeeDeclarationEntity> {
    const change = changeOf(dto);
    const fields = declaredFields(change);
    if (!fields.length)
      throw invalidFields(
        DECLARED_FIELDS.map((field) => ({
          field,
          errors: ['give at least one of monthlyResources, dependentChildren, aeehChildren'],
        })),
      );
    let key: string | null = null;
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.access.assertIsMember(em, actor, familyId);
        const document = await inspectDocument(file);
        await this.situation.assertDeclarableInTx(em, familyId, change);
        key = await this.store.save(document.bytes);
        const now = this.clock.now();
        const declaration = await this.insert(em, {
          familyId,
          ...columnsOf(change),
          documentType: dto.documentType,
          documentKey: key,
          documentMime: document.mime,
          documentSize: document.size,
          documentSha256: document.sha256,
          declaredBy: actor.id,
          declaredAt: now,
          appliesFrom: appliesFromOf(civilDateOf(now)),
        });
        // Field names only: incomes are personal data.
        await this.audit.record(em, {
          actor,
          action: 'family.declaration_submitted',
          subjectType: 'family',
          subjectId: familyId,
          details: { declarationId: declaration.id, fields, documentType: dto.documentType },
        });
        return (await this.repo.findInFamily(em, familyId, declaration.id))!;
      });
    } catch (err) {
      if (key) await this.store.remove([key]);
      throw err;
    }
  }

  /** The household's declarations, newest first: for its parents, the managers who see it, admins. */
  async list(user: AuthUser, familyId: string): Promise<FeeDeclarationEntity[]> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, user, familyId);
      const declarations = await this.repo.listOfFamily(em, familyId);
      return this.access.documentsVisible(em, user, familyId, declarations, (d) => d.declaredAt);
    });
  }

  /** A declaration's proof, for those who can read the household (anyone else: 404). Staff reads are audited. */
  async openDocument(user: AuthUser, familyId: string, declarationId: string): Promise<OpenedDocument> {
    const declaration = await this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, user, familyId);
      const found = await this.repo.findInFamily(em, familyId, declarationId);
      if (!found || !(await this.access.documentsVisible(em, user, familyId, [found], (d) => d.declaredAt)).length)
        throw notFound();
      if (user.role !== 'PARENT')
        await this.audit.record(em, {
          actor: user,
          action: 'family.declaration_document_read',
          subjectType: 'family',
          subjectId: familyId,
          details: { declarationId },
        });
      return found;
    });
    const file = await this.store.open(declaration.documentKey);
    if (!file) throw new DomainError('DECLARATION.NOT_FOUND', 'Justificatif introuvable.');
    return {
      ...file,
      mime: declaration.documentMime,
      name: documentFileName(declaration.id, declaration.documentMime),
    };
  }

  /**
   * A parent takes back the household's declaration while no manager has decided on it (a mistyped amount, the wrong
   * file): it goes with its proof, and another can be sent at once (one pending at a time). Once validated or
   * refused it stays (409 DECLARATION.ALREADY_REVIEWED): a review waiting on it finds it gone (404), or this finds it
   * reviewed, whichever took its lock first.
   */
  async withdraw(actor: AuthUser, familyId: string, declarationId: string): Promise<void> {
    const done = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      const found = await this.repo.findInFamily(em, familyId, declarationId, true);
      if (!found) throw notFound();
      if (!withdrawable(found.status)) throw reviewedBeforeWithdrawal(found.status);
      const documentKey = await this.repo.deletePending(em, familyId, declarationId);
      if (!documentKey) throw notFound();
      // Field names only: incomes are personal data.
      await this.audit.record(em, {
        actor,
        action: 'family.declaration_withdrawn',
        subjectType: 'family',
        subjectId: familyId,
        details: { declarationId, fields: declaredFields(declaredChangeOf(found)), documentType: found.documentType },
      });
      // The other parent learns of it (the declaration is gone: the e-mail carries what it named, never an amount).
      const noticeIds = await this.notices.createForFamily(
        em,
        familyId,
        {
          type: FEE_DECLARATION_WITHDRAWN_NOTICE,
          templateData: {
            withdrawnBy: actor.id,
            declaredOn: civilDateOf(found.declaredAt),
            fields: declaredFields(declaredChangeOf(found)),
            documentType: found.documentType,
          },
          idempotencyKey: `fee-declaration-withdrawn-${declarationId}`,
          subject: { type: 'family', id: familyId },
        },
        actor.id,
      );
      return { documentKey, noticeIds };
    });
    await this.store.remove([done.documentKey]);
    await this.notices.dispatch(done.noticeIds);
  }

  /** GDPR erasure of the household: its declarations go now, their files once the transaction has committed. */
  async eraseOfFamilyInTx(em: EntityManager, familyId: string): Promise<AfterCommit> {
    const keys = await this.repo.deleteOfFamily(em, familyId);
    return () => this.store.remove(keys);
  }

  private async insert(em: EntityManager, fields: Partial<FeeDeclarationEntity>): Promise<FeeDeclarationEntity> {
    try {
      return await this.repo.insert(em, fields);
    } catch (err) {
      if (violatedConstraint(err) === 'uq_fee_declarations_pending')
        throw new DomainError(
          'DECLARATION.PENDING_EXISTS',
          "Une déclaration de votre foyer attend déjà d'être vérifiée par la crèche : attendez sa validation ou son refus, ou retirez-la, avant d'en déposer une autre.",
        );
      throw err;
    }
  }
}

/** A declaration the crèche has decided on is kept: its household can no longer take it back. */
function reviewedBeforeWithdrawal(status: DeclarationStatus): DomainError {
  const done = status === 'VALIDATED' ? 'validée' : 'refusée';
  return new DomainError(
    'DECLARATION.ALREADY_REVIEWED',
    `Cette déclaration a déjà été ${done} par la crèche : elle ne peut plus être retirée.`,
    { status },
  );
}

/** A declaration a manager has decided on is kept, and decided on once. */
export function alreadyReviewed(status: DeclarationStatus): DomainError {
  const done = status === 'VALIDATED' ? 'validée' : 'refusée';
  return new DomainError(
    'DECLARATION.ALREADY_REVIEWED',
    `Cette déclaration a déjà été ${done} : une déclaration n'est vérifiée qu'une fois.`,
    { status },
  );
}

export function notFound(): DomainError {
  return new DomainError('DECLARATION.NOT_FOUND', 'Déclaration introuvable.');
}

function changeOf(dto: CreateFeeDeclarationDto): DeclaredChange {
  return {
    monthlyResources: dto.monthlyResources,
    dependentChildren: dto.dependentChildren,
    aeehChildren: dto.aeehChildren,
  };
}

function columnsOf(change: DeclaredChange): Partial<FeeDeclarationEntity> {
  const r = change.monthlyResources;
  const kind: ResourcesKind | null =
    r === undefined ? null : r === 'unknown' ? 'UNKNOWN' : r === 'refused' ? 'REFUSED' : 'AMOUNT';
  return {
    resourcesKind: kind,
    monthlyResources: kind === 'AMOUNT' ? r! : null,
    dependentChildren: change.dependentChildren ?? null,
    aeehChildren: change.aeehChildren ?? null,
  };
}

/** The change a stored declaration carries (its null fields are not part of it). */
export function declaredChangeOf(d: FeeDeclarationEntity): DeclaredChange {
  const resources = { AMOUNT: d.monthlyResources ?? undefined, UNKNOWN: 'unknown', REFUSED: 'refused' } as const;
  return {
    monthlyResources: d.resourcesKind ? resources[d.resourcesKind] : undefined,
    dependentChildren: d.dependentChildren ?? undefined,
    aeehChildren: d.aeehChildren ?? undefined,
  };
}
