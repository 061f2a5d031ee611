import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '../../common/db/prepared-query';

const READ_VERSION = {
  name: 'waitlist-version',
  text: `SELECT coalesce((SELECT version FROM waitlist_versions WHERE creche_id = $1), 0)::text AS version`,
};

/**
 * `waitlist_versions` and `waitlist_rankings` (migration CacheWaitlistRankings): the version of each crèche's ranking
 * inputs, moved by triggers in the transactions that change them, and the rankings computed at a version.
 */
@Injectable()
export class WaitlistRankingsRepository {
  /** The committed version of the crèche's ranking inputs ("0" until the first change). */
  async version(em: EntityManager | DataSource, crecheId: string): Promise<string> {
    const [row] = await queryPrepared<{ version: string }>(em, READ_VERSION, [crecheId]);
    return row.version;
  }

  /** The stored ranking's entries, as JSON text, or null. */
  async stored(em: EntityManager, crecheId: string, asOf: string, version: string): Promise<string | null> {
    const [row] = await em.query<{ entries: string }[]>(
      `SELECT entries::text AS entries FROM waitlist_rankings WHERE creche_id = $1 AND as_of = $2 AND version = $3`,
      [crecheId, asOf, version],
    );
    return row?.entries ?? null;
  }

  /** Stores a ranking and drops those of older versions (and of other days computed over a day ago). */
  async store(em: EntityManager, crecheId: string, asOf: string, version: string, entries: string): Promise<void> {
    await em.query(
      `INSERT INTO waitlist_rankings (creche_id, as_of, version, entries) VALUES ($1, $2, $3, $4::json)
       ON CONFLICT DO NOTHING`,
      [crecheId, asOf, version, entries],
    );
    await em.query(
      `DELETE FROM waitlist_rankings
        WHERE creche_id = $1 AND (version < $2 OR (as_of <> $3 AND computed_at < now() - interval '1 day'))`,
      [crecheId, version, asOf],
    );
  }
}
