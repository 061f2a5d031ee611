import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { addMonths, dayOf, isoOf, minuteOf, Weekday } from '../../common/time/calendar';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import {
  DashboardCrecheRow,
  StoredSlot,
  TerritoryDashboardReadModel,
} from '../../read-models/territory-dashboard.read-model';
import { compileRules, CompiledRules, TimeSlot } from '../creches/domain/creche-rules';
import { atypicalHoursOf, TerritoriesService } from '../territories/territories.service';
import { computeDashboard, Dashboard } from './domain/dashboard';
import { TerritoryCoordinatorsRepository } from './territory-coordinators.repository';

export interface TerritoryDashboard extends Dashboard {
  readonly territoryId: string;
  readonly asOf: string;
  readonly waitsSince: string;
  readonly atypicalBefore: string;
  readonly atypicalAfter: string;
}

const slotsOf = (schedule: readonly StoredSlot[]): TimeSlot[] =>
  schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) }));

function rulesOf(c: DashboardCrecheRow, publicHolidays: ReadonlySet<number>): CompiledRules {
  return compileRules({
    places: c.places,
    surnombre: false,
    openingHours: c.openingHours.map((o) => ({
      weekday: o.weekday as Weekday,
      from: minuteOf(o.opens),
      to: minuteOf(o.closes),
    })),
    capacityBands: c.capacityBands.map((b) => ({ ...slotsOf([b])[0], places: b.places })),
    closures: c.closures.map((x) => ({ from: dayOf(x.from), to: dayOf(x.to) })),
    publicHolidays,
    opensOnPublicHolidays: c.opensOnPublicHolidays,
  });
}

/** The CTG steering committee's dashboard of a territory, and who may read it (R10.1, R10.2). */
@Injectable()
export class TerritoryDashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly territories: TerritoriesService,
    private readonly holidays: HolidayCalendar,
    private readonly read: TerritoryDashboardReadModel,
    private readonly coordinators: TerritoryCoordinatorsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Admins: any territory. Coordinators: their own territory only (403 otherwise). 404 when there is none. */
  async dashboard(user: AuthUser, territoryId: string): Promise<TerritoryDashboard> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      // Territories are public (GET /territories): a missing one is a 404 for everyone, another's a 403.
      const territory = await this.territories.getIn(em, territoryId, false);
      await this.assertCanRead(em, user, territoryId);
      const today = dayOf(todayOf(this.clock));
      const holidays = [...this.holidays.between(today, addMonths(today, 12) - 1)].sort((a, b) => a - b);
      const holidaySet = new Set(holidays);
      const waitsSince = isoOf(addMonths(today, -12));
      const creches = await this.read.creches(em, territoryId);
      const demand = await this.read.demand(em, territoryId);
      const waits = await this.read.waits(em, territoryId, waitsSince, this.clock.now());
      const dashboard = computeDashboard({
        communes: territory.communes,
        atypicalHours: atypicalHoursOf(territory.atypicalHours),
        publicHolidays: holidays,
        creches: creches.map((c) => ({ communeInseeCode: c.communeInseeCode, rules: rulesOf(c, holidaySet) })),
        demand: demand.map((d) => ({
          communeInseeCode: d.communeInseeCode,
          schedule: slotsOf(d.schedule),
          publicHolidayCare: d.publicHolidayCare,
        })),
        waits: waits.map((w) => ({
          communeInseeCode: w.communeInseeCode,
          schedule: slotsOf(w.schedule),
          publicHolidayCare: w.publicHolidayCare,
          waitDays: Number(w.waitDays),
        })),
      });
      return {
        territoryId,
        asOf: isoOf(today),
        waitsSince,
        atypicalBefore: territory.atypicalHours.before,
        atypicalAfter: territory.atypicalHours.after,
        ...dashboard,
      };
    });
  }

  private async assertCanRead(em: EntityManager, user: AuthUser, territoryId: string): Promise<void> {
    if (user.role === 'ADMIN') return;
    if (user.role === 'TERRITORY_COORDINATOR' && (await this.coordinators.territoryOf(em, user.id)) === territoryId)
      return;
    throw new DomainError('AUTH.FORBIDDEN', 'Ce tableau de bord est réservé à la coordination de son territoire.');
  }
}
