import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { BillingInputsReadModel } from '../../read-models/billing-inputs.read-model';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import { FamilyAccess } from '../families/family-access';
import { BillingRepository } from './billing.repository';
import { renderCertificatePdf } from './certificate-pdf';
import { certifyYear } from './domain/tax-certificate';

/** The yearly certificate of childcare costs paid (issue #16), for the household's parents and the crèche's managers. */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly families: FamilyAccess,
    private readonly creches: CrechesService,
    private readonly repo: BillingRepository,
    private readonly inputs: BillingInputsReadModel,
  ) {}

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
      const children = await this.inputs.childrenBilledInYear(em, familyId, crecheId, year);
      if (!children.length) throw notFound();
      return {
        crecheName: (await this.creches.get(crecheId, em)).name,
        paid: await this.repo.paidInYear(em, familyId, crecheId, year),
        children,
      };
    });
    const certified = certifyYear({
      year,
      paid: facts.paid,
      children: facts.children.map((c) => ({ ...c, billed: c.amount })),
    });
    const bytes = await renderCertificatePdf({
      year,
      crecheName: facts.crecheName,
      children: certified.children,
      total: certified.total,
      issuedOn: today,
    });
    return { bytes, filename: `attestation-frais-de-garde-${year}.pdf` };
  }
}

function notFound(): DomainError {
  return new DomainError('INVOICE.NOT_FOUND', 'Aucune facture de ce foyer dans cette crèche cette année-là.');
}
