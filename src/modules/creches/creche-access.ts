import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CrechesRepository } from './creches.repository';

/**
 * Row-level access to a crèche's private data. A manager who does not manage the crèche gets the same 404 as for
 * a crèche that does not exist, so nothing leaks about other structures.
 */
@Injectable()
export class CrecheAccess {
  constructor(private readonly repo: CrechesRepository) {}

  /** `denied` builds the error: a contract or booking of another crèche answers its own 404. */
  async assertCanPlan(
    em: EntityManager,
    user: AuthUser,
    crecheId: string,
    denied: () => DomainError = notFound,
  ): Promise<void> {
    const allowed =
      (user.role === 'ADMIN' && (await this.repo.exists(em, crecheId))) ||
      (user.role === 'MANAGER' && (await this.repo.isManager(em, user.id, crecheId)));
    if (!allowed) throw denied();
  }

  /**
   * Pointage (the day's list, arrivals and departures): the crèche's managers and staff, and admins. A staff account
   * of another crèche gets the same 404 as a manager of another crèche.
   */
  async assertCanClock(em: EntityManager, user: AuthUser, crecheId: string): Promise<void> {
    if (user.role === 'CRECHE_STAFF') {
      if (!(await this.repo.isStaff(em, user.id, crecheId))) throw notFound();
      return;
    }
    await this.assertCanPlan(em, user, crecheId);
  }

  /**
   * Changing the crèche's settings: admins any crèche, a manager only the crèches they manage (which settings, per
   * field, is `CRECHE_SETTING_EDITORS`' rule, checked by the service).
   */
  async assertCanEditSettings(em: EntityManager, user: AuthUser, crecheId: string): Promise<void> {
    await this.assertCanPlan(em, user, crecheId);
  }

  /**
   * Occupancy figures (no personal data): the crèche's managers and staff (the places the day uses, on Aujourd'hui),
   * admins, and Caf auditors (territory-wide, read-only).
   */
  assertCanReadOccupancy(em: EntityManager, user: AuthUser, crecheId: string): Promise<void> {
    return this.auditorOr(em, user, crecheId, () => this.assertCanClock(em, user, crecheId));
  }

  /** The Caf's reports (activity, FILOUÉ): the crèche's managers, admins, and Caf auditors; not its staff. */
  assertCanReadCafReports(em: EntityManager, user: AuthUser, crecheId: string): Promise<void> {
    return this.auditorOr(em, user, crecheId, () => this.assertCanPlan(em, user, crecheId));
  }

  /** Caf auditors read every crèche's figures (an unknown crèche is 404 to them too); anyone else as `otherwise` says. */
  private async auditorOr(
    em: EntityManager,
    user: AuthUser,
    crecheId: string,
    otherwise: () => Promise<void>,
  ): Promise<void> {
    if (user.role !== 'CAF_AUDITOR') return otherwise();
    if (!(await this.repo.exists(em, crecheId))) throw notFound();
  }

  /** Whether a manager manages at least one of these crèches (admins: always). */
  async managesAny(em: EntityManager, user: AuthUser, crecheIds: readonly string[]): Promise<boolean> {
    if (user.role === 'ADMIN') return true;
    if (user.role !== 'MANAGER') return false;
    return this.repo.managesAny(em, user.id, crecheIds);
  }

  /** The accounts that manage the crèche (whom its notices go to). */
  managersOf(em: EntityManager, crecheId: string): Promise<string[]> {
    return this.repo.managerIds(em, crecheId);
  }

  /** The crèches a manager manages, or a staff account works at (null: every crèche, for admins and auditors). */
  async managedCrecheIds(em: EntityManager, user: AuthUser): Promise<string[] | null> {
    if (user.role === 'CRECHE_STAFF') return this.repo.staffedBy(em, user.id);
    if (user.role !== 'MANAGER') return null;
    return this.repo.managedBy(em, user.id);
  }
}

export function notFound(): DomainError {
  return new DomainError('CRECHE.NOT_FOUND', 'Crèche introuvable.');
}
