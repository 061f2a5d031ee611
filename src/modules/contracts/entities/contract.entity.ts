import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DatedPeriod, Mensualisation } from '../../fees/domain/mensualisation';

export interface ScheduleSlotJson {
  weekday: number;
  from: string;
  to: string;
}

export interface ContractFeeInputs {
  monthlyResources: string | null;
  resourcesRefused?: boolean;
  /** The household's resources were not checked yet when these inputs were taken: billed as unknown. */
  resourcesUnchecked?: boolean;
  /** The household's children counts were not checked yet when these inputs were taken: the one-child rate. */
  childrenUnchecked?: boolean;
  dependentChildren: number;
  aeehChildren: number;
  asePlacement: boolean;
  /** The validated declaration the household's figures come from (#14 §4), cited by the fee's trace. */
  declarationId?: string;
}

/** Alternating residence (#14 §5): one paying household, its part of the hours, its own fee situation. */
export interface ContractFeeShare {
  familyId: string;
  hoursPercent: number;
  feeInputs: ContractFeeInputs;
}

/** A regular contract: a weekly schedule between two dates (inclusive). */
@Entity('contracts')
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ type: 'jsonb' })
  schedule!: ScheduleSlotJson[];

  /** Contracts signed before leave was dated (#14 §1): their leave as a count of weeks. New contracts: 0. */
  @Column({ name: 'leave_weeks_per_year', type: 'int', default: 0 })
  leaveWeeksPerYear!: number;

  /** The family's declared leave, dated (both days included). */
  @Column({ name: 'leave_periods', type: 'jsonb', default: () => "'[]'::jsonb" })
  leavePeriods!: DatedPeriod[];

  /** Reserved hours over the contract's months, fixed at signature; null only for contracts not migrated yet. */
  @Column({ type: 'jsonb', nullable: true })
  mensualisation!: Mensualisation | null;

  /** The household situation the fee is computed from (the families feature will provide it). */
  @Column({ name: 'fee_inputs', type: 'jsonb', nullable: true })
  feeInputs!: ContractFeeInputs | null;

  /** Two paying households (alternating residence); null for one household, whose inputs are `feeInputs`. */
  @Column({ name: 'fee_shares', type: 'jsonb', nullable: true })
  feeShares!: ContractFeeShare[] | null;

  @Column({ name: 'fee_inputs_version', type: 'int', default: 0 })
  feeInputsVersion!: number;

  /** Set when the fee inputs changed and the new fee from that date is not computed yet (the job clears it). */
  @Column({ name: 'fee_pending_from', type: 'date', nullable: true })
  feePendingFrom!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
