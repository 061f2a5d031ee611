import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const NOTICE_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/**
 * One e-mail to one user (or, for an invitation, one address), written in the transaction that causes it (the outbox).
 * `templateData` holds references (ids, dates, codes); names and addresses are read when it is sent.
 */
@Entity('notices')
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The account it goes to; null for an address with no account yet (a co-parent invited before signing up). */
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @Column({ name: 'recipient_email', type: 'text', nullable: true })
  recipientEmail!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'template_data', type: 'jsonb', default: () => "'{}'::jsonb" })
  templateData!: Record<string, unknown>;

  @Column({ type: 'text', default: 'PENDING' })
  status!: NoticeStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** A worker holds the notice while it talks to SMTP; a crashed worker's claim lapses. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'subject_type', type: 'text', nullable: true })
  subjectType!: string | null;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
