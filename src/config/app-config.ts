import { resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, validateSync } from 'class-validator';

/**
 * Secrets that were once published in Berceau's source: never accepted, whatever the mode (a token signed with one
 * could be forged by anyone who read the code).
 */
export const PUBLISHED_SECRETS: readonly string[] = ['berceau-development-secret-do-not-use-in-production'];

/** Environment variables Berceau reads, with the defaults that make `npm start` work on a developer machine. */
class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/berceau';

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 900;

  @IsString()
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  MAIL_FROM = 'Berceau <no-reply@berceau.local>';

  /** Defaults to http://localhost:<PORT>, so the links in e-mails follow the port in use. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL?: string;

  @IsString()
  QUEUE_PREFIX = 'berceau';

  /**
   * `off`: the workers do not schedule the jobs that run at a time of day (the monthly issue, the nightly scales…),
   * only the periodic sweeps. The test run sets it: its fake clocks would turn a real 06:00 into any month's issue.
   */
  @IsIn(['on', 'off'])
  CRON_SCHEDULES = 'on';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_MAX_PER_EMAIL = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_MAX_PER_IP = 50;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** Sign-ups per client address and hour (issue #13: 40 parallel registrations all went through). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  REGISTER_MAX_PER_IP = 10;

  /** How long a session lasts unused: each refresh-token rotation starts this many days again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TTL_DAYS = 30;

  /** Refreshes (POST /api/auth/refresh) per client address and LOGIN_WINDOW_SECONDS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  REFRESH_MAX_PER_IP = 300;

  /** Password-reset e-mails per address and hour (more requests are answered the same, and send nothing). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  PASSWORD_RESET_MAX_PER_EMAIL = 3;

  /** Writes (POST, PUT, PATCH, DELETE) per parent account and minute, across API instances. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  PARENT_WRITES_PER_MINUTE = 60;

  /** The first wait after LOGIN_MAX_PER_EMAIL consecutive failures of an account; doubled at each further failure. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_DELAY_BASE_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  NOTICE_SWEEP_EVERY_MS = 60_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  NOTICE_SWEEP_MIN_AGE_MS = 60_000;

  /** BullMQ job lock: a job held by a worker that died is retried after this (and the stalled check). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  WORKER_LOCK_MS = 30_000;

  /** How long a worker holds a notice while talking to SMTP; a crashed worker's notices are retried after it. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTICE_CLAIM_SECONDS = 90;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * Which proxies may tell the client's address (X-Forwarded-For): off by default, so a client cannot choose its own
   * address and slip past the per-address login limit. A hop count (`1` behind one reverse proxy) or a comma-separated
   * list of proxy addresses or CIDR ranges.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Draft allocation rounds older than this are deleted by a daily job (the audit log keeps that they existed). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DRAFT_ROUND_MAX_AGE_DAYS = 30;

  /** Length of one "day" of an offer's response delay, in ms: 86 400 000 in real life, seconds in tests and demos. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  OFFER_DAY_MS = 86_400_000;

  /**
   * Where the proofs of fee declarations are kept (tax notices, Caf documents): outside any served folder, one file per
   * document named by a random id. Relative paths are taken from the process's working directory.
   */
  @IsString()
  DOCUMENTS_DIR = 'var/documents';

  /** The built web app served at `/` (`npm run build` writes it); absent, only the API is served. */
  @IsString()
  WEB_DIST_DIR = 'web/dist';
}

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly port: number;
  /** `secret` null: the one generated at first start and kept in the database (common/auth/signing-secret.ts). */
  readonly jwt: { readonly secret: string | null; readonly ttlSeconds: number };
  readonly mail: { readonly smtpUrl: string; readonly from: string };
  readonly publicBaseUrl: string;
  readonly queuePrefix: string;
  /** Whether the workers schedule the jobs that run at a time of day (`CRON_SCHEDULES`). */
  readonly cronSchedules: boolean;
  readonly logLevel: string;
  readonly admin?: { readonly email: string; readonly password: string };
  readonly loginLimits: {
    readonly perEmail: number;
    readonly perIp: number;
    readonly windowSeconds: number;
    readonly delayBaseMs: number;
    readonly registrationsPerIpHour: number;
    readonly refreshesPerIp: number;
    readonly passwordResetsPerEmailHour: number;
  };
  /** Refresh-token sessions: days a session lasts unused. */
  readonly refreshTtlDays: number;
  readonly notices: { readonly sweepEveryMs: number; readonly sweepMinAgeMs: number; readonly claimSeconds: number };
  readonly bodyLimitBytes: number;
  readonly corsOrigins: readonly string[];
  readonly offerDayMs: number;
  readonly workerLockMs: number;
  readonly draftRoundMaxAgeDays: number;
  readonly parentWritesPerMinute: number;
  /** Fastify's trustProxy: false, a hop count, or proxy addresses. */
  readonly trustProxy: false | number | readonly string[];
  /** Absolute path of the folder holding declaration proofs (DOCUMENTS_DIR). */
  readonly documentsDir: string;
  /** Absolute path of the built web app (WEB_DIST_DIR). */
  readonly webDistDir: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; every other module receives the typed result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return {
    env: parsed.NODE_ENV as AppConfig['env'],
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    port: parsed.PORT,
    jwt: { secret: jwtSecret(parsed), ttlSeconds: parsed.JWT_TTL_SECONDS },
    mail: { smtpUrl: parsed.SMTP_URL, from: parsed.MAIL_FROM },
    publicBaseUrl: (parsed.PUBLIC_BASE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ''),
    queuePrefix: parsed.QUEUE_PREFIX,
    cronSchedules: parsed.CRON_SCHEDULES === 'on',
    logLevel: parsed.LOG_LEVEL,
    admin: adminSeed(parsed),
    loginLimits: {
      perEmail: parsed.LOGIN_MAX_PER_EMAIL,
      perIp: parsed.LOGIN_MAX_PER_IP,
      windowSeconds: parsed.LOGIN_WINDOW_SECONDS,
      delayBaseMs: parsed.LOGIN_DELAY_BASE_MS,
      registrationsPerIpHour: parsed.REGISTER_MAX_PER_IP,
      refreshesPerIp: parsed.REFRESH_MAX_PER_IP,
      passwordResetsPerEmailHour: parsed.PASSWORD_RESET_MAX_PER_EMAIL,
    },
    refreshTtlDays: parsed.REFRESH_TTL_DAYS,
    notices: {
      sweepEveryMs: parsed.NOTICE_SWEEP_EVERY_MS,
      sweepMinAgeMs: parsed.NOTICE_SWEEP_MIN_AGE_MS,
      claimSeconds: parsed.NOTICE_CLAIM_SECONDS,
    },
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    corsOrigins: (parsed.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    offerDayMs: parsed.OFFER_DAY_MS,
    workerLockMs: parsed.WORKER_LOCK_MS,
    draftRoundMaxAgeDays: parsed.DRAFT_ROUND_MAX_AGE_DAYS,
    parentWritesPerMinute: parsed.PARENT_WRITES_PER_MINUTE,
    trustProxy: trustProxyOf(parsed.TRUST_PROXY),
    documentsDir: resolve(parsed.DOCUMENTS_DIR),
    webDistDir: resolve(parsed.WEB_DIST_DIR),
  };
}

function jwtSecret(parsed: EnvSchema): string | null {
  const secret = parsed.JWT_SECRET;
  if (secret !== undefined && PUBLISHED_SECRETS.includes(secret)) {
    throw new ConfigError(
      "JWT_SECRET is a value published in Berceau's source: generate one with: openssl rand -base64 48",
    );
  }
  if (secret !== undefined && secret.length < 32)
    throw new ConfigError('JWT_SECRET must have at least 32 characters (openssl rand -base64 48)');
  if (secret === undefined && parsed.NODE_ENV === 'production') {
    throw new ConfigError(
      'JWT_SECRET must be set to at least 32 characters in production (generate one with: openssl rand -base64 48)',
    );
  }
  return secret ?? null;
}

function trustProxyOf(value: string | undefined): AppConfig['trustProxy'] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true')
    throw new ConfigError(
      'TRUST_PROXY: give a hop count (e.g. 1) or the proxy addresses, not "true" (any client could then choose its address)',
    );
  return v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

function adminSeed(parsed: EnvSchema): AppConfig['admin'] {
  if (!parsed.ADMIN_EMAIL && !parsed.ADMIN_PASSWORD) return undefined;
  if (!parsed.ADMIN_EMAIL || !parsed.ADMIN_PASSWORD) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither');
  }
  if (parsed.ADMIN_PASSWORD.length < 12) throw new ConfigError('ADMIN_PASSWORD must have at least 12 characters');
  return { email: parsed.ADMIN_EMAIL.trim().toLowerCase(), password: parsed.ADMIN_PASSWORD };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
