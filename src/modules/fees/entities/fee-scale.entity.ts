import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EffortTier, FeeScaleVersion, RateTable } from '../domain/fee-scale';

@Entity('fee_scales')
export class FeeScaleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  /** numeric: read back as a string, kept exact. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  floor!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  ceiling!: string;

  @Column({ type: 'jsonb' })
  tables!: { collective: EffortTier[]; familial: EffortTier[] };

  @Column({ name: 'micro_creche_table', type: 'text' })
  microCrecheTable!: RateTable;

  @Column({ type: 'text' })
  provenance!: string;

  @Column({ type: 'boolean' })
  verified!: boolean;

  /** The Cnaf document the figures come from (title and date): required for `verified` (#14 §6). */
  @Column({ name: 'source_title', type: 'text', nullable: true })
  sourceTitle!: string | null;

  @Column({ name: 'source_date', type: 'date', nullable: true })
  sourceDate!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export function toScaleVersion(e: FeeScaleEntity): FeeScaleVersion {
  return {
    id: e.id,
    effectiveFrom: e.effectiveFrom,
    floor: e.floor,
    ceiling: e.ceiling,
    tables: e.tables,
    microCrecheTable: e.microCrecheTable,
    provenance: e.provenance,
    verified: e.verified,
    source: e.sourceTitle && e.sourceDate ? { title: e.sourceTitle, date: e.sourceDate } : null,
  };
}
