import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The crèches an application accepts, ranked 1 (first choice) to 5. */
@Entity('application_preferences')
export class ApplicationPreferenceEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'int' })
  rank!: number;

  @Column({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;
}
