import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17, FILOUÉ: the crèche's numbers at the Caf, written on every line of its yearly file: its partner number
 * (`caf_number`) and its AFC file number (`afc_file_number`, the PSU funding file). Null until the manager enters them;
 * the file lists their absence as an error (docs/rules.md#r95-filoue).
 */
export class AddCrecheCafNumbers1764800000000 implements MigrationInterface {
  name = 'AddCrecheCafNumbers1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE creches ADD COLUMN caf_number text, ADD COLUMN afc_file_number text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE creches DROP COLUMN afc_file_number, DROP COLUMN caf_number`);
  }
}
