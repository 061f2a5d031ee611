import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AllocationResult, AllocationSnapshot } from '../domain/snapshot';

export interface RoundExclusion {
  applicationId: string;
  reason: string;
}

/** A run of the engine over some crèches, kept with its snapshot so it can be replayed and audited. */
@Entity('allocation_rounds')
export class AllocationRoundEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'territory_id', type: 'uuid' }) territoryId!: string;
  @Column({ name: 'creche_ids', type: 'uuid', array: true }) crecheIds!: string[];
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ type: 'text', default: 'DRAFT' }) status!: 'DRAFT' | 'CONFIRMED';
  @Column({ type: 'jsonb' }) snapshot!: AllocationSnapshot;
  @Column({ name: 'snapshot_hash', type: 'text' }) snapshotHash!: string;
  /** Hash of the crèches' planned presences and candidate applications when the round ran: a change means re-run. */
  @Column({ name: 'capacity_fingerprint', type: 'text' }) capacityFingerprint!: string;
  @Column({ type: 'jsonb' }) result!: AllocationResult;
  @Column({ name: 'policy_versions', type: 'jsonb' }) policyVersions!: Record<string, number>;
  @Column({ name: 'engine_version', type: 'text' }) engineVersion!: string;
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" }) exclusions!: RoundExclusion[];
  @Column({ name: 'envy_cases', type: 'int', nullable: true }) envyCases!: number | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'confirmed_by', type: 'uuid', nullable: true }) confirmedBy!: string | null;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
