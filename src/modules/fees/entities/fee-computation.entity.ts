import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TraceStep } from '../domain/compute-fee';
import type { CareType } from '../domain/fee-scale';
import type { FeeInputsSnapshot } from '../domain/fee-inputs';

export const FEE_REASONS = ['CONTRACT_CREATED', 'SCALE_CHANGED', 'INPUTS_CHANGED', 'RULE_CHANGED'] as const;
export type FeeReason = (typeof FEE_REASONS)[number];

export type { FeeInputsSnapshot } from '../domain/fee-inputs';

/** A stored fee with its trace. Never updated: a change is a new computation effective from its date. */
@Entity('fee_computations')
export class FeeComputationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contract_id', type: 'uuid', nullable: true })
  contractId!: string | null;

  @Column({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;

  /** Alternating residence (#14 §5): the household whose share this is; null for a contract of one household. */
  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @Column({ name: 'hours_percent', type: 'int', nullable: true })
  hoursPercent!: number | null;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'scale_id', type: 'uuid' })
  scaleId!: string;

  @Column({ type: 'text' })
  reason!: FeeReason;

  @Column({ name: 'care_type', type: 'text' })
  careType!: CareType;

  @Column({ type: 'jsonb' })
  inputs!: FeeInputsSnapshot;

  @Column({ type: 'jsonb' })
  trace!: TraceStep[];

  @Column({ type: 'text' })
  tier!: string;

  @Column({ name: 'effort_rate', type: 'numeric', precision: 8, scale: 4 })
  effortRate!: string;

  @Column({ name: 'bounded_resources', type: 'numeric', precision: 12, scale: 2 })
  boundedResources!: string;

  @Column({ name: 'hourly_rate', type: 'numeric', precision: 10, scale: 2 })
  hourlyRate!: string;

  @Column({ name: 'monthly_hours', type: 'numeric', precision: 10, scale: 2 })
  monthlyHours!: string;

  @Column({ name: 'monthly_fee', type: 'numeric', precision: 12, scale: 2 })
  monthlyFee!: string;

  @Column({ name: 'triggered_by', type: 'uuid', nullable: true })
  triggeredBy!: string | null;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
