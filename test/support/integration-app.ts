import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import type { AuthUser } from '../../src/common/auth/auth.decorators';
import type { Clock } from '../../src/common/time/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { ApplicationsService } from '../../src/modules/applications/applications.service';
import { CrechesService } from '../../src/modules/creches/creches.service';
import type { CreateCrecheDto } from '../../src/modules/creches/dto/creche.dto';
import { ChildrenService } from '../../src/modules/families/children.service';
import type { CreateFamilyDto } from '../../src/modules/families/dto/family.dto';
import { FamiliesService } from '../../src/modules/families/families.service';
import { TerritoriesService } from '../../src/modules/territories/territories.service';
import type { Role } from '../../src/modules/users/domain/role';
import { UsersService } from '../../src/modules/users/users.service';
import { microCrecheBody, fullWeek, RAMBERVILLERS } from './factories';
import { HOUSEHOLD } from './families';
import { PASSWORD, uniqueEmail } from './test-app';

/**
 * The integration tier: the whole AppModule as a Nest application context (no HTTP adapter, no listener), against
 * the run's database and Redis. BullMQ workers are off unless asked for, so a test drives jobs by calling the
 * services the processors delegate to. Services are read with `app.get(ServiceClass)`.
 */
export interface IntegrationApp {
  readonly app: INestApplicationContext;
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  get<T>(type: abstract new (...args: never[]) => T): T;
  /** One row count, for "nothing else happened" assertions. */
  count(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export async function startIntegrationApp(
  opts: { env?: Record<string, string>; runWorkers?: boolean; clock?: Clock } = {},
): Promise<IntegrationApp> {
  const config = loadConfig({ ...process.env, ...opts.env });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, runWorkers: opts.runWorkers ?? false, clock: opts.clock }),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    get: (type) => app.get(type as never),
    count: async (sql, params = []) => {
      const rows: { n: string | number }[] = await dataSource.query(`SELECT count(*) AS n FROM (${sql}) AS q`, params);
      return Number(rows[0].n);
    },
    close: () => app.close(),
  };
}

/** The actor used to create the first real admin (as `test-app.ts` does for its users). */
const BOOTSTRAP_ADMIN: AuthUser = { id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' };

export interface IntegrationUser extends AuthUser {
  readonly email: string;
}

/** An account created the way an admin creates one (no welcome notice), returned as the actor services take. */
export async function createActor(
  t: IntegrationApp,
  role: Role,
  email = uniqueEmail(role.toLowerCase()),
): Promise<IntegrationUser> {
  const user = await t
    .get(UsersService)
    .createByAdmin(BOOTSTRAP_ADMIN, { email, password: PASSWORD, firstName: 'Prénom', lastName: 'Nom', role });
  return { id: user.id, role: user.role, email };
}

export async function createTerritory(t: IntegrationApp, admin: AuthUser): Promise<{ id: string }> {
  return t
    .get(TerritoriesService)
    .create(admin, { name: `CC de la Région de Rambervillers ${uniqueEmail('t')}`, communes: RAMBERVILLERS });
}

/** A collective crèche (no atypical bands) with `places` places, managed by `managers`. */
export async function createCreche(
  t: IntegrationApp,
  admin: AuthUser,
  territoryId: string,
  managers: AuthUser[],
  over: Record<string, unknown> = {},
): Promise<{ id: string; name: string; places: number }> {
  const dto = microCrecheBody(territoryId, {
    kind: 'COLLECTIVE',
    places: 2,
    capacityBands: [],
    offerResponseDays: 30,
    ...over,
  }) as unknown as CreateCrecheDto;
  const creche = await t.get(CrechesService).create(admin, dto);
  if (managers.length)
    await t.get(CrechesService).setManagers(
      admin,
      creche.id,
      managers.map((m) => m.id),
    );
  return { id: creche.id, name: creche.name, places: creche.places };
}

export interface IntegrationParent extends IntegrationUser {
  readonly familyId: string;
  readonly childId: string;
}

/** A parent account, its household and one child, through the families services. */
export async function createParentWithChild(
  t: IntegrationApp,
  household: Partial<CreateFamilyDto> = {},
): Promise<IntegrationParent> {
  const parent = await createActor(t, 'PARENT');
  const family = await t.get(FamiliesService).create(parent, { ...HOUSEHOLD, ...household } as CreateFamilyDto);
  const child = await t
    .get(ChildrenService)
    .add(parent, family.id, { firstName: 'Lou', birthDate: '2026-02-10', disability: false });
  return { ...parent, familyId: family.id, childId: child.id };
}

/** Adds a second parent to the household (directly: the invitation flow is not what these tests are about). */
export async function addSecondParent(t: IntegrationApp, familyId: string): Promise<IntegrationUser> {
  const parent = await createActor(t, 'PARENT');
  await t.dataSource.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [familyId, parent.id]);
  return parent;
}

export const START_DATE = '2027-09-01';

/** A SUBMITTED application for the parent's child at these crèches, through `ApplicationsService.create`. */
export async function submitApplication(
  t: IntegrationApp,
  parent: IntegrationParent,
  crecheIds: string[],
): Promise<{ id: string }> {
  const application = await t.get(ApplicationsService).create(parent, {
    childId: parent.childId,
    desiredStartDate: START_DATE,
    schedule: fullWeek('08:00', '16:00'),
    preferences: crecheIds.map((crecheId) => ({ crecheId })),
  });
  return { id: application.id };
}
