import { Injectable } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import type { AfterCommit } from '../../common/events/domain-events';
import { dayOf } from '../../common/time/calendar';
import { PlannedDayReadModel } from '../../read-models/planned-day.read-model';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { inspectDocument, UploadedDocument } from '../families/document-inspection';
import { DocumentStore } from '../families/document-store';
import { AbsenceRow, AttendanceRepository } from './attendance.repository';
import type { CreateAbsenceDto } from './dto/attendance.dto';

const MAX_ABSENCE_DAYS = 366;

/**
 * Absences with their reason (issue #16), recorded by the crèche's managers; the medical certificate or hospital note
 * goes to the same store as the fee declarations' proofs (DOCUMENTS_DIR, type read from the bytes).
 */
@Injectable()
export class AbsencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CrecheAccess,
    private readonly repo: AttendanceRepository,
    private readonly planned: PlannedDayReadModel,
    private readonly audit: AuditService,
    private readonly store: DocumentStore,
  ) {}

  async record(actor: AuthUser, crecheId: string, dto: CreateAbsenceDto): Promise<AbsenceRow> {
    // One absence covers at most a year (ck_absences_dates); a longer one is recorded again.
    if (dayOf(dto.to) - dayOf(dto.from) > MAX_ABSENCE_DAYS)
      throw invalidFields([{ field: 'to', errors: [`an absence lasts at most ${MAX_ABSENCE_DAYS + 1} days`] }]);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      if (!(await this.planned.isInCareBetween(em, crecheId, dto.childId, dto.from, dto.to)))
        throw new DomainError('CHILD.NOT_FOUND', "Cet enfant n'est pas accueilli dans cette crèche sur ces dates.");
      const row = await this.repo.insertAbsence(em, {
        crecheId,
        childId: dto.childId,
        reason: dto.reason,
        fromDate: dto.from,
        toDate: dto.to,
        certified: dto.certified ?? false,
        by: actor.id,
      });
      await this.audit.record(em, {
        actor,
        action: 'absence.recorded',
        subjectType: 'absence',
        subjectId: row.id,
        details: { crecheId, reason: dto.reason, from: dto.from, to: dto.to },
      });
      return row;
    });
  }

  /** The proof (certificate, hospital note): a PDF, JPEG or PNG of at most 5 MiB; it makes the absence certified. */
  async attachDocument(actor: AuthUser, id: string, file: UploadedDocument | undefined): Promise<AbsenceRow> {
    await this.visible(actor, id);
    const doc = await inspectDocument(file);
    const key = await this.store.save(doc.bytes);
    let result: { saved: AbsenceRow; previous: string | null };
    try {
      result = await this.dataSource.transaction(async (em) => {
        const row = (await this.repo.findAbsence(em, id, true))!;
        const saved = await this.repo.attachDocument(em, id, {
          key,
          mime: doc.mime,
          size: doc.size,
          sha256: doc.sha256,
        });
        await this.audit.record(em, {
          actor,
          action: 'absence.document_attached',
          subjectType: 'absence',
          subjectId: id,
          details: { replaced: row.documentKey !== null, size: doc.size },
        });
        return { saved, previous: row.documentKey };
      });
    } catch (err) {
      await this.store.remove([key]);
      throw err;
    }
    // A replaced proof's file goes once the row no longer names it.
    if (result.previous) await this.store.remove([result.previous]);
    return result.saved;
  }

  async openDocument(actor: AuthUser, id: string): Promise<{ stream: ReadStream; size: number; mime: string }> {
    const row = await this.visible(actor, id);
    if (!row.documentKey || !row.documentMime) throw notFound();
    const file = await this.store.open(row.documentKey);
    if (!file) throw notFound();
    return { ...file, mime: row.documentMime };
  }

  /**
   * GDPR erasure of a household, in the caller's transaction: its children's medical certificates and hospital notes
   * (health data) go, rows and files; each absence keeps its reason, dates and whether a proof was given, which the
   * crèche's invoices and the Caf's control rest on (docs/rules.md §8.11). Returns the deletion of the files, to run
   * once committed.
   */
  async eraseProofsOfChildrenInTx(em: EntityManager, childIds: readonly string[]): Promise<AfterCommit> {
    const keys = await this.repo.clearDocumentsOfChildren(em, childIds);
    return () => this.store.remove(keys);
  }

  private async visible(actor: AuthUser, id: string): Promise<AbsenceRow> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.repo.findAbsence(em, id);
      if (!row) throw notFound();
      await this.access.assertCanPlan(em, actor, row.crecheId, notFound);
      return row;
    });
  }
}

function notFound(): DomainError {
  return new DomainError('ABSENCE.NOT_FOUND', 'Absence introuvable.');
}
