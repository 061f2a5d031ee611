import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A crèche's capacity as it was (docs/rules.md R9.4): when a manager changes its places, surnombre, opening hours,
 * capacity bands or its opening on public holidays, the settings in force until that day are kept, so that the Caf
 * activity report of the days before (their capacity hours, hence the occupancies) does not move with today's
 * settings. Closures are dated already and are not kept here. No row: the crèche's own settings have always applied.
 */
export class KeepCrecheCapacityHistory1765050000000 implements MigrationInterface {
  name = 'KeepCrecheCapacityHistory1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE creche_capacity_history (
         creche_id uuid NOT NULL REFERENCES creches (id) ON DELETE CASCADE,
         in_force_until date NOT NULL,
         places int NOT NULL,
         surnombre boolean NOT NULL,
         opening_hours jsonb NOT NULL,
         capacity_bands jsonb NOT NULL,
         opens_on_public_holidays boolean NOT NULL,
         CONSTRAINT pk_creche_capacity_history PRIMARY KEY (creche_id, in_force_until)
       )`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE creche_capacity_history`);
  }
}
