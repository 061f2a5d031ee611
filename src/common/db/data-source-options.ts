import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one data source definition, shared by the app, the tests and the TypeORM CLI (`data-source.ts`). */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    synchronize: false,
    migrationsTransactionMode: 'each',
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
