import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../../src/bootstrap';
import { loadConfig } from '../../../src/config/app-config';
import { UsersService } from '../../../src/modules/users/users.service';
import { benchDatabase } from './bench-env';

export type BenchJson = Record<string, unknown> & { id: string; accessToken: string };

/** The API listening on a free port, on a throwaway database built by the migrations, with one admin and one manager. */
export interface BenchApp {
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly ds: DataSource;
  readonly databaseUrl: string;
  readonly queuePrefix: string;
  readonly admin: { id: string; token: string };
  readonly manager: { id: string; token: string };
  /** An HTTP call with a bearer token; throws on a status of 300 or more, except those in `allow`. */
  call<T = BenchJson>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    allow?: readonly number[],
  ): Promise<T>;
  close(): Promise<void>;
}

export const BENCH_PASSWORD = 'bench password long enough';
const SYSTEM = { id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' as const };

/** `logDestination`: where the API's JSON logs go (with `env.LOG_LEVEL`); by default the logs are silenced. */
export async function startBenchApp(opts: {
  runWorkers: boolean;
  env?: Record<string, string>;
  logDestination?: DestinationStream;
}): Promise<BenchApp> {
  const db = await benchDatabase();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.databaseUrl,
    QUEUE_PREFIX: db.queuePrefix,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const app = await createHttpApp({ config, runWorkers: opts.runWorkers, logDestination: opts.logDestination });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The API lives under /api (the web app owns the rest).
  const base = `${await app.getUrl()}/api`;
  const call = async <T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    allow: readonly number[] = [],
  ): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300 && !allow.includes(res.status)) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const users = app.get(UsersService);
  const staff = async (email: string, role: 'ADMIN' | 'MANAGER') => {
    const user = await users.createByAdmin(SYSTEM, {
      email,
      password: BENCH_PASSWORD,
      firstName: 'Bench',
      lastName: 'Bench',
      role,
    });
    const { accessToken } = await call<BenchJson>('POST', '/auth/login', '', { email, password: BENCH_PASSWORD });
    return { id: user.id, token: accessToken };
  };
  return {
    app,
    base,
    ds: app.get(DataSource),
    databaseUrl: db.databaseUrl,
    queuePrefix: db.queuePrefix,
    admin: await staff('admin@bench.test', 'ADMIN'),
    manager: await staff('manager@bench.test', 'MANAGER'),
    call,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
