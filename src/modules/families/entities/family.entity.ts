import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PARENTS_ACTIVITIES = [
  'BOTH_WORKING',
  'ONE_WORKING_ONE_JOBSEEKING',
  'ONE_WORKING_ONE_INACTIVE',
  'NONE_WORKING',
] as const;
export type ParentsActivity = (typeof PARENTS_ACTIVITIES)[number];
export const BENEFIT_SCHEMES = ['GENERAL', 'MSA', 'OTHER'] as const;
export type BenefitScheme = (typeof BENEFIT_SCHEMES)[number];

/** A household: its situation drives its fee (resources, children) and its priority (flags). Personal data. */
@Entity('families')
export class FamilyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'commune_insee_code', type: 'text', nullable: true })
  communeInseeCode!: string | null;

  /** Five digits; written in the FILOUÉ file with the town (docs/rules.md#r95-filoue). Null until entered. */
  @Column({ name: 'postal_code', type: 'text', nullable: true })
  postalCode!: string | null;

  /** Year N-2 ÷ 12, euros; null when unknown (the floor applies). */
  @Column({ name: 'monthly_resources', type: 'numeric', precision: 12, scale: 2, nullable: true })
  monthlyResources!: string | null;

  /** The family declines to give its resources: it pays on the ceiling. */
  @Column({ name: 'resources_refused', type: 'boolean', default: false })
  resourcesRefused!: boolean;

  /** When a manager validated the proof of these resources (a fee declaration); null: typed, not checked. */
  @Column({ name: 'resources_checked_at', type: 'timestamptz', nullable: true })
  resourcesCheckedAt!: Date | null;

  /** When a manager validated the proof of the dependent and AEEH children (a fee declaration); null: typed only. */
  @Column({ name: 'children_checked_at', type: 'timestamptz', nullable: true })
  childrenCheckedAt!: Date | null;

  @Column({ name: 'dependent_children', type: 'int', default: 1 })
  dependentChildren!: number;

  @Column({ name: 'aeeh_children', type: 'int', default: 0 })
  aeehChildren!: number;

  @Column({ name: 'benefit_scheme', type: 'text', default: 'GENERAL' })
  benefitScheme!: BenefitScheme;

  @Column({ name: 'caf_number', type: 'text', nullable: true })
  cafNumber!: string | null;

  /** The household says it is not a Caf allocataire: FILOUÉ writes it with no matricule (R9.5). */
  @Column({ name: 'not_caf_allocataire', type: 'boolean', default: false })
  notCafAllocataire!: boolean;

  @Column({ name: 'single_parent', type: 'boolean', default: false })
  singleParent!: boolean;

  @Column({ name: 'parents_activity', type: 'text', default: 'BOTH_WORKING' })
  parentsActivity!: ParentsActivity;

  @Column({ name: 'atypical_work_hours', type: 'boolean', default: false })
  atypicalWorkHours!: boolean;

  @Column({ name: 'social_minima_or_insertion', type: 'boolean', default: false })
  socialMinimaOrInsertion!: boolean;

  @Column({ name: 'other_household_disability', type: 'boolean', default: false })
  otherHouseholdDisability!: boolean;

  /**
   * When the household objected to the yearly FILOUÉ file to the Cnaf (issue #17); null: no objection. Objecting
   * households are left out of the file.
   */
  @Column({ name: 'filoue_objected_at', type: 'timestamptz', nullable: true })
  filoueObjectedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
