import { DEFAULT_BILLING_UNIT_MINUTES } from '../fees/domain/occasional-fee';
import Decimal from 'decimal.js';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { TerritoriesService } from '../territories/territories.service';
import { notNameable, UsersService } from '../users/users.service';
import type { TeamMember } from '../users/domain/team-member';
import { FeeScalesService } from '../fees/fee-scales.service';
import { FeesService } from '../fees/fees.service';
import { periodForm, type QuoteResponseDto } from '../fees/dto/quote.dto';
import { outsideOpeningHours } from './domain/schedule';
import type { CrecheQuoteDto } from './dto/creche-quote.dto';
import { dayOf } from '../../common/time/calendar';
import { validateCrecheSettings } from './domain/creche-validation';
import { type ClosureDays, monthsOfChangedClosureDays, newlyClosedSpans } from './domain/closure-changes';
import { AttendedDaysReadModel } from '../../read-models/attended-days.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { frenchDate, frenchMonth } from '../../common/text/french-dates';
import type { CreateCrecheDto, UpdateCrecheDto } from './dto/creche.dto';
import { CrecheEntity } from './entities/creche.entity';
import { CapacityService } from './capacity.service';
import { type CapacitySettings, type CrecheCareFeeFacts, CrechesRepository } from './creches.repository';
import { CrecheAccess, notFound } from './creche-access';
import { can } from '../../common/auth/permissions';
import { adminOnlySettingsIn, CRECHE_SETTING_EDITORS, type CrecheSetting } from './domain/settings-access';

/** Every field of a change has its access rule and every rule its field: a new DTO field without one does not compile. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _EVERY_FIELD_HAS_A_RULE: Exactly<keyof UpdateCrecheDto, CrecheSetting> = true;

/** Fields whose change can make planned presences stop fitting. */
const CAPACITY_FIELDS = [
  'places',
  'surnombre',
  'openingHours',
  'capacityBands',
  'closures',
  'opensOnPublicHolidays',
] as const;

/** A crèche's staff accounts, as its team's page shows them. */
export interface CrecheTeam {
  readonly userIds: string[];
  readonly members: TeamMember[];
}

/** Who a manager invites to the team. */
export interface StaffInvitation {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

const DATE_IS_START = "date must be contractStart in the period form: a contract's fee applies from its first day";

@Injectable()
export class CrechesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly territories: TerritoriesService,
    private readonly capacity: CapacityService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly invoiced: InvoicedMonthsReadModel,
    private readonly attended: AttendedDaysReadModel,
    private readonly scales: FeeScalesService,
    private readonly fees: FeesService,
    private readonly repo: CrechesRepository,
    private readonly access: CrecheAccess,
  ) {}

  async create(actor: AuthUser, dto: CreateCrecheDto): Promise<CrecheEntity> {
    return this.dataSource.transaction(async (em) => {
      const territory = await this.territories.getIn(em, dto.territoryId, false);
      if (!territory.communes.some((c) => c.inseeCode === dto.commune)) {
        throw invalidFields([
          { field: 'commune', errors: [`commune ${dto.commune} is not a commune of the territory`] },
        ]);
      }
      const creche = this.repo.build(em, {
        territoryId: dto.territoryId,
        name: dto.name,
        communeInseeCode: dto.commune,
        kind: dto.kind,
        places: dto.places,
        surnombre: dto.surnombre,
        openingHours: dto.openingHours.map((o) => ({ weekday: o.weekday, opens: o.opens, closes: o.closes })),
        capacityBands: (dto.capacityBands ?? []).map((b) => ({
          weekday: b.weekday,
          from: b.from,
          to: b.to,
          places: b.places,
        })),
        closures: (dto.closures ?? []).map((c) => ({ from: c.from, to: c.to, label: c.label })),
        opensOnPublicHolidays: dto.opensOnPublicHolidays ?? false,
        minAgeMonths: dto.minAgeMonths ?? null,
        maxAgeMonths: dto.maxAgeMonths ?? 48,
        offerResponseDays: dto.offerResponseDays ?? 8,
        reservedInsertionPlaces: dto.reservedInsertionPlaces ?? 1,
        resourcesCeilingOverride: dto.resourcesCeilingOverride ?? null,
        maxLeaveWeeksPerYear: dto.maxLeaveWeeksPerYear ?? 10,
        billingUnitMinutes: dto.billingUnitMinutes ?? DEFAULT_BILLING_UNIT_MINUTES,
        emergencyRate: dto.emergencyRate ?? 'FLOOR',
        emergencyHourlyRate: dto.emergencyHourlyRate ?? null,
        cafNumber: dto.cafNumber ?? null,
        afcFileNumber: dto.afcFileNumber ?? null,
        paymentDueDays: dto.paymentDueDays ?? null,
        paymentTerms: dto.paymentTerms ?? null,
      });
      assertValid(creche);
      await this.assertCeilingOverride(em, creche.resourcesCeilingOverride);
      const saved = await this.save(em, creche);
      await this.audit.record(em, {
        actor,
        action: 'creche.created',
        subjectType: 'creche',
        subjectId: saved.id,
        details: { places: saved.places, kind: saved.kind },
      });
      return saved;
    });
  }

  /**
   * A closure over a day children were checked in at the crèche would leave hours attended on a closed day, billed as
   * extra hours and counted in the Caf report while the day is out of its capacity (R8.9); the day would also be
   * deducted as a closure added after the contracts' hours were reserved. 409 naming the days: the manager corrects
   * the pointage first, or closes the days after.
   */
  private async refuseClosingAttendedDays(
    em: EntityManager,
    crecheId: string,
    before: readonly ClosureDays[],
    after: readonly ClosureDays[],
  ): Promise<void> {
    const days = await this.attended.daysAttendedAtCreche(em, crecheId, newlyClosedSpans(before, after));
    if (days.length)
      throw new DomainError(
        'CRECHE.CLOSED_DAY_ATTENDED',
        `Des enfants ont été pointés le ${frenchDate(days[0])}${days.length > 1 ? ` (et ${days.length - 1} autre${days.length > 2 ? 's' : ''} jour${days.length > 2 ? 's' : ''})` : ''} : la crèche était ouverte ce jour-là. Corrigez le pointage avant d’y ajouter une fermeture.`,
        { days },
      );
  }

  /**
   * Waits for an issue of the crèche's month under way, and keeps the next from starting until the change commits;
   * then refuses a change of the closures that closes or opens a day of a month already invoiced: its invoices
   * deducted what was closed when they were issued and no longer change (409, the months named; a credit note
   * corrects them, docs/rules.md#r88).
   */
  private async invoicedMonthsOf(em: EntityManager, crecheId: string) {
    await this.invoiced.waitForIssue(em, crecheId);
    return async (before: readonly ClosureDays[], after: readonly ClosureDays[]) => {
      const changed = monthsOfChangedClosureDays(before, after);
      const months = changed.length ? await this.invoiced.monthsInvoicedAtCreche(em, crecheId, changed) : [];
      if (months.length)
        throw new DomainError(
          'CRECHE.MONTH_INVOICED',
          `Cette fermeture touche un mois déjà facturé (${frenchMonth(months[0])}) : ses factures ne changent plus. Corrigez-les par un avoir.`,
          { months },
        );
    };
  }

  /**
   * Changes a crèche under its lock; a change that would leave planned children without room is a 409. Admins change
   * any setting; a crèche's own managers its operational settings only (`CRECHE_SETTING_EDITORS`, docs/rules.md
   * R1.2b): a manager of another crèche gets its 404, an admin-only field a 403 naming it.
   */
  async update(actor: AuthUser, id: string, dto: UpdateCrecheDto): Promise<CrecheEntity> {
    return this.dataSource.transaction(async (em) => {
      if (!can(actor.role, 'creches:write')) {
        await this.access.assertCanEditSettings(em, actor, id);
        const adminOnly = adminOnlySettingsIn(dto as Record<string, unknown>);
        if (adminOnly.length) {
          throw new DomainError(
            'CRECHE.FIELD_ADMIN_ONLY',
            `Only an admin may change: ${adminOnly.join(', ')} (set by the PMI authorisation, the territory or the Caf).`,
            { fields: adminOnly },
          );
        }
      }
      // Before the crèche's row: an issue of its month holds the invoice sequence, then reads the crèche.
      const invoicedBefore = dto.closures === undefined ? null : await this.invoicedMonthsOf(em, id);
      const creche = await this.capacity.lockCreche(em, id);
      const before = settingsOf(creche);
      const capacityBefore = capacitySettingsOf(creche);
      if (invoicedBefore) await invoicedBefore(creche.closures, dto.closures!);
      if (dto.closures !== undefined) await this.refuseClosingAttendedDays(em, id, creche.closures, dto.closures);
      if (dto.commune !== undefined) {
        const territory = await this.territories.getIn(em, creche.territoryId, false);
        if (!territory.communes.some((c) => c.inseeCode === dto.commune)) {
          throw invalidFields([
            { field: 'commune', errors: [`commune ${dto.commune} is not a commune of the territory`] },
          ]);
        }
        creche.communeInseeCode = dto.commune;
      }
      const { commune: _commune, ...rest } = dto;
      Object.assign(creche, rest);
      assertValid(creche);
      if (dto.resourcesCeilingOverride !== undefined)
        await this.assertCeilingOverride(em, creche.resourcesCeilingOverride);
      if (CAPACITY_FIELDS.some((f) => dto[f] !== undefined)) {
        const conflicts = await this.capacity.replan(em, creche, dayOf(todayOf(this.clock)));
        if (conflicts.length) {
          throw new DomainError(
            'CRECHE.CAPACITY_BELOW_PLANNED',
            'This change leaves planned children without room; end or move them first.',
            { conflicts },
          );
        }
      }
      const saved = await this.save(em, creche);
      // The capacity in force until today stays that of the days before, for their Caf report (R9.4).
      if (canonical(capacityBefore) !== canonical(capacitySettingsOf(saved)))
        await this.repo.keepCapacitySettings(em, id, todayOf(this.clock), capacityBefore);
      await this.audit.record(em, {
        actor,
        action: 'creche.updated',
        subjectType: 'creche',
        subjectId: id,
        details: { fields: Object.keys(dto), changes: changesBetween(before, settingsOf(saved), dto) },
      });
      return saved;
    });
  }

  async setManagers(actor: AuthUser, crecheId: string, userIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(userIds)];
    return this.dataSource.transaction(async (em) => {
      await this.capacity.lockCreche(em, crecheId);
      await this.users.assertAllHaveRole(em, userIds, 'MANAGER');
      await this.repo.replaceManagers(em, crecheId, unique);
      await this.audit.record(em, {
        actor,
        action: 'creche.managers_set',
        subjectType: 'creche',
        subjectId: crecheId,
        details: { userIds: unique },
      });
      return unique;
    });
  }

  /**
   * Replaces the crèche's staff accounts (role CRECHE_STAFF), who do its pointage: admins for any crèche, a manager
   * for the crèches they manage (they run their team). Accounts already in the team stay whatever became of them (an
   * account disabled since is kept or dropped, never a reason to refuse the change); newcomers must be enabled staff
   * accounts. Those dropped whose invitation still waits are withdrawn (`dropStaff`).
   */
  async setStaff(actor: AuthUser, crecheId: string, userIds: readonly string[]): Promise<CrecheTeam> {
    const unique = [...new Set(userIds)].sort();
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      // Two changes of the same team at once: the second waits and replaces the first whole.
      await this.repo.lockMany(em, [crecheId]);
      const current = await this.repo.staffIds(em, crecheId);
      // Both checks answer together, one refusal per id whichever refused it: answered one after the other, an id the
      // first let through and the second refused told a manager it was another crèche's auxiliary.
      const refused = [
        ...(await fieldProblemsOf(() => this.users.assertAllHaveRole(em, userIds, 'CRECHE_STAFF', new Set(current)))),
        ...(actor.role === 'MANAGER'
          ? await fieldProblemsOf(() => this.assertTeamIsTheManagers(em, actor, crecheId, userIds))
          : []),
      ];
      if (refused.length)
        throw invalidFields(
          [...new Map(refused.map((p) => [p.field, p])).values()].sort(
            (a, b) => fieldIndex(a.field) - fieldIndex(b.field),
          ),
        );
      await this.repo.replaceStaff(em, crecheId, unique);
      await this.dropStaff(
        em,
        actor,
        current.filter((id) => !unique.includes(id)),
      );
      await this.audit.record(em, {
        actor,
        action: 'creche.staff_set',
        subjectType: 'creche',
        subjectId: crecheId,
        details: { userIds: unique },
      });
      return this.teamOf(em, crecheId);
    });
  }

  /**
   * Takes one account off the crèche's team (the page's "Retirer"): unlike `setStaff`, a change made meanwhile by
   * someone else (an invitation) is not undone. 404 when the account is not in the team.
   */
  async removeStaff(actor: AuthUser, crecheId: string, userId: string): Promise<CrecheTeam> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      await this.repo.lockMany(em, [crecheId]);
      if (!(await this.repo.removeStaff(em, crecheId, userId)))
        throw new DomainError('USER.NOT_FOUND', "Ce compte ne fait pas partie de l'équipe de cette crèche.");
      await this.dropStaff(em, actor, [userId]);
      await this.audit.record(em, {
        actor,
        action: 'creche.staff_removed',
        subjectType: 'creche',
        subjectId: crecheId,
        details: { userId },
      });
      return this.teamOf(em, crecheId);
    });
  }

  /**
   * Accounts just taken off a team: those now in no team whose invitation still waits (no password chosen) are
   * withdrawn and erased (`UsersService.withdrawInvitationsIn`), so that an address given by mistake neither becomes a
   * working account nor stays taken.
   */
  private async dropStaff(em: EntityManager, actor: AuthUser, userIds: readonly string[]): Promise<void> {
    if (!userIds.length) return;
    // Asked once the accounts are locked: an invitation naming one to another team at the same time has committed by
    // then, and keeps it (asked before, the account would be erased in that team).
    await this.users.withdrawInvitationsIn(
      em,
      actor,
      userIds,
      async (locked) => new Set(await this.repo.staffedAnywhere(em, locked)),
    );
  }

  /**
   * A manager names an account already in this crèche's team, or one that works only at crèches they manage (or at
   * none yet): another crèche's auxiliary would otherwise read this crèche's children without its manager knowing.
   * Admins name anyone.
   */
  private async assertTeamIsTheManagers(
    em: EntityManager,
    actor: AuthUser,
    crecheId: string,
    userIds: readonly string[],
  ): Promise<void> {
    const current = new Set(await this.repo.staffIds(em, crecheId));
    const newcomers = [...new Set(userIds)].filter((id) => !current.has(id));
    if (!newcomers.length) return;
    const managed = await this.repo.managedBy(em, actor.id);
    const elsewhere = await this.repo.staffOutside(em, newcomers, managed);
    if (elsewhere.length)
      throw invalidFields(
        elsewhere.map((userId) => ({
          field: `userIds[${userIds.indexOf(userId)}]`,
          // As for an id that is no staff account (notNameable): a manager learns nothing of whose it is.
          errors: [notNameable(userId, 'CRECHE_STAFF')],
        })),
      );
  }

  /** The crèche's staff accounts, with who they are: admins and the crèche's managers. */
  async staff(actor: AuthUser, crecheId: string): Promise<CrecheTeam> {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      return this.teamOf(em, crecheId);
    });
  }

  /**
   * A manager (or an admin) names an auxiliary to the crèche's team by their address, in one transaction. A new
   * address gets a staff account, e-mailed a link that sets its password. An address that is already a staff account's
   * (an auxiliary who works at two crèches) names that account, which is e-mailed that it is (`nameExistingStaff`).
   */
  async inviteStaff(actor: AuthUser, crecheId: string, person: StaffInvitation): Promise<CrecheTeam> {
    // Checked before the hash (argon2's CPU and memory) and the limit, then again under the lock.
    await this.access.assertCanPlan(this.dataSource.manager, actor, crecheId);
    await this.users.assertMayInvite(actor);
    const passwordHash = await this.users.unknownPasswordHash();
    // A new address taken by another invitation between the look-up and the insert (two crèches inviting the same
    // person at once) fails the insert; tried once more, it is found, and joins or is refused as an existing account.
    const attempt = async (last: boolean) => {
      try {
        return await this.inviteInTx(actor, crecheId, person, passwordHash);
      } catch (err) {
        if (!(err instanceof AddressTakenMeanwhile)) throw err;
        if (last) throw emailTaken();
        return attempt(true);
      }
    };
    const { team, noticeId } = await attempt(false);
    await this.users.dispatchNotices([noticeId]);
    return team;
  }

  private async inviteInTx(actor: AuthUser, crecheId: string, person: StaffInvitation, passwordHash: string) {
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      // The same lock as a change of the whole team: neither undoes the other.
      await this.repo.lockMany(em, [crecheId]);
      const creche = await this.get(crecheId, em);
      const existing = await this.users.accountByEmailIn(em, person.email);
      const invited = existing
        ? { userId: existing.id, noticeId: await this.nameExistingStaff(em, actor, creche, existing) }
        : await this.users
            .inviteIn(em, actor, { ...person, role: 'CRECHE_STAFF', passwordHash }, { crecheName: creche.name })
            .catch((err: unknown) => {
              if (err instanceof DomainError && err.code === 'USER.EMAIL_TAKEN') throw new AddressTakenMeanwhile();
              throw err;
            });
      await this.repo.addStaff(em, crecheId, invited.userId);
      await this.audit.record(em, {
        actor,
        action: 'creche.staff_invited',
        subjectType: 'creche',
        subjectId: crecheId,
        details: { userId: invited.userId, existingAccount: existing !== null },
      });
      return { team: await this.teamOf(em, crecheId), noticeId: invited.noticeId };
    });
  }

  /**
   * The address of an invitation is an account's already: a staff account joins the team as `setStaff` would let it
   * (a manager names only one who works at none of the crèches they do not manage), and is told so by e-mail (the
   * names typed in the form are not applied: the account keeps its own). Any other account is 409: a parent or a
   * manager does not get the rights of the pointage through a form that only asked for an address. A manager is told
   * only that the address has an account that cannot join; an admin is told why.
   */
  private async nameExistingStaff(
    em: EntityManager,
    actor: AuthUser,
    creche: { id: string; name: string },
    account: Parameters<UsersService['invitedToAnotherTeamIn']>[1],
  ): Promise<string | null> {
    if (await this.repo.isStaff(em, account.id, creche.id))
      throw new DomainError('STAFF.ALREADY_IN_TEAM', 'Cette personne fait déjà partie de l’équipe de cette crèche.');
    // A manager learns no more of an address than before (that it has an account): why it cannot join is an admin's.
    if (actor.role === 'MANAGER') {
      const managed = await this.repo.managedBy(em, actor.id);
      const refused =
        account.role !== 'CRECHE_STAFF' ||
        account.disabled ||
        (await this.repo.staffOutside(em, [account.id], managed)).length > 0;
      if (refused) throw emailTaken();
    }
    if (account.role !== 'CRECHE_STAFF')
      throw new DomainError(
        'USER.EMAIL_TAKEN',
        'Cette adresse est celle d’un compte Berceau qui n’est pas un compte de pointage : invitez la personne avec une autre adresse.',
      );
    if (account.disabled)
      throw new DomainError(
        'STAFF.ACCOUNT_DISABLED',
        'Le compte de pointage de cette adresse est désactivé : invitez la personne avec une autre adresse.',
      );
    return this.users.invitedToAnotherTeamIn(em, account, { crecheId: creche.id, crecheName: creche.name });
  }

  private async teamOf(em: EntityManager, crecheId: string): Promise<CrecheTeam> {
    const userIds = await this.repo.staffIds(em, crecheId);
    return { userIds, members: await this.users.teamMembers(em, userIds) };
  }

  async managers(crecheId: string): Promise<string[]> {
    return this.repo.managerIds(this.dataSource.manager, crecheId);
  }

  list(territoryId?: string): Promise<CrecheEntity[]> {
    return this.repo.list(this.dataSource.manager, territoryId);
  }

  /**
   * The crèches the account works for, by name: a manager's own, a staff account's, every crèche for an admin, none
   * otherwise.
   */
  async managedBy(user: AuthUser): Promise<CrecheEntity[]> {
    const em = this.dataSource.manager;
    if (user.role === 'ADMIN') return this.repo.list(em);
    const ids =
      user.role === 'MANAGER'
        ? await this.repo.managedBy(em, user.id)
        : user.role === 'CRECHE_STAFF'
          ? await this.repo.staffedBy(em, user.id)
          : [];
    if (!ids.length) return [];
    const creches = await this.repo.findByIds(em, ids);
    return creches.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  /**
   * The parents' simulator at this crèche (public): the fee one of its contracts would have, with its care type,
   * resources ceiling, closures, public holidays and bound on leave (404 for no such crèche).
   */
  async quote(id: string, dto: CrecheQuoteDto): Promise<QuoteResponseDto> {
    const creche = await this.get(id);
    if (periodForm(dto)) {
      // As a contract: its fee applies from its first day, and its schedule is within the crèche's opening hours
      // (a contract outside them is refused for capacity, rule CLOSED: no fee to quote for it).
      const problems = dto.date === dto.contractStart ? [] : [{ field: 'date', errors: [DATE_IS_START] }];
      const start = dayOf(dto.contractStart!);
      for (const o of outsideOpeningHours(this.capacity.compile(creche, start, start), dto.schedule ?? []))
        problems.push({
          field: `schedule[${o.index}]`,
          errors: [`${o.text} is outside the opening hours of ${creche.name}`],
        });
      if (problems.length) throw invalidFields(problems);
    }
    return this.fees.quote(dto, creche);
  }

  /**
   * Holds the crèche's settings until the caller's transaction ends (its row FOR SHARE): a change of its closures
   * waits, then sees what the caller wrote (a check-in on a day it would close, R8.9). Take it after the children's
   * locks and rows (PlannedDayReadModel.holdChildren): an admission locks a child's row, then its crèche.
   */
  async holdSettings(em: EntityManager, id: string): Promise<void> {
    await this.repo.lockShared(em, id);
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<CrecheEntity> {
    const creche = await this.repo.findById(em, id);
    if (!creche) throw notFound();
    return creche;
  }

  /** What a booking's fee is fixed from, of the crèche (404 when there is no such crèche). */
  async careFeeFacts(id: string, em: EntityManager): Promise<CrecheCareFeeFacts> {
    const facts = await this.repo.careFeeFacts(em, id);
    if (!facts) throw notFound();
    return facts;
  }

  /** The crèches among `ids` that exist, ordered by id. */
  findByIds(em: EntityManager, ids: readonly string[]): Promise<CrecheEntity[]> {
    return this.repo.findByIds(em, ids);
  }

  /** A crèche may use a higher ceiling than the national scale in force (with the Caf's agreement), never a lower one. */
  private async assertCeilingOverride(em: EntityManager, override: string | null): Promise<void> {
    if (override === null) return;
    // The scale in force is the fees module's rule (crèches depend on fees).
    const ceiling = await this.scales.currentCeiling(em);
    if (ceiling && new Decimal(override).lt(ceiling)) {
      throw invalidFields([
        {
          field: 'resourcesCeilingOverride',
          errors: [`must not be below the national ceiling in force (${ceiling} €)`],
        },
      ]);
    }
  }

  private async save(em: EntityManager, creche: CrecheEntity): Promise<CrecheEntity> {
    try {
      return await this.repo.save(em, creche);
    } catch (err) {
      const constraint = violatedConstraint(err);
      if (constraint === 'uq_creches_territory_name')
        throw new DomainError('CRECHE.NAME_TAKEN', 'A crèche with this name already exists in the territory.');
      throw err;
    }
  }
}

function assertValid(creche: CrecheEntity): void {
  if (creche.emergencyRate === 'FIXED' && creche.emergencyHourlyRate === null)
    throw invalidFields([
      { field: 'emergencyHourlyRate', errors: ['emergencyHourlyRate is required when emergencyRate is FIXED'] },
    ]);
  const problems = validateCrecheSettings({
    kind: creche.kind,
    places: creche.places,
    openingHours: creche.openingHours,
    capacityBands: creche.capacityBands,
    closures: creche.closures,
    reservedInsertionPlaces: creche.reservedInsertionPlaces,
    minAgeMonths: creche.minAgeMonths,
    maxAgeMonths: creche.maxAgeMonths,
  });
  if (problems.length) throw invalidFields(problems);
}

/** The settings as the API names them (commune: its INSEE code), for the audit of a change. */
/** What a crèche's capacity hours come from, as it stands (copied: the entity changes next). */
function capacitySettingsOf(c: CrecheEntity): CapacitySettings {
  return structuredClone({
    places: c.places,
    surnombre: c.surnombre,
    openingHours: c.openingHours,
    capacityBands: c.capacityBands,
    opensOnPublicHolidays: c.opensOnPublicHolidays,
  });
}

function settingsOf(creche: CrecheEntity): Record<CrecheSetting, unknown> {
  const out = {} as Record<CrecheSetting, unknown>;
  for (const key of Object.keys(CRECHE_SETTING_EDITORS) as CrecheSetting[])
    out[key] = key === 'commune' ? creche.communeInseeCode : structuredClone(creche[key]);
  return out;
}

/** Each sent setting whose value changed, with its value before and after (crèche settings hold no personal data). */
function changesBetween(
  before: Record<CrecheSetting, unknown>,
  after: Record<CrecheSetting, unknown>,
  dto: UpdateCrecheDto,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(dto) as CrecheSetting[]) {
    if (!(key in before) || canonical(before[key]) === canonical(after[key])) continue;
    changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes;
}

/** JSON with object keys sorted (jsonb does not keep the order they were sent in). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** What a manager is told of an address whose account cannot join their team: no more than that it has one. */
function emailTaken(): DomainError {
  return new DomainError(
    'USER.EMAIL_TAKEN',
    'Cette adresse a déjà un compte Berceau qui ne peut pas rejoindre cette équipe : invitez la personne avec une autre adresse, ou demandez à un administrateur.',
  );
}

/** The insert of a new account failed on its address, taken since the look-up: the invitation is tried again. */
class AddressTakenMeanwhile extends Error {}

/** The field problems a check throws as a 400 (VALIDATION.FAILED), or none; any other error goes on. */
async function fieldProblemsOf(check: () => Promise<void>): Promise<{ field: string; errors: readonly string[] }[]> {
  try {
    await check();
    return [];
  } catch (err) {
    if (err instanceof DomainError && err.code === 'VALIDATION.FAILED')
      return err.details as { field: string; errors: readonly string[] }[];
    throw err;
  }
}

/** "userIds[3]" → 3. */
function fieldIndex(field: string): number {
  return Number(/\[(\d+)\]/.exec(field)?.[1] ?? 0);
}
