import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../../common/db/prepared-query';
import { AuditEventEntity } from './entities/audit-event.entity';

/** An event as written: the actor's id and role, the action, the subject, the request and the details. */
export interface AuditEventRow {
  readonly actorUserId: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

/** The filters of the audit log; every one optional. `cursor`: list events older than this id. */
export interface AuditEventFilter {
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly actorUserId?: string;
  readonly actorRole?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cursor?: string;
}

/** Parameters: `auditParams(event)`, then the subject id (`auditParams` in audit.service.ts builds the first six). */
const INSERT_AUDIT_EVENT = {
  name: 'insert_audit_event',
  text: `INSERT INTO audit_events (actor_user_id, actor_role, action, subject_type, subject_id, request_id, details)
         VALUES ($1, $2, $3, $4, $7, $5, $6)`,
};

/**
 * For a hot statement that writes a change and its audit event at once (one round trip less): the
 * `INSERT INTO audit_events … SELECT … FROM <source>` to place in its WITH clause, the subject id being
 * `<source>.id`; its six parameters, from `$firstParam` on, are `auditParams(event)`. As with `insert`, the event
 * exists if and only if the change does.
 */
export function auditInsertFrom(source: string, firstParam: number): string {
  const p = (i: number) => `$${firstParam + i}`;
  return `INSERT INTO audit_events (actor_user_id, actor_role, action, subject_type, subject_id, request_id, details)
          SELECT ${p(0)}::uuid, ${p(1)}::text, ${p(2)}::text, ${p(3)}::text, ${source}.id, ${p(4)}::text, ${p(5)}::jsonb FROM ${source}`;
}

/** The six parameters of `auditInsertFrom` and of the insert, in their order. */
export function auditRowParams(e: Omit<AuditEventRow, 'subjectId'>): unknown[] {
  return [e.actorUserId, e.actorRole, e.action, e.subjectType, e.requestId, JSON.stringify(e.details)];
}

/** The `audit_events` table: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). */
@Injectable()
export class AuditRepository {
  /** A prepared statement: every change of every module writes one. */
  async insert(em: EntityManager, event: AuditEventRow): Promise<void> {
    await queryPrepared(em, INSERT_AUDIT_EVENT, [...auditRowParams(event), event.subjectId]);
  }

  /** Newest first, at most `limit` events. */
  list(em: EntityManager, filter: AuditEventFilter, limit: number): Promise<AuditEventEntity[]> {
    const qb = em.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.subjectType) qb.andWhere('e.subjectType = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) qb.andWhere('e.subjectId = :subjectId', { subjectId: filter.subjectId });
    if (filter.actorUserId) qb.andWhere('e.actorUserId = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.actorRole) qb.andWhere('e.actorRole = :actorRole', { actorRole: filter.actorRole });
    if (filter.from) qb.andWhere('e.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurredAt < :to', { to: filter.to });
    if (filter.cursor) qb.andWhere('e.id < :cursor', { cursor: filter.cursor });
    return qb.orderBy('e.id', 'DESC').take(limit).getMany();
  }
}
