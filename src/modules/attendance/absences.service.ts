import { Injectable } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import type { AfterCommit } from '../../common/events/domain-events';
import { dayOf, isoOf } from '../../common/time/calendar';
import { frenchMonth } from '../../common/text/french-dates';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { PlannedDayReadModel } from '../../read-models/planned-day.read-model';
import { AuditService } from '../audit/audit.service';
import { CrecheAccess } from '../creches/creche-access';
import { inspectDocument, UploadedDocument } from '../families/document-inspection';
import { DocumentStore } from '../families/document-store';
import { AbsenceRow, AttendanceRepository } from './attendance.repository';
import type { AbsenceReason } from './domain/absence-reasons';
import type { CreateAbsenceDto, UpdateAbsenceDto } from './dto/attendance.dto';

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
    private readonly invoiced: InvoicedMonthsReadModel,
  ) {}

  /**
   * Records an absence; refused (409) on a month already invoiced, as a correction is (docs/rules.md#r812): a late
   * absence would otherwise sit beside an invoice that did not deduct it.
   */
  async record(actor: AuthUser, crecheId: string, dto: CreateAbsenceDto): Promise<AbsenceRow> {
    assertLength(dto.from, dto.to);
    return this.dataSource.transaction(async (em) => {
      await this.access.assertCanPlan(em, actor, crecheId);
      if (!(await this.planned.isInCareBetween(em, crecheId, dto.childId, dto.from, dto.to)))
        throw new DomainError('CHILD.NOT_FOUND', "Cet enfant n'est pas accueilli dans cette crèche sur ces dates.");
      // The child's absences are recorded one at a time (the lock its check-ins take, taken first as they do), so the
      // same absence sent twice at once (a double tap, two managers) is written once. Overlapping absences stay
      // allowed: an illness with a certificate for part of it, a hospitalisation within an illness (R8.1).
      await this.repo.lockChildArrivals(em, dto.childId);
      await this.assertNotInvoiced(em, { crecheId, childId: dto.childId }, [
        { from: dto.from, to: dto.to, reason: dto.reason },
      ]);
      if (
        (await this.repo.absencesOfCrecheBetween(em, crecheId, dto.from, dto.to)).some(
          (a) => a.childId === dto.childId && a.reason === dto.reason && a.fromDate === dto.from && a.toDate === dto.to,
        )
      )
        throw new DomainError('ABSENCE.DUPLICATE', 'Cette absence est déjà enregistrée (même motif, mêmes dates).');
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

  /**
   * A correction of an absence recorded by mistake (reason, dates, certificate seen), audited with the values before
   * and after. Refused (409) once a month it covers, before or after the change, is invoiced: the invoice's deductions
   * rest on it and an issued invoice never changes; the correction is then a credit note (docs/rules.md#r812).
   */
  async update(actor: AuthUser, id: string, dto: UpdateAbsenceDto): Promise<AbsenceRow> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.lockedForChange(em, actor, id);
      const after = {
        reason: dto.reason ?? row.reason,
        fromDate: dto.from ?? row.fromDate,
        toDate: dto.to ?? row.toDate,
        // An uploaded proof makes the absence certified, and stays so.
        certified: row.documentKey !== null ? true : (dto.certified ?? row.certified),
      };
      if (after.fromDate > after.toDate)
        throw invalidFields([{ field: dto.to !== undefined ? 'to' : 'from', errors: ['from must not be after to'] }]);
      assertLength(after.fromDate, after.toDate);
      await this.assertNotInvoiced(em, row, [{ from: after.fromDate, to: after.toDate, reason: after.reason }]);
      if (
        (after.fromDate < row.fromDate || after.toDate > row.toDate) &&
        !(await this.planned.isInCareBetween(em, row.crecheId, row.childId, after.fromDate, after.toDate))
      )
        throw new DomainError('CHILD.NOT_FOUND', "Cet enfant n'est pas accueilli dans cette crèche sur ces dates.");
      const saved = await this.repo.updateAbsence(em, id, after);
      await this.audit.record(em, {
        actor,
        action: 'absence.corrected',
        subjectType: 'absence',
        subjectId: id,
        details: {
          crecheId: row.crecheId,
          before: { reason: row.reason, from: row.fromDate, to: row.toDate, certified: row.certified },
          after: { reason: saved.reason, from: saved.fromDate, to: saved.toDate, certified: saved.certified },
        },
      });
      return saved;
    });
  }

  /**
   * Removes an absence recorded by mistake (and its proof's file, once committed), audited with what it was. Refused
   * (409) once a month it covers is invoiced (docs/rules.md#r812).
   */
  async remove(actor: AuthUser, id: string): Promise<void> {
    const documentKey = await this.dataSource.transaction(async (em) => {
      const row = await this.lockedForChange(em, actor, id);
      await this.repo.deleteAbsence(em, id);
      await this.audit.record(em, {
        actor,
        action: 'absence.deleted',
        subjectType: 'absence',
        subjectId: id,
        details: {
          crecheId: row.crecheId,
          childId: row.childId,
          before: {
            reason: row.reason,
            from: row.fromDate,
            to: row.toDate,
            certified: row.certified,
            hadDocument: row.documentKey !== null,
          },
        },
      });
      return row.documentKey;
    });
    if (documentKey) await this.store.remove([documentKey]);
  }

  /**
   * The absence, locked, for a manager of its crèche (404 otherwise), with none of its months invoiced (409). The
   * invoiced months are checked before the row is locked, and again after: the check waits for an issue under way (it
   * holds the crèche's invoice sequence and reads the month's absences), so the other order would have each wait for
   * the other; once the sequence is held, the second check waits for nothing.
   */
  private async lockedForChange(em: EntityManager, actor: AuthUser, id: string): Promise<AbsenceRow> {
    const found = await this.repo.findAbsence(em, id);
    if (!found) throw notFound();
    await this.access.assertCanPlan(em, actor, found.crecheId, notFound);
    await this.assertNotInvoiced(em, found, [{ from: found.fromDate, to: found.toDate, reason: found.reason }]);
    // Removed meanwhile by another manager: gone, as for a request that came after.
    const row = await this.repo.findAbsence(em, id, true);
    if (!row) throw notFound();
    await this.assertNotInvoiced(em, row, [{ from: row.fromDate, to: row.toDate, reason: row.reason }]);
    return row;
  }

  /**
   * 409 when a month the periods touch is invoiced: the months of their days, and for an illness of the day after (an
   * illness recorded up to the eve of an episode that goes on in the next month joins it, and moves the waiting days
   * that month's invoice deducted from: docs/rules.md#r812). The other reasons are deducted from their first day, so
   * what comes before an episode of theirs changes nothing the next month's invoice deducted.
   */
  private async assertNotInvoiced(
    em: EntityManager,
    of: Pick<AbsenceRow, 'crecheId' | 'childId'>,
    periods: { from: string; to: string; reason: AbsenceReason }[],
  ): Promise<void> {
    const touched = periods.map((p) => ({ from: p.from, to: p.reason === 'ILLNESS' ? isoOf(dayOf(p.to) + 1) : p.to }));
    const months = await this.invoiced.invoicedMonths(em, of.crecheId, of.childId, touched);
    if (months.length)
      throw new DomainError(
        'ABSENCE.INVOICED',
        `Cette absence touche un mois déjà facturé (${months.map(frenchMonth).join(', ')}) : une facture émise ne change plus, corrigez-la par un avoir.`,
      );
  }

  /**
   * The proof (certificate, hospital note): a PDF, JPEG or PNG of at most 5 MiB; it makes the absence certified.
   * Refused (409) on an absence not yet certified whose month is invoiced (docs/rules.md#r812).
   */
  async attachDocument(actor: AuthUser, id: string, file: UploadedDocument | undefined): Promise<AbsenceRow> {
    await this.visible(actor, id);
    const doc = await inspectDocument(file);
    const key = await this.store.save(doc.bytes);
    let result: { saved: AbsenceRow; previous: string | null };
    try {
      result = await this.dataSource.transaction(async (em) => {
        // A first proof makes the absence certified, which changes what its month deducts: like a correction, refused
        // once that month is invoiced (the credit note is the correction). Replacing a proof changes nothing billed.
        // The issue of a month is waited for before the row is locked, whatever the absence is (it may be made not
        // certified meanwhile), then checked (lockedForChange explains the order).
        // The absence may have been removed since `visible` (a 404 then, as for a request that came after).
        const found = await this.repo.findAbsence(em, id);
        if (!found) throw notFound();
        await this.invoiced.waitForIssue(em, found.crecheId);
        const row = await this.repo.findAbsence(em, id, true);
        if (!row) throw notFound();
        if (!row.certified)
          await this.assertNotInvoiced(em, row, [{ from: row.fromDate, to: row.toDate, reason: row.reason }]);
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

/** One absence covers at most a year (ck_absences_dates); a longer one is recorded again. */
function assertLength(from: string, to: string): void {
  if (dayOf(to) - dayOf(from) > MAX_ABSENCE_DAYS)
    throw invalidFields([{ field: 'to', errors: [`an absence lasts at most ${MAX_ABSENCE_DAYS + 1} days`] }]);
}

function notFound(): DomainError {
  return new DomainError('ABSENCE.NOT_FOUND', 'Absence introuvable.');
}
