import type { EmergencyRate } from '../../fees/domain/occasional-fee';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CrecheKind } from '../domain/creche-rules';

export interface OpeningHoursJson {
  weekday: number;
  opens: string;
  closes: string;
}
export interface CapacityBandJson {
  weekday: number;
  from: string;
  to: string;
  places: number;
}
export interface ClosureJson {
  from: string;
  to: string;
  label: string;
}

@Entity('creches')
export class CrecheEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'territory_id', type: 'uuid' })
  territoryId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'commune_insee_code', type: 'text' })
  communeInseeCode!: string;

  @Column({ type: 'text' })
  kind!: CrecheKind;

  @Column({ type: 'int' })
  places!: number;

  @Column({ type: 'boolean', default: false })
  surnombre!: boolean;

  @Column({ name: 'opening_hours', type: 'jsonb' })
  openingHours!: OpeningHoursJson[];

  @Column({ name: 'capacity_bands', type: 'jsonb', default: () => "'[]'::jsonb" })
  capacityBands!: CapacityBandJson[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  closures!: ClosureJson[];

  @Column({ name: 'opens_on_public_holidays', type: 'boolean', default: false })
  opensOnPublicHolidays!: boolean;

  /** null: the default minimum age of 10 weeks (docs/rules.md §1). */
  @Column({ name: 'min_age_months', type: 'int', nullable: true })
  minAgeMonths!: number | null;

  @Column({ name: 'max_age_months', type: 'int', default: 48 })
  maxAgeMonths!: number;

  @Column({ name: 'offer_response_days', type: 'int', default: 8 })
  offerResponseDays!: number;

  @Column({ name: 'reserved_insertion_places', type: 'int', default: 1 })
  reservedInsertionPlaces!: number;

  /** A higher resources ceiling agreed with the Caf (never below the scale's). */
  @Column({ name: 'resources_ceiling_override', type: 'numeric', precision: 12, scale: 2, nullable: true })
  resourcesCeilingOverride!: string | null;

  /** The crèche's rule on declared leave (règlement de fonctionnement): at most this many weeks a year. */
  @Column({ name: 'max_leave_weeks_per_year', type: 'int', default: 10 })
  maxLeaveWeeksPerYear!: number;

  /** Every started unit of this many minutes is billed (occasional care, extra hours). */
  @Column({ name: 'billing_unit_minutes', type: 'int', default: 30 })
  billingUnitMinutes!: number;

  /** Emergency care with unknown resources: the floor, or the fixed rate below. */
  @Column({ name: 'emergency_rate', type: 'text', default: 'FLOOR' })
  emergencyRate!: EmergencyRate;

  @Column({ name: 'emergency_hourly_rate', type: 'numeric', precision: 10, scale: 2, nullable: true })
  emergencyHourlyRate!: string | null;

  /** The crèche's partner number at the Caf (FILOUÉ); null until entered. */
  @Column({ name: 'caf_number', type: 'text', nullable: true })
  cafNumber!: string | null;

  /** The crèche's AFC file number (its PSU funding file at the Caf, FILOUÉ); null until entered. */
  @Column({ name: 'afc_file_number', type: 'text', nullable: true })
  afcFileNumber!: string | null;

  /** An invoice is to be paid within this many days of its issue (0: on receipt); null: the invoice names no date. */
  @Column({ name: 'payment_due_days', type: 'int', nullable: true })
  paymentDueDays!: number | null;

  /** How to pay, in the crèche's words (bank details, direct debit, CESU…), printed on each invoice. */
  @Column({ name: 'payment_terms', type: 'text', nullable: true })
  paymentTerms!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
