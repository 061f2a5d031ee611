import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { FamilyAccess } from './family-access';
import { FamiliesRepository } from './families.repository';

/**
 * Alternating residence (#14 §5): the child's household names the other parent's household, and a parent of that
 * household accepts. Only then may a crèche bill it a share of the child's contract, and its manager see it.
 */
@Injectable()
export class CoHouseholdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly repo: FamiliesRepository,
  ) {}

  async request(
    actor: AuthUser,
    familyId: string,
    childId: string,
    otherFamilyId: string,
  ): Promise<{ id: string; accepted: boolean }> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      if (!(await this.repo.findChild(em, childId, familyId)))
        throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
      if (otherFamilyId === familyId || !(await this.repo.exists(em, otherFamilyId)))
        throw invalidFields([{ field: 'otherFamilyId', errors: ['otherFamilyId must be another existing household'] }]);
      const row = await this.repo.requestCoHousehold(em, childId, otherFamilyId, actor.id);
      await this.audit.record(em, {
        actor,
        action: 'family.co_household_requested',
        subjectType: 'family',
        subjectId: familyId,
        details: { childId, otherFamilyId },
      });
      return { id: row.id, accepted: row.acceptedAt !== null };
    });
  }

  /** The requests addressed to the parent's household. */
  async pendingFor(user: AuthUser): Promise<{ id: string; childId: string; requestedAt: Date }[]> {
    const em = this.dataSource.manager;
    const familyId = await this.access.familyIdOf(em, user.id);
    return familyId ? this.repo.pendingCoHouseholds(em, familyId) : [];
  }

  async accept(user: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const familyId = await this.access.familyIdOf(em, user.id);
      if (!familyId || !(await this.repo.acceptCoHousehold(em, id, familyId, user.id)))
        throw new DomainError('FAMILY.NOT_FOUND', 'Demande introuvable.');
      await this.audit.record(em, {
        actor: user,
        action: 'family.co_household_accepted',
        subjectType: 'family',
        subjectId: familyId,
        details: { requestId: id },
      });
    });
  }

  /** Whether the household agreed to pay a share of this child's contracts. */
  isAccepted(em: EntityManager, childId: string, familyId: string): Promise<boolean> {
    return this.repo.isAcceptedCoHousehold(em, childId, familyId);
  }
}
