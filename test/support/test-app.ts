import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { API_PREFIX, createHttpApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import type { Clock } from '../../src/common/time/clock';
import { UsersService } from '../../src/modules/users/users.service';
import type { Role } from '../../src/modules/users/domain/role';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  /** Requests to the API: paths are relative to `/api` (`http().get('/creches')` asks for `/api/creches`). */
  http(): ReturnType<typeof request>;
  /** Requests to any path as given (the web app's pages and files, the API docs). */
  raw(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real Nest app over Fastify, against the run's database and Redis (and an SMTP sink if given). */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    runWorkers?: boolean;
    clock?: Clock;
    logDestination?: { write(line: string): void };
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    LOGIN_MAX_PER_EMAIL: '1000',
    LOGIN_MAX_PER_IP: '100000',
    REGISTER_MAX_PER_IP: '100000',
    REFRESH_MAX_PER_IP: '100000',
    PARENT_WRITES_PER_MINUTE: '100000',
    ...opts.env,
  });
  const app = await createHttpApp({
    config,
    runWorkers: opts.runWorkers ?? false,
    clock: opts.clock,
    logDestination: opts.logDestination,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http: () => apiRequest(app.getHttpServer()),
    raw: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/** supertest whose verbs prefix the path with the API's global prefix, so specs keep the API's own paths. */
function apiRequest(server: Parameters<typeof request>[0]): ReturnType<typeof request> {
  const agent = request(server);
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !VERBS.has(prop) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) =>
        (value as (...a: unknown[]) => unknown).call(target, `/${API_PREFIX}${url}`, ...rest);
    },
  });
}

let counter = 0;
/** A unique e-mail per call, so tests never collide on `uq_users_email`. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

export const PASSWORD = 'correct horse battery staple';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
  readonly auth: { Authorization: string };
}

/** Creates an account with the given role (through the service, as an admin would) and logs in over HTTP. */
export async function createUser(
  t: TestApp,
  role: Role,
  names: { firstName?: string; lastName?: string } = {},
): Promise<TestUser> {
  const email = uniqueEmail(role.toLowerCase());
  const user = await t.app
    .get(UsersService)
    .createByAdmin(
      { id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' },
      { email, password: PASSWORD, firstName: names.firstName ?? 'Prénom', lastName: names.lastName ?? 'Nom', role },
    );
  return { id: user.id, email, ...(await login(t, email)) };
}

export async function login(
  t: TestApp,
  email: string,
  password = PASSWORD,
): Promise<{ token: string; auth: { Authorization: string } }> {
  const res = await t.http().post('/auth/login').send({ email, password }).expect(200);
  const token = res.body.accessToken as string;
  return { token, auth: { Authorization: `Bearer ${token}` } };
}

/** A clock a test moves by hand (`at`), for dates the API reads as today. */
export function movableClock(iso: string): Clock & { at: (iso: string) => void } {
  let now = new Date(iso);
  return {
    now: () => now,
    at: (next: string) => {
      now = new Date(next);
    },
  };
}
