import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DeclarationsToReviewReadModel } from '../../read-models/declarations-to-review.read-model';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import { CrecheAccess } from '../creches/creche-access';

/** A declaration waiting for a manager, of a household under contract at the crèche, with its children's names. */
export interface ContractDeclarationToReview {
  readonly familyId: string;
  readonly declarationId: string;
  readonly declaredAt: Date;
  readonly children: { readonly childId: string; readonly firstName: string | null }[];
  readonly sharesOnly: boolean;
}

/**
 * The contracts page's list of fee declarations to review: households already cared for declare new resources (each
 * January, or when they change) or a new child, and their crèche's managers check the proof. The review itself is the
 * families module's (`POST /families/:id/declarations/:declarationId/review`), which a manager of a contract running
 * up to the day the declaration applies from may do.
 */
@Injectable()
export class DeclarationsToReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly declarations: DeclarationsToReviewReadModel,
    private readonly names: FamilyNamesReadModel,
  ) {}

  async ofCreche(user: AuthUser, crecheId: string): Promise<ContractDeclarationToReview[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      const rows = await this.declarations.ofContractsAt(em, crecheId);
      const names = await this.names.childFirstNames(
        em,
        rows.flatMap((r) => r.childIds),
      );
      return rows.map((r) => ({
        familyId: r.familyId,
        declarationId: r.declarationId,
        declaredAt: r.declaredAt,
        children: r.childIds.map((childId) => ({ childId, firstName: names.get(childId) ?? null })),
        sharesOnly: r.sharesOnly,
      }));
    });
  }
}
