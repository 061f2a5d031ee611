import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { ApplicationStatus } from '../domain/application-status';

export { APPLICATION_STATUSES } from '../domain/application-status';
export type { ApplicationStatus } from '../domain/application-status';

/** A family's request for a place for one child; at most one active (SUBMITTED or OFFERED) per child. */
@Entity('applications')
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'desired_start_date', type: 'date' })
  desiredStartDate!: string;

  @Column({ type: 'jsonb' })
  schedule!: { weekday: number; from: string; to: string }[];

  @Column({ name: 'leave_weeks_per_year', type: 'int', default: 0 })
  leaveWeeksPerYear!: number;

  /** The family asks for care on public holidays too, at the hours of their weekday (the territory's demand). */
  @Column({ name: 'public_holiday_care', type: 'boolean', default: false })
  publicHolidayCare!: boolean;

  @Column({ type: 'text', default: 'SUBMITTED' })
  status!: ApplicationStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'last_confirmed_at', type: 'timestamptz' })
  lastConfirmedAt!: Date;

  @Column({ name: 'interest_requested_at', type: 'timestamptz', nullable: true })
  interestRequestedAt!: Date | null;

  /** Offers matching the request that the family refused (or let expire). */
  @Column({ type: 'int', default: 0 })
  refusals!: number;

  @Column({ name: 'admitted_creche_id', type: 'uuid', nullable: true })
  admittedCrecheId!: string | null;

  /** The score the application had at the crèche when it was admitted (published as "last family admitted"). */
  @Column({ name: 'admitted_score', type: 'int', nullable: true })
  admittedScore!: number | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
