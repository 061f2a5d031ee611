import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('children')
export class ChildEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  /** ISO date; null until a child expected is born. */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ name: 'expected_birth_date', type: 'date', nullable: true })
  expectedBirthDate!: string | null;

  /**
   * The dates the child had when it applied or entered care, kept when they are first changed afterwards (null until
   * then): corrections are measured from them (R5.4).
   */
  @Column({ name: 'applied_birth_date', type: 'date', nullable: true })
  appliedBirthDate!: string | null;

  @Column({ name: 'applied_expected_birth_date', type: 'date', nullable: true })
  appliedExpectedBirthDate!: string | null;

  @Column({ type: 'boolean', default: false })
  disability!: boolean;

  @Column({ name: 'multiple_birth', type: 'boolean', default: false })
  multipleBirth!: boolean;

  /** The child receives AEEH: the household's `aeehChildren` counts it (never fewer than the children flagged). */
  @Column({ type: 'boolean', default: false })
  aeeh!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
