import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { civilDateOf } from '../../common/time/clock';
import { FamiliesRepository } from './families.repository';

/**
 * Who may see a household: its parents; a manager only through a live application or a contract at one of their
 * crèches; admins. Who may act on it as staff (review its declarations, verify its claims): admins, and a manager
 * through a live application or a contract not ended at one of their crèches. Anyone else gets the same 404 as for a
 * household that does not exist.
 */
@Injectable()
export class FamilyAccess {
  constructor(private readonly repo: FamiliesRepository) {}

  async assertCanRead(em: EntityManager, user: AuthUser, familyId: string): Promise<void> {
    if (!(await this.canRead(em, user, familyId))) throw notFound();
  }

  /**
   * A manager reviewing the household's declarations or verifying its claims, on `today`: what they decide changes the
   * fee of every contract of the household, so a crèche that no longer cares for it, or that it stopped applying to,
   * has no say.
   */
  async assertCanActAsStaff(em: EntityManager, user: AuthUser, familyId: string, today: string): Promise<void> {
    const allowed =
      user.role === 'ADMIN'
        ? await this.repo.exists(em, familyId)
        : user.role === 'MANAGER' && (await this.repo.managerSees(em, familyId, user.id, today));
    if (!allowed) throw notFound();
  }

  /**
   * The documents a household uploaded (proofs of resources, of a priority situation) that `user`, who can read the
   * household, may open: all for its parents and admins; for a manager, those uploaded on a day one of their crèches
   * had a contract of the household not ended yet (running, or signed to start later), or all while one of them has
   * its live application. A crèche the household has left keeps its history, not what the household sent since (a
   * child's disability proof, a new tax notice).
   */
  async documentsVisible<T>(
    em: EntityManager,
    user: AuthUser,
    familyId: string,
    documents: readonly T[],
    uploadedAt: (d: T) => Date,
  ): Promise<T[]> {
    if (user.role !== 'MANAGER') return [...documents];
    const seen = new Map<string, boolean>();
    const out: T[] = [];
    for (const d of documents) {
      const day = civilDateOf(uploadedAt(d));
      if (!seen.has(day)) seen.set(day, await this.repo.managerSees(em, familyId, user.id, day));
      if (seen.get(day)) out.push(d);
    }
    return out;
  }

  /** The household's own parents (and admins) may change it. */
  async assertIsMember(em: EntityManager, user: AuthUser, familyId: string): Promise<void> {
    const allowed =
      user.role === 'ADMIN' ? await this.repo.exists(em, familyId) : await this.repo.isMember(em, familyId, user.id);
    if (!allowed) throw notFound();
  }

  /** Whether a parent account belongs to the household of this child (a parent reads its children's contracts). */
  isParentOfChild(em: EntityManager, user: AuthUser, childId: string): Promise<boolean> {
    return this.repo.isParentOfChild(em, childId, user.id);
  }

  /** The household of a parent account, or null. */
  familyIdOf(em: EntityManager, userId: string): Promise<string | null> {
    return this.repo.familyIdOf(em, userId);
  }

  private async canRead(em: EntityManager, user: AuthUser, familyId: string): Promise<boolean> {
    if (user.role === 'ADMIN') return this.repo.exists(em, familyId);
    if (user.role === 'PARENT') return this.repo.isMember(em, familyId, user.id);
    if (user.role === 'MANAGER') return this.repo.managerSees(em, familyId, user.id);
    return false;
  }
}

export function notFound(): DomainError {
  return new DomainError('FAMILY.NOT_FOUND', 'Foyer introuvable.');
}
