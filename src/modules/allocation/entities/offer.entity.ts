import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { OfferStatus } from '../domain/offer-status';

export { OFFER_STATUSES } from '../domain/offer-status';
export type { OfferStatus } from '../domain/offer-status';

/** A place offered to a family; answered once (accept, decline) or expired at its deadline. */
@Entity('offers')
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'family_id', type: 'uuid' }) familyId!: string;
  @Column({ name: 'child_id', type: 'uuid' }) childId!: string;
  @Column({ name: 'creche_id', type: 'uuid' }) crecheId!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ type: 'jsonb' }) schedule!: { weekday: number; from: string; to: string }[];
  @Column({ type: 'int' }) score!: number;
  @Column({ type: 'text', default: 'OPEN' }) status!: OfferStatus;
  @Column({ type: 'timestamptz' }) deadline!: Date;
  @Column({ name: 'estimated_hourly_rate', type: 'numeric', precision: 10, scale: 2, nullable: true })
  estimatedHourlyRate!: string | null;
  @Column({ name: 'estimated_monthly_fee', type: 'numeric', precision: 12, scale: 2, nullable: true })
  estimatedMonthlyFee!: string | null;
  @Column({ name: 'fee_trace', type: 'jsonb', nullable: true }) feeTrace!: unknown[] | null;
  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true }) reminderSentAt!: Date | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @Column({ name: 'answered_by', type: 'uuid', nullable: true }) answeredBy!: string | null;
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason!: string | null;
  /** Why the crèche withdrew the offer (a code of OFFER_WITHDRAWAL_REASONS). */
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true }) withdrawalReason!: string | null;
  @Column({ name: 'contract_id', type: 'uuid', nullable: true }) contractId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
