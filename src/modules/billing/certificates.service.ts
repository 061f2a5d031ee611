import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { BillingInputsReadModel } from '../../read-models/billing-inputs.read-model';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import { FamilyAccess } from '../families/family-access';
import { CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { BillingRepository } from './billing.repository';
import { renderCertificatePdf } from './certificate-pdf';
import { certifyYear, paidForChildren } from './domain/tax-certificate';
import { Dec } from '../fees/domain/decimal';

/** The yearly certificate of childcare costs paid (issue #16), for the household's parents and the crèche's managers. */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger(CertificatesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly families: FamilyAccess,
    private readonly creches: CrechesService,
    private readonly repo: BillingRepository,
    private readonly inputs: BillingInputsReadModel,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Each January (the `billing.announce-certificates` job): every household that paid a crèche during the previous
   * year and has a certificate there for it (the rule of `pdf`, run for each) is told by e-mail that its certificate
   * of childcare costs is available.
   * Once per household and year: the notices' idempotency key carries both, so a second run (a retry, a second
   * worker) sends nothing more.
   */
  async announcePreviousYear(): Promise<{ households: number; notices: number }> {
    const year = Number(todayOf(this.clock).slice(0, 4)) - 1;
    const { households, noticeIds } = await this.dataSource.transaction(async (em) => {
      // Once a year: five short reads per household and crèche paid, the certificate's own rule for each.
      const certified = new Set<string>();
      for (const { familyId, crecheId } of await this.repo.payersInYear(em, year))
        if (!certified.has(familyId) && (await this.certifiedShares(em, familyId, crecheId, year)))
          certified.add(familyId);
      const familyIds = [...certified];
      const noticeIds: (string | null)[] = [];
      for (const familyId of familyIds) {
        const ids = await this.notices.createForFamily(em, familyId, {
          type: CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE,
          templateData: { familyId, year },
          idempotencyKey: `childcare-certificate-${year}-${familyId}`,
          subject: { type: 'family', id: familyId },
        });
        if (ids.some((id) => id !== null))
          await this.audit.record(em, {
            actor: null,
            action: 'family.childcare_certificate_announced',
            subjectType: 'family',
            subjectId: familyId,
            details: { year },
          });
        noticeIds.push(...ids);
      }
      return { households: familyIds.length, noticeIds };
    });
    await this.notices.dispatch(noticeIds);
    const sent = noticeIds.filter((id) => id !== null).length;
    if (sent) this.logger.log({ year, households, notices: sent }, 'childcare certificates announced');
    return { households, notices: sent };
  }

  /** The crèches a household paid during a year that have a certificate for it (named in the January e-mail). */
  async crechesCertified(em: EntityManager, familyId: string, year: number): Promise<string[]> {
    const out: string[] = [];
    for (const crecheId of await this.repo.crechesPaidInYear(em, familyId, year))
      if (await this.certifiedShares(em, familyId, crecheId, year)) out.push(crecheId);
    return out;
  }

  /**
   * What a year's payments paid for each child of a household at a crèche, and the children its certificate names
   * (those billed that year, and those the payments paid for); null when it has none. The year's payments settle the
   * household's invoices oldest first: a December invoice paid in January counts for its child, though only a brother
   * was billed in the new year (`paidForChildren`).
   */
  private async certifiedShares(em: EntityManager, familyId: string, crecheId: string, year: number) {
    const shares = paidForChildren({
      year,
      invoices: await this.repo.invoicesUpToYear(em, familyId, crecheId, year),
      paidBefore: await this.repo.paidBeforeYear(em, familyId, crecheId, year),
      paidInYear: await this.repo.paidInYear(em, familyId, crecheId, year),
    });
    const billedInYear = await this.inputs.childrenBilledInYear(em, familyId, crecheId, year);
    const childIds = new Set([...billedInYear.map((c) => c.childId), ...shares.keys()]);
    return childIds.size ? { shares, childIds } : null;
  }

  async pdf(
    user: AuthUser,
    familyId: string,
    crecheId: string,
    year: number,
  ): Promise<{ bytes: Buffer; filename: string }> {
    const today = todayOf(this.clock);
    if (!Number.isInteger(year) || year < 2000 || year >= Number(today.slice(0, 4)))
      throw invalidFields([
        { field: 'year', errors: [`year must be a year that is over (before ${today.slice(0, 4)})`] },
      ]);
    const facts = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      if (user.role === 'PARENT') {
        if ((await this.families.familyIdOf(em, user.id)) !== familyId) throw notFound();
      } else await this.access.assertCanPlan(em, user, crecheId, notFound);
      const certified = await this.certifiedShares(em, familyId, crecheId, year);
      if (!certified) throw notFound();
      const { shares, childIds } = certified;
      return {
        crecheName: (await this.creches.get(crecheId, em)).name,
        // What the payments paid for a child: an advance the year billed no one for is certified for no one.
        paid: [...shares.values()].reduce((sum, share) => sum.plus(share), new Dec(0)).toString(),
        cancelledSince: await this.repo.cancelledAfterYear(em, familyId, crecheId, year),
        recordedSince: await this.repo.recordedAfterYear(em, familyId, crecheId, year),
        children: (await this.inputs.childrenNamed(em, [...childIds])).map((c) => ({
          ...c,
          billed: (shares.get(c.childId) ?? new Dec(0)).toString(),
        })),
      };
    });
    // Each child's share is what the payments paid for it: certifyYear rounds it once and leaves the older ones out.
    const certified = certifyYear({ year, paid: facts.paid, children: facts.children });
    const bytes = await renderCertificatePdf({
      year,
      crecheName: facts.crecheName,
      children: certified.children,
      total: certified.total,
      issuedOn: today,
      cancelledSince: facts.cancelledSince,
      recordedSince: facts.recordedSince,
    });
    return { bytes, filename: `attestation-frais-de-garde-${year}.pdf` };
  }
}

function notFound(): DomainError {
  return new DomainError('INVOICE.NOT_FOUND', 'Aucune facture de ce foyer dans cette crèche cette année-là.');
}
