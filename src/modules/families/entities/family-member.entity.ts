import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A parent account belongs to at most one household (`uq_family_members_user`). */
@Entity('family_members')
export class FamilyMemberEntity {
  @PrimaryColumn({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;
}
