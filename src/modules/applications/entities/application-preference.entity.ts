import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The crèches an application accepts, ranked 1 (first choice) to 5, each with the schedule asked of it. */
@Entity('application_preferences')
export class ApplicationPreferenceEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'int' })
  rank!: number;

  @Column({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;

  /** The weekly schedule asked of this crèche (the application's own when the family gave none for it). */
  @Column({ type: 'jsonb' })
  schedule!: { weekday: number; from: string; to: string }[];
}
