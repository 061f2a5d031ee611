import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { TokenUserCache } from '../../common/auth/token-user.cache';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { DomainError } from '../../common/errors/domain-error';
import { frenchDate } from '../../common/text/french-dates';
import { AuditService } from '../audit/audit.service';
import { ErasureBlocker, HouseholdDataReadModel } from '../../read-models/household-data.read-model';
import { ApplicationsService } from '../applications/applications.service';
import { AbsencesService } from '../attendance/absences.service';
import { FamiliesService } from '../families/families.service';
import { FamilyAccess } from '../families/family-access';
import { UsersService } from '../users/users.service';
import { AfterCommit, DomainEvents, runAfterCommit } from '../../common/events/domain-events';
import { atPlaceFr } from '../../common/text/french-places';

/** How long an application may stay untouched before it lapses and the household is anonymised (GDPR retention). */
export const RETENTION_MONTHS = 24;

/**
 * GDPR for households: a parent downloads everything Berceau holds about them; erasure removes names, contact data,
 * income and situation while keeping, pseudonymised, what the Caf audit needs (contracts and fee computations with
 * their input snapshots stay reproducible; they never held names).
 */
/** The modules whose rows an erasure changes, each through its own service. */
@Injectable()
export class PrivacyOwners {
  constructor(
    readonly applications: ApplicationsService,
    readonly families: FamiliesService,
    readonly users: UsersService,
    readonly absences: AbsencesService,
    readonly events: DomainEvents,
  ) {}
}

@Injectable()
export class PrivacyService {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly tokenUsers: TokenUserCache,
    private readonly read: HouseholdDataReadModel,
    private readonly owners: PrivacyOwners,
  ) {}

  private get applications(): ApplicationsService {
    return this.owners.applications;
  }

  private get families(): FamiliesService {
    return this.owners.families;
  }

  private get users(): UsersService {
    return this.owners.users;
  }

  async export(user: AuthUser, familyId: string): Promise<Record<string, unknown>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertIsMember(em, user, familyId);
      const data = {
        'Exporté le': this.clock
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        'À propos':
          'Les données que Berceau détient sur votre foyer. Les justificatifs déposés se téléchargent un par un depuis vos déclarations ; le texte de chaque message est dans « Mes messages ».',
        ...(await this.read.export(em, familyId)),
      };
      await this.audit.record(em, {
        actor: user,
        action: 'family.exported',
        subjectType: 'family',
        subjectId: familyId,
      });
      return data;
    });
  }

  /**
   * By a parent, or by an admin after a request. A parent's request erases that parent's own account and leaves the
   * household to its other parents (issue #13: one parent could erase the other's account); the household's shared
   * data goes when its last parent asks, when an admin does, or at retention.
   */
  async erase(actor: AuthUser, familyId: string): Promise<void> {
    const { userIds, afterCommit } = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      // The household's row before its members are counted (its open offers before it, the order answering one
      // takes): both parents asking at once then go one after the other, and the second, now the last, erases the
      // household. Counted first, each saw the other and left it with no parent and its data kept.
      await this.applications.prepareWithdrawalOfFamilyInTx(em, familyId);
      await this.families.lockInTx(em, familyId);
      const members = await this.families.memberIdsInTx(em, familyId);
      if (actor.role === 'PARENT' && members.length > 1) {
        // A parent leaving a household that owes or will be billed waits as the last parent would: otherwise a payer
        // could invite an account of their own making and vanish behind it, leaving the debt to a name nobody knows.
        await this.outstanding(em, actor, familyId, 'member');
        await this.families.removeMemberInTx(em, familyId, actor.id);
        const erased = await this.users.eraseIn(em, [actor.id]);
        await this.audit.record(em, {
          actor,
          action: 'family.member_erased',
          subjectType: 'family',
          subjectId: familyId,
        });
        return { userIds: erased, afterCommit: [] };
      }
      const outstanding = await this.outstanding(em, actor, familyId, 'household');
      const erased = await this.eraseInTx(em, familyId);
      await this.audit.record(em, {
        actor,
        action: 'family.erased',
        subjectType: 'family',
        subjectId: familyId,
        ...(outstanding.length && { details: { outstanding } }),
      });
      return erased;
    });
    this.tokenUsers.evict(userIds);
    await runAfterCommit(afterCommit);
  }

  /**
   * A household still under contract, with months to be invoiced or a balance owed is not erased at its parent's
   * request yet, nor is one of its parents' accounts (409): its invoices would name nobody the crèche could ask to pay, and the contract would go on
   * billing an erased household. The data needed to establish and collect what is owed may be kept (GDPR art. 17-3-b
   * and e); the family is told what is left, crèche by crèche, and may ask again once it is settled. An admin, who
   * handles requests with the crèches (a debt settled outside Berceau, written off, a contract ended by the crèche),
   * may erase all the same: what was outstanding goes in the audit event. The household's row is locked first, so a
   * contract or a booking committed meanwhile is seen.
   */
  private async outstanding(
    em: EntityManager,
    actor: AuthUser,
    familyId: string,
    erasing: 'household' | 'member',
  ): Promise<ErasureBlocker[]> {
    await this.families.lockInTx(em, familyId);
    const blockers = await this.read.erasureBlockers(em, familyId, todayOf(this.clock));
    if (!blockers.length || actor.role === 'ADMIN') return blockers;
    const what =
      erasing === 'household'
        ? 'Votre foyer ne peut pas encore être effacé'
        : 'Votre compte ne peut pas encore être effacé, vous restez parent payeur de votre foyer';
    throw new DomainError(
      'PRIVACY.ERASURE_BLOCKED',
      `${what} : ${blockers.map(blockerFr).join(' ; ')}. ` +
        'Les données nécessaires à la facturation sont gardées jusqu’à ce que tout soit réglé ; demandez l’effacement ensuite, ou contactez la crèche.',
      { blockers },
    );
  }

  /** Daily: applications untouched for 24 months lapse; households with nothing left running are anonymised. */
  async applyRetention(): Promise<{ lapsed: number; erased: number }> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (em) => {
      const lapsed = await this.applications.lapseUntouchedInTx(em, now, RETENTION_MONTHS);
      const stale = await this.read.pastRetention(em, now, RETENTION_MONTHS);
      const userIds: string[] = [];
      const afterCommit: AfterCommit[] = [];
      for (const familyId of stale) {
        const erased = await this.eraseInTx(em, familyId);
        userIds.push(...erased.userIds);
        afterCommit.push(...erased.afterCommit);
        await this.audit.record(em, {
          actor: null,
          action: 'family.erased_retention',
          subjectType: 'family',
          subjectId: familyId,
        });
      }
      if (lapsed.length || stale.length)
        this.logger.log({ lapsed: lapsed.length, erased: stale.length }, 'retention applied');
      return { lapsed: lapsed.length, erased: stale.length, userIds, afterCommit };
    });
    this.tokenUsers.evict(outcome.userIds);
    await runAfterCommit(outcome.afterCommit);
    return { lapsed: outcome.lapsed, erased: outcome.erased };
  }

  /**
   * Anonymises the household, each owner changing its own rows: applications withdrawn (their open offers closed),
   * the household and children anonymised (its fee declarations deleted), the children's absence certificates deleted
   * (attendance), its parents' accounts erased. Invoices, credit notes and payments stay as issued: they hold no name
   * (the PDF reads the child's, now erased) and are accounting records. Returns those accounts' ids and the work to
   * run once committed (deleting the declarations' and certificates' files).
   */
  private async eraseInTx(
    em: EntityManager,
    familyId: string,
  ): Promise<{ userIds: string[]; afterCommit: AfterCommit[] }> {
    await this.applications.withdrawAllOfFamilyInTx(em, familyId);
    const certificates = await this.owners.absences.eraseProofsOfChildrenInTx(
      em,
      await this.read.childIdsOf(em, familyId),
    );
    const family = await this.families.anonymiseInTx(em, familyId);
    // Offers keep no income: their fee estimate's trace is cleared by allocation, which owns them.
    const handlers = await this.owners.events.emit(em, 'family.erased', { familyId });
    const userIds = await this.users.eraseIn(em, family.memberIds);
    return { userIds, afterCommit: [family.afterCommit, certificates, ...handlers] };
  }
}

function blockerFr(b: ErasureBlocker): string {
  switch (b.kind) {
    case 'CONTRACT_RUNNING':
      return `un contrat ${atPlaceFr(b.crecheName)} court jusqu’au ${frenchDate(b.onDate!)}`;
    case 'NOT_INVOICED':
      return `${b.crecheName} n’a pas encore facturé l’accueil jusqu’au ${frenchDate(b.onDate!)}`;
    case 'BALANCE_OWED':
      return `il reste ${b.amount!.replace('.', ',')} € à régler ${atPlaceFr(b.crecheName)}`;
  }
}
