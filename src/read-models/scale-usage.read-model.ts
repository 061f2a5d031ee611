import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Which fee scale versions bookings' fees cite (`bookings.scale_id`, the contracts module's table), read for the fees
 * module: a version cited by a booking's fee, as one used by a stored computation, is no longer edited nor deleted
 * (docs/rules.md#r412). Read-only.
 */
@Injectable()
export class ScaleUsageReadModel {
  /**
   * Waits for the bookings being written to commit, and holds new ones until the caller's transaction ends (bookings
   * in SHARE mode: an admin's edit or deletion of a version, rare and short). Without it, a booking rated under the
   * version and not yet committed would be missed by `citedByBookings`. A booking that read the versions before the
   * change and writes after it still cites the version as it read it (its trace keeps the figures it used).
   */
  async waitForBookingsBeingWritten(em: EntityManager): Promise<void> {
    await em.query(`LOCK TABLE bookings IN SHARE MODE`);
  }

  async citedByBookings(em: EntityManager, scaleId: string): Promise<boolean> {
    return (await selectRows(em, `SELECT 1 FROM bookings WHERE scale_id = $1 LIMIT 1`, [scaleId])).length > 0;
  }

  /** Of these versions, those some booking's fee cites (one probe of the index per version). */
  async citedAmong(em: EntityManager, scaleIds: readonly string[]): Promise<Set<string>> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT s.id FROM unnest($1::uuid[]) AS s(id) WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.scale_id = s.id)`,
      [[...scaleIds]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
