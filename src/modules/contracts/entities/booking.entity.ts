import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BookingKind } from '../../creches/domain/presence';

/** An occasional or emergency booking. Cancelling keeps the row (history) and frees the capacity. */
@Entity('bookings')
export class BookingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ name: 'from_minute', type: 'int' })
  fromMinute!: number;

  @Column({ name: 'to_minute', type: 'int' })
  toMinute!: number;

  @Column({ type: 'text' })
  kind!: BookingKind;

  /** Its fee (#14 §2), fixed when booked; null for bookings made before, or without a scale in force that day. */
  @Column({ name: 'hourly_rate', type: 'numeric', precision: 10, scale: 2, nullable: true })
  hourlyRate!: string | null;

  @Column({ name: 'billed_minutes', type: 'int', nullable: true })
  billedMinutes!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  amount!: string | null;

  @Column({ name: 'fee_trace', type: 'jsonb', nullable: true })
  feeTrace!: unknown[] | null;

  /** The fee scale version its fee was rated under (no longer edited nor deleted once cited); null without a fee. */
  @Column({ name: 'scale_id', type: 'uuid', nullable: true })
  scaleId!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
