import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { FamilyAccess } from './family-access';
import { FiloueObjectionsRepository } from './filoue-objections.repository';

/**
 * A household's objection to the yearly FILOUÉ file (the anonymised file of the children cared for, sent to the Cnaf;
 * docs/rules.md §9). Families are told of the file and of this right when they sign up; a parent of the household
 * objects or withdraws the objection at any time. The FILOUÉ export leaves out households objecting when it is built.
 */
@Injectable()
export class FiloueObjectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly repo: FiloueObjectionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the objection (its first date is kept when the household already objects). Returns that date. */
  async object(actor: AuthUser, familyId: string): Promise<Date> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      const objectedAt = await this.repo.object(em, familyId, this.clock.now());
      await this.record(em, actor, familyId, 'family.filoue_objected');
      return objectedAt;
    });
  }

  /** Withdraws the objection: the household is in the next FILOUÉ file. */
  async withdraw(actor: AuthUser, familyId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      await this.repo.withdraw(em, familyId);
      await this.record(em, actor, familyId, 'family.filoue_objection_withdrawn');
    });
  }

  private record(em: EntityManager, actor: AuthUser, familyId: string, action: string): Promise<void> {
    return this.audit.record(em, { actor, action, subjectType: 'family', subjectId: familyId });
  }
}
