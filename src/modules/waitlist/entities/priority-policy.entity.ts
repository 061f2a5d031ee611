import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PolicyCriterion, PriorityPolicy, TieBreak } from '../domain/priority-policy';

/** A published version of a territory's priority policy; a change is a new version. */
@Entity('priority_policies')
export class PriorityPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'territory_id', type: 'uuid' })
  territoryId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ type: 'jsonb' })
  criteria!: PolicyCriterion[];

  @Column({ name: 'waiting_month_points', type: 'int' })
  waitingMonthPoints!: number;

  @Column({ name: 'waiting_month_cap', type: 'int' })
  waitingMonthCap!: number;

  @Column({ name: 'refusal_penalty', type: 'int' })
  refusalPenalty!: number;

  @Column({ name: 'tie_break', type: 'jsonb' })
  tieBreak!: TieBreak[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export function toPolicy(e: PriorityPolicyEntity): PriorityPolicy {
  return {
    id: e.id,
    version: e.version,
    effectiveFrom: e.effectiveFrom,
    criteria: e.criteria,
    waitingMonthPoints: e.waitingMonthPoints,
    waitingMonthCap: e.waitingMonthCap,
    refusalPenalty: e.refusalPenalty,
    tieBreak: e.tieBreak,
  };
}
