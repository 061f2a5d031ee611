import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface CommuneJson {
  inseeCode: string;
  name: string;
}

/** Atypical hours as stored: times as "HH:MM". */
export interface AtypicalHoursJson {
  before: string;
  after: string;
  saturdays: boolean;
  sundays: boolean;
  publicHolidays: boolean;
}

@Entity('territories')
export class TerritoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  communes!: CommuneJson[];

  @Column({ name: 'atypical_hours', type: 'jsonb' })
  atypicalHours!: AtypicalHoursJson;

  /** Families confirm their interest every N months or their application lapses. */
  @Column({ name: 'keep_alive_months', type: 'int', default: 6 })
  keepAliveMonths!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
