import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** A statement run on every request of a hot path: prepared once per connection under its name. */
export interface PreparedStatement {
  /** Unique across the application: node-postgres keeps one prepared statement per name and connection. */
  readonly name: string;
  readonly text: string;
}

interface PgQueryable {
  query(config: {
    name: string;
    text: string;
    values: readonly unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Runs `statement` as a named prepared statement: PostgreSQL parses and plans it once per connection instead of
 * on every call, which is most of its cost for the short statements of the admission path and of authentication.
 * In a transaction (`em` from `dataSource.transaction`) it runs on the transaction's connection; otherwise on a
 * pooled one. Errors come back as TypeORM's `QueryFailedError`, like `em.query`'s.
 */
export async function queryPrepared<T>(
  em: EntityManager | DataSource,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<T[]> {
  const runner = em instanceof EntityManager ? em.queryRunner : undefined;
  const target: PgQueryable = runner
    ? ((await (runner as PostgresQueryRunner).connect()) as PgQueryable)
    : ((em instanceof EntityManager ? em.connection : em).driver as PostgresDriver).master;
  try {
    const result = await target.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  } catch (err) {
    throw new QueryFailedError(statement.text, [...values], err as Error);
  }
}
