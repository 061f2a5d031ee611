import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contract's reserved hours now keep the crèche's closures they left out (`mensualisation.closures`), so that a
 * closure the crèche adds later is deducted from the invoice instead of silently billed (docs/rules.md#r81). Contracts
 * whose hours were reserved before get the crèche's closures of today over their period: what their invoices used.
 */
export class KeepContractClosures1764960000000 implements MigrationInterface {
  name = 'KeepContractClosures1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE contracts c
         SET mensualisation = c.mensualisation || jsonb_build_object('closures', COALESCE((
               SELECT jsonb_agg(jsonb_build_object(
                        'from', greatest(x->>'from', c.mensualisation->>'contractStart'),
                        'to', least(x->>'to', c.mensualisation->>'contractEnd'))
                      ORDER BY x->>'from')
                 FROM creches cr CROSS JOIN LATERAL jsonb_array_elements(cr.closures) x
                WHERE cr.id = c.creche_id
                  AND x->>'from' <= c.mensualisation->>'contractEnd' AND x->>'to' >= c.mensualisation->>'contractStart'
                  AND x->>'from' <= x->>'to'), '[]'::jsonb))
       WHERE c.mensualisation IS NOT NULL AND NOT (c.mensualisation ? 'closures')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE contracts SET mensualisation = mensualisation - 'closures' WHERE mensualisation ? 'closures'`,
    );
  }
}
