import { Entity, PrimaryColumn } from 'typeorm';

@Entity('creche_managers')
export class CrecheManagerEntity {
  @PrimaryColumn({ name: 'creche_id', type: 'uuid' })
  crecheId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;
}
