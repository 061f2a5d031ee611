import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '../../common/db/prepared-query';
import { currentRequestId } from '../../common/http/request-context';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { AuditEventEntity } from './entities/audit-event.entity';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

export interface AuditRecord {
  /** null for anonymous actions (a failed login) and for the system (jobs, boot). */
  readonly actor: AuthUser | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId?: string | null;
  /** Ids, codes, amounts of rules; never names, e-mails or a family's income. */
  readonly details?: Record<string, unknown>;
}

/** Parameters: `auditParams(event)`, then the subject id. */
const INSERT_AUDIT_EVENT = {
  name: 'insert_audit_event',
  text: `INSERT INTO audit_events (actor_user_id, actor_role, action, subject_type, subject_id, request_id, details)
         VALUES ($1, $2, $3, $4, $7, $5, $6)`,
};

/**
 * For a hot statement that writes a change and its audit event at once (one round trip less): the
 * `INSERT INTO audit_events … SELECT … FROM <source>` to place in its WITH clause, the subject id being
 * `<source>.id`; its six parameters, from `$firstParam` on, are `auditParams(event)`. As with `record`, the event
 * exists if and only if the change does.
 */
export function auditInsertFrom(source: string, firstParam: number): string {
  const p = (i: number) => `$${firstParam + i}`;
  return `INSERT INTO audit_events (actor_user_id, actor_role, action, subject_type, subject_id, request_id, details)
          SELECT ${p(0)}::uuid, ${p(1)}::text, ${p(2)}::text, ${p(3)}::text, ${source}.id, ${p(4)}::text, ${p(5)}::jsonb FROM ${source}`;
}

export function auditParams(event: Omit<AuditRecord, 'subjectId'>): unknown[] {
  return [event.actor?.id ?? null, event.actor?.role ?? null, event.action, event.subjectType, currentRequestId(), JSON.stringify(event.details ?? {})];
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes in the caller's transaction, so the event exists if and only if the change does. */
  async record(em: EntityManager, event: AuditRecord): Promise<void> {
    await queryPrepared(em, INSERT_AUDIT_EVENT, [...auditParams(event), event.subjectId ?? null]);
  }

  async list(query: ListAuditEventsQuery): Promise<{ items: AuditEventEntity[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.subjectType) qb.andWhere('e.subjectType = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) qb.andWhere('e.subjectId = :subjectId', { subjectId: query.subjectId });
    if (query.actorUserId) qb.andWhere('e.actorUserId = :actorUserId', { actorUserId: query.actorUserId });
    if (query.from) qb.andWhere('e.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurredAt < :to', { to: query.to });
    if (query.cursor) qb.andWhere('e.id < :cursor', { cursor: query.cursor });
    const limit = query.limit ?? 50;
    const rows = await qb.orderBy('e.id', 'DESC').take(limit + 1).getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}
