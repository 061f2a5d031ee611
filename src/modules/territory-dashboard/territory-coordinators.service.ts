import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import type { TerritoryEntity } from '../territories/entities/territory.entity';
import { TerritoriesService } from '../territories/territories.service';
import { UsersService } from '../users/users.service';
import { TerritoryCoordinatorsRepository } from './territory-coordinators.repository';

/** Who coordinates each territory (docs/rules.md R10.1): admins name accounts with the TERRITORY_COORDINATOR role. */
@Injectable()
export class TerritoryCoordinatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly territories: TerritoriesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly coordinators: TerritoryCoordinatorsRepository,
  ) {}

  /** An admin names the territory's coordinators (accounts with the TERRITORY_COORDINATOR role). */
  async set(actor: AuthUser, territoryId: string, userIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(userIds)];
    return this.dataSource.transaction(async (em) => {
      await this.territories.getIn(em, territoryId, true);
      await this.users.assertAllHaveRole(em, userIds, 'TERRITORY_COORDINATOR');
      await this.coordinators.replace(em, territoryId, unique);
      await this.audit.record(em, {
        actor,
        action: 'territory.coordinators_set',
        subjectType: 'territory',
        subjectId: territoryId,
        details: { userIds: unique },
      });
      return unique;
    });
  }

  async of(territoryId: string): Promise<string[]> {
    await this.territories.get(territoryId);
    return this.coordinators.userIdsOf(this.dataSource.manager, territoryId);
  }

  /** The territories whose dashboard `user` reads: an admin every territory (by name), a coordinator theirs (if any). */
  async territoriesOf(user: AuthUser): Promise<TerritoryEntity[]> {
    if (user.role === 'ADMIN') return this.territories.list();
    const territoryId = await this.coordinators.territoryOf(this.dataSource.manager, user.id);
    return territoryId ? [await this.territories.get(territoryId)] : [];
  }
}
