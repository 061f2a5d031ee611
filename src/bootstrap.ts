import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule, AppModuleOptions } from './app.module';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './common/db/data-source-options';
import { ensureDatabase } from './common/db/ensure-database';
import { createValidationPipe } from './common/http/validation';
import { markUuidParameters } from './common/openapi/uuid-params';
import { applicationLogger, useRequestLogging } from './common/logging/request-logging';
import { useShutdownHooks } from './common/logging/log-destination';
import { describeRedis } from './common/queue/redis';
import { UsersService } from './modules/users/users.service';
import { serveWebApp, useCompression } from './common/http/web-app';
import { useSecurityHeaders } from './common/http/security-headers';
import { MAX_DOCUMENT_BYTES } from './modules/families/domain/fee-declarations';

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}
const ROUTES = new WeakMap<object, RegisteredRoute[]>();

/** Every route the router holds (for tests that must cover all of them, so none can be forgotten). */
export function registeredRoutes(app: NestFastifyApplication): readonly RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
}

/** A hop count trusts that many proxies nearest to us; a list trusts those addresses. */
function trustProxyOption(
  t: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (t === false) return false;
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return [...t];
}

/** Builds the HTTP application (used by `main.ts` and by the e2e tests). Call `listen` or `init` after. */
export async function createHttpApp(opts: AppModuleOptions): Promise<NestFastifyApplication> {
  const { config } = opts;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Off unless configured: X-Forwarded-For from anyone else is ignored (TRUST_PROXY).
    trustProxy: trustProxyOption(config.trustProxy),
    // No Express-style middleware in Berceau (requests are logged by Fastify hooks): @fastify/middie is not
    // registered, so no request walks its (empty) chain.
    skipMiddie: true,
  });
  const routes: RegisteredRoute[] = [];
  adapter.getInstance().addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(opts), adapter, { bufferLogs: true });
  ROUTES.set(app, routes);
  app.useLogger(applicationLogger(app));
  useApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  useShutdownHooks(app);
  app.enableCors({ origin: config.corsOrigins.length ? [...config.corsOrigins] : false });
  await useSecurityHeaders(app, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  // Cookies are read and written by the session routes only (the refresh token: modules/users/refresh-cookie.ts).
  await app.register(cookie);
  await useCompression(app);
  // Uploads (the proofs of fee declarations): one file per request, its size capped by the route's own limit too.
  await app.register(multipart, { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20, parts: 21 } });
  // Every request logged, answered with its id and given its context (request id for the audit log).
  useRequestLogging(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, openApiDocument(app), { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  await serveWebApp(app, config.webDistDir);
  return app;
}

/**
 * What the web app's pages may load: only Berceau's own files and API. Styles may be inline because the DSFR and React
 * set `style` attributes; scripts may not, so an injected `<script>` never runs. Swagger UI (/api/docs) lives within it.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The whole API lives under `/api`; everything else belongs to the web app (served from `web/dist`). */
export const API_PREFIX = 'api';

/** Call before `init()` and before building the OpenAPI document (its paths carry the prefix). */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX);
}

/** The OpenAPI document built from the controllers and DTOs (served at /api/docs-json, and the web client's source). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Berceau')
      .setDescription('Places, income-based fees and a fair waitlist for the childcare structures of a territory')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  markUuidParameters(app, document);
  return document;
}

/** A worker-only process: the same modules, no HTTP listener. */
export async function createWorkerApp(opts: AppModuleOptions) {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(opts), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  useShutdownHooks(app);
  return app;
}

export class PreflightError extends Error {}

/**
 * Checks PostgreSQL and Redis before anything else, so a missing server is one clear line, not a stack trace.
 * With `prepareDatabase`, also creates the database if needed and applies pending migrations.
 */
export async function preflight(config: AppConfig, opts: { prepareDatabase: boolean }): Promise<void> {
  const db = new URL(config.databaseUrl);
  const dbWhere = `${db.hostname}:${db.port || 5432}`;
  try {
    if (opts.prepareDatabase) await ensureDatabase(config.databaseUrl);
    const ds = new DataSource(dataSourceOptions(config.databaseUrl));
    await ds.initialize();
    try {
      if (opts.prepareDatabase) await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  } catch (err) {
    throw new PreflightError(
      `PostgreSQL is not reachable at ${dbWhere} (${(err as Error).message}). Start it with: docker compose up -d db redis`,
    );
  }
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new PreflightError(
      `Redis is not reachable at ${describeRedis(config.redisUrl)} (${(err as Error).message}). Start it with: docker compose up -d db redis`,
    );
  } finally {
    redis.disconnect();
  }
}

export async function seedFirstAdmin(app: { get: NestFastifyApplication['get'] }, config: AppConfig): Promise<void> {
  await app.get(UsersService).ensureFirstAdmin(config.admin);
}
