import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { atypicalHoursOf } from '../territories/territories.service';
import { TerritoriesService } from '../territories/territories.service';
import { dayOf, mondayOfIsoWeek } from '../../common/time/calendar';
import type { Occupancy } from './domain/occupancy';
import { renderOccupancySvg } from './domain/occupancy-svg';
import { CrechesRepository } from './creches.repository';
import { CapacityService } from './capacity.service';
import { CrecheAccess } from './creche-access';
import { CrecheEntity } from './entities/creche.entity';

const MAX_DAYS = 366;

@Injectable()
export class OccupancyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly territories: TerritoriesService,
    private readonly creches: CrechesRepository,
  ) {}

  async forPeriod(
    user: AuthUser,
    crecheId: string,
    from: string,
    to: string,
  ): Promise<Occupancy & { crecheId: string; from: string; to: string }> {
    if (dayOf(to) - dayOf(from) >= MAX_DAYS)
      throw invalidFields([{ field: 'to', errors: [`the period is limited to ${MAX_DAYS} days`] }]);
    const occupancy = await this.compute(user, crecheId, dayOf(from), dayOf(to));
    return { crecheId, from, to, ...occupancy.occupancy };
  }

  async heatMap(user: AuthUser, crecheId: string, isoWeek: string): Promise<string> {
    let monday: number;
    try {
      monday = mondayOfIsoWeek(isoWeek);
    } catch {
      throw invalidFields([{ field: 'week', errors: [`${isoWeek} is not a week of that year`] }]);
    }
    const { creche, occupancy } = await this.compute(user, crecheId, monday, monday + 6);
    return renderOccupancySvg({
      title: creche.name,
      isoWeek,
      days: occupancy.days,
      weekT: occupancy.weeks.find((w) => w.isoWeek === isoWeek)?.occupancyT,
    });
  }

  private async compute(
    user: AuthUser,
    crecheId: string,
    from: number,
    to: number,
  ): Promise<{ creche: CrecheEntity; occupancy: Occupancy }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanReadOccupancy(em, user, crecheId);
      const creche = (await this.creches.findById(em, crecheId))!;
      const territory = await this.territories.getIn(em, creche.territoryId, false);
      const occupancy = await this.capacity.occupancy(em, creche, from, to, atypicalHoursOf(territory.atypicalHours));
      return { creche, occupancy };
    });
  }
}
