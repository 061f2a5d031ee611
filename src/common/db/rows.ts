import type { EntityManager } from 'typeorm';

/** snake_case column names → camelCase keys, one level deep (jsonb values are left as they are). */
export type Camel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;

/** Column names are few and repeat on every row: each is converted once (the waitlist maps 5 000 rows at a time). */
const CAMEL_KEYS = new Map<string, string>();

function camelKey(key: string): string {
  let camel = CAMEL_KEYS.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (CAMEL_KEYS.size < 10_000) CAMEL_KEYS.set(key, camel);
  }
  return camel;
}

/** Maps one raw row's snake_case columns to a camelCase object. */
export function mapRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camelKey(k)] = v;
  return out as T;
}

/**
 * Runs a SELECT (or any statement returning rows) and maps its rows to camelCase objects of type `T`.
 * Repositories use this instead of typing snake_case rows inline.
 */
export async function selectRows<T>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const rows: Record<string, unknown>[] = await em.query(sql, [...params]);
  return rows.map((r) => mapRow<T>(r));
}

/**
 * Runs an INSERT/UPDATE/DELETE … RETURNING and maps the returned rows. TypeORM's `em.query` answers such statements
 * with a `[rows, affected]` tuple on PostgreSQL (and with plain rows for INSERT): this hides the difference.
 */
export async function returningRows<T>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const result: unknown = await em.query(sql, [...params]);
  const rows = (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
      ? result[0]
      : result
  ) as Record<string, unknown>[];
  return rows.map((r) => mapRow<T>(r));
}

/** Runs a statement for its effect; returns the number of rows it touched. */
export async function execute(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<number> {
  const result: unknown = await em.query(sql, [...params]);
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}
