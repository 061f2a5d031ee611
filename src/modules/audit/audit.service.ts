import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { currentRequestId } from '../../common/http/request-context';
import type { AuthUser } from '../../common/auth/auth.decorators';
import type { AuditEventEntity } from './entities/audit-event.entity';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';
import { AuditEventRow, AuditRepository, auditRowParams } from './audit.repository';

export { auditInsertFrom } from './audit.repository';

export interface AuditRecord {
  /** null for anonymous actions (a failed login) and for the system (jobs, boot). */
  readonly actor: AuthUser | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId?: string | null;
  /** Ids, codes, amounts of rules; never names, e-mails or a family's income. */
  readonly details?: Record<string, unknown>;
}

/** The row an event becomes: the actor's id and role, and the id of the request being served. */
function rowOf(event: Omit<AuditRecord, 'subjectId'>, subjectId: string | null): AuditEventRow {
  return {
    actorUserId: event.actor?.id ?? null,
    actorRole: event.actor?.role ?? null,
    action: event.action,
    subjectType: event.subjectType,
    subjectId,
    requestId: currentRequestId(),
    details: event.details ?? {},
  };
}

/** The six parameters of `auditInsertFrom`, for a statement that writes a change and its event at once. */
export function auditParams(event: Omit<AuditRecord, 'subjectId'>): unknown[] {
  return auditRowParams(rowOf(event, null));
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AuditRepository,
  ) {}

  /** Writes in the caller's transaction, so the event exists if and only if the change does. */
  async record(em: EntityManager, event: AuditRecord): Promise<void> {
    await this.repo.insert(em, rowOf(event, event.subjectId ?? null));
  }

  async list(query: ListAuditEventsQuery): Promise<{ items: AuditEventEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(this.dataSource.manager, query, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}
