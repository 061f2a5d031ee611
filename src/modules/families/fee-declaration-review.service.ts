import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AfterCommit, runAfterCommit } from '../../common/events/domain-events';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { FEE_DECLARATION_REJECTED_NOTICE, FEE_DECLARATION_VALIDATED_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import type { DeclarationEvent } from './domain/declaration-status';
import { declaredFields } from './domain/fee-declarations';
import type { ReviewFeeDeclarationDto } from './dto/fee-declaration.dto';
import type { FeeDeclarationEntity } from './entities/fee-declaration.entity';
import { FamilyAccess } from './family-access';
import { alreadyReviewed, declaredChangeOf, notFound } from './fee-declarations.service';
import { FeeDeclarationsRepository } from './fee-declarations.repository';
import { HouseholdSituationService } from './household-situation.service';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { HouseholdsInCareReadModel } from '../../read-models/households-in-care.read-model';
import { frenchMonth } from '../../common/text/french-dates';

/**
 * A manager of a crèche the household applies to (a live application) or is cared for at (a contract not ended), or an admin, checks a
 * declaration's proof (Cnaf PSU: resources from the CDAP or the N−2 tax notice, checked by the manager) and validates
 * or rejects it, once. Validation changes the household's situation from the declaration's `appliesFrom`; both
 * outcomes are audited by field names and told to the family by e-mail.
 */
@Injectable()
export class FeeDeclarationReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly situation: HouseholdSituationService,
    private readonly repo: FeeDeclarationsRepository,
    private readonly notices: NoticesService,
    private readonly invoiced: InvoicedMonthsReadModel,
    private readonly inCare: HouseholdsInCareReadModel,
  ) {}

  async review(
    actor: AuthUser,
    familyId: string,
    declarationId: string,
    dto: ReviewFeeDeclarationDto,
  ): Promise<FeeDeclarationEntity> {
    // A contract signed at another crèche while this review waited for the household: the review starts again, that
    // crèche's issues waited for too (its invoice sequence cannot be taken once the household is held).
    let billing: readonly string[] = [];
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.reviewOnce(actor, familyId, declarationId, dto, billing);
      } catch (e) {
        if (!(e instanceof BillingCrechesChanged)) throw e;
        if (attempt === MAX_ATTEMPTS) throw contractsChanging();
        billing = e.crecheIds;
      }
    }
  }

  private async reviewOnce(
    actor: AuthUser,
    familyId: string,
    declarationId: string,
    dto: ReviewFeeDeclarationDto,
    billingBefore: readonly string[],
  ): Promise<FeeDeclarationEntity> {
    const event: DeclarationEvent = dto.decision;
    const outcome = await this.dataSource.transaction(async (em) => {
      await this.access.assertCanRead(em, actor, familyId);
      const found = await this.repo.findInFamily(em, familyId, declarationId);
      if (!found) throw notFound();
      // A crèche whose contract runs up to the day the declaration applies from bills it: its manager decides, even
      // once the child has left (the leaving month is still to invoice); a crèche left before that day has no say.
      await this.access.assertCanActAsStaff(em, actor, familyId, found.appliesFrom);
      // An issue under way of a crèche billing the household waits for this review, or this review for it (its
      // invoice sequence held FOR SHARE, before any row an issue reads is locked): the issue then finds the new fee
      // pending (INVOICE.FEES_PENDING), or the review finds the month invoiced (DECLARATION.MONTHS_INVOICED).
      const waited =
        event === 'VALIDATE'
          ? union(billingBefore, await this.inCare.crechesBillingFrom(em, familyId, found.appliesFrom))
          : [];
      for (const crecheId of waited) await this.invoiced.waitForIssue(em, crecheId);
      await this.situation.lockHouseholdInTx(em, familyId);
      // A contract signed meanwhile (it holds the household FOR SHARE until it commits, so it is seen now): its
      // crèche's issue could otherwise bill the old fee between this review's check of invoiced months and its commit.
      if (event === 'VALIDATE') {
        const billing = await this.inCare.crechesBillingFrom(em, familyId, found.appliesFrom);
        if (billing.some((c) => !waited.includes(c))) throw new BillingCrechesChanged(union(waited, billing));
      }
      // Locked, so that a second reviewer waits and then finds it reviewed.
      const declaration = await this.repo.findInFamily(em, familyId, declarationId, true);
      // Gone meanwhile (withdrawn by a parent, or the household erased, while this review waited for it).
      if (!declaration) throw notFound();
      if (declaration.status !== 'PENDING') throw alreadyReviewed(declaration.status);
      let applied: { changed: boolean; after: AfterCommit[]; previous?: unknown } = { changed: false, after: [] };
      // Reviewed after the month it applies from was invoiced: those invoices stand at the old fee (an issued invoice
      // never changes). The reviewer validates knowing it, to correct them by a credit note; never unawares.
      const invoicedMonths =
        event === 'VALIDATE'
          ? await this.invoiced.monthsInvoicedToHouseholdFrom(em, familyId, declaration.appliesFrom)
          : [];
      if (invoicedMonths.length && dto.invoicedMonthsAcknowledged !== true) throw monthsInvoiced(invoicedMonths);
      if (event === 'VALIDATE')
        applied = await this.situation.applyInTx(
          em,
          familyId,
          declaredChangeOf(declaration),
          declaration.appliesFrom,
          declaration.id,
        );
      // Days before appliesFrom are still billed on what this declaration replaced (contracts, bookings made meanwhile).
      if (applied.previous) await this.repo.setPrevious(em, declarationId, applied.previous);
      const reason = event === 'REJECT' ? dto.reason! : null;
      const moved = await this.repo.review(em, declarationId, event, { by: actor.id, at: this.clock.now(), reason });
      if (!moved) throw alreadyReviewed(declaration.status);
      const validated = event === 'VALIDATE';
      await this.audit.record(em, {
        actor,
        action: validated ? 'family.declaration_validated' : 'family.declaration_rejected',
        subjectType: 'family',
        subjectId: familyId,
        // Field names and dates, never the values (incomes are personal data).
        details: {
          declarationId,
          fields: declaredFields(declaredChangeOf(declaration)),
          ...(validated && {
            feeFrom: applied.changed ? declaration.appliesFrom : null,
            contracts: applied.after.length,
            ...(invoicedMonths.length && { invoicedMonths }),
          }),
        },
      });
      const type = validated ? FEE_DECLARATION_VALIDATED_NOTICE : FEE_DECLARATION_REJECTED_NOTICE;
      const noticeIds = await this.notices.createForFamily(em, familyId, {
        type,
        templateData: { declarationId },
        idempotencyKey: `${type.toLowerCase().replace(/_/g, '-')}-${declarationId}`,
        subject: { type: 'family', id: familyId },
      });
      const reviewed = (await this.repo.findInFamily(em, familyId, declarationId))!;
      return { reviewed, after: applied.after, noticeIds };
    });
    // The contracts' recomputation is enqueued, then the e-mails: both after commit.
    await runAfterCommit(outcome.after);
    await this.notices.dispatch(outcome.noticeIds);
    return outcome.reviewed;
  }
}

/** Starts the review again: a contract at a crèche whose issues it has not waited for was signed meanwhile. */
class BillingCrechesChanged extends Error {
  constructor(readonly crecheIds: readonly string[]) {
    super('billing crèches changed during the review');
  }
}

/** Contracts signed during each of so many reviews of one declaration are beyond a real office: the reviewer retries. */
const MAX_ATTEMPTS = 3;

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function contractsChanging(): DomainError {
  return new DomainError(
    'DECLARATION.CONTRACTS_CHANGING',
    "Des contrats de ce foyer viennent d'être signés pendant la vérification : réessayez dans un instant.",
  );
}

function monthsInvoiced(months: readonly string[]): DomainError {
  const named = months.map(frenchMonth).join(', ');
  return new DomainError(
    'DECLARATION.MONTHS_INVOICED',
    `Déjà facturé à ce foyer : ${named}. Ces factures restent à l'ancienne participation ; validez en le sachant (invoicedMonthsAcknowledged), puis corrigez-les par un avoir si la participation baisse.`,
    { months },
  );
}
