import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AllocationResult, AllocationSnapshot } from '../domain/snapshot';

/** Why a manager may leave a proposal out of a round: a code from this list, never free text in the audit log. */
export const EXCLUSION_REASONS = [
  'FAMILY_MOVED',
  'NO_LONGER_INTERESTED',
  'SCHEDULE_CHANGED',
  'CHILD_CARED_ELSEWHERE',
  'DUPLICATE_APPLICATION',
  'OTHER',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface RoundExclusion {
  applicationId: string;
  reason: ExclusionReason;
  /** A short note for the round's record; kept out of the append-only audit log (it may name people). */
  comment?: string;
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
