import type { DataSource } from 'typeorm';
import { queryPrepared } from './prepared-query';

/** The lists whose committed version `cache_versions` keeps (bumped by triggers: migration CacheScalesAndCrecheList). */
export type CachedList = 'creches';

const READ_VERSION = { name: 'cache-version', text: `SELECT version FROM cache_versions WHERE name = $1` };

/**
 * The committed version of a list held in memory: read it before building the list, and serve what was built while
 * it has not moved. A build may see changes newer than the version it read (one rebuild too many, never a stale list).
 */
export async function committedVersion(dataSource: DataSource, list: CachedList): Promise<string> {
  const [row] = await queryPrepared<{ version: string }>(dataSource, READ_VERSION, [list]);
  if (!row) throw new Error(`no cache version for ${list}`);
  return row.version;
}
