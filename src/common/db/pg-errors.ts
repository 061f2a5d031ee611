import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

function pgErrorOf(err: unknown): PgError | undefined {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  if (err && typeof err === 'object' && 'code' in err) return err as PgError;
  return undefined;
}

/** The name of the violated unique or exclusion constraint, if `err` is one (23505 / 23P01). */
export function violatedConstraint(err: unknown): string | undefined {
  const pg = pgErrorOf(err);
  if (pg?.code === '23505' || pg?.code === '23P01' || pg?.code === '23503' || pg?.code === '23514')
    return pg.constraint;
  return undefined;
}

/** Connection refused / terminated / pool timeout: the database is not reachable right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const pg = pgErrorOf(err);
  const code = pg?.code ?? '';
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(
      code,
    )
  )
    return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/.test(message);
}

/**
 * Text PostgreSQL cannot store: a NUL character (0x00, in a text column or a JSON string). No validator lets it through
 * knowingly; whatever field carries it, it is the request's fault, not the server's.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '22021' || code === '22P05';
}

/**
 * Two transactions that waited for each other (40P01, a deadlock) or a snapshot that could not stay consistent (40001):
 * PostgreSQL rolled one back whole, nothing of it written. Every path takes its locks in one order so that this does
 * not happen; should one still meet another, the request is told to try again, not that the server failed.
 */
export function isConcurrentChange(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * The SQLSTATE of an error PostgreSQL reported for a statement it refused (a constraint, a deadlock, an aborted
 * transaction...), whose transaction it then rolled back; undefined for a lost or closing connection, after which
 * whether a COMMIT took effect is unknown.
 */
export function sqlStateOf(err: unknown): string | undefined {
  const code = pgErrorOf(err)?.code;
  if (!code || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P')) return undefined;
  return code;
}
