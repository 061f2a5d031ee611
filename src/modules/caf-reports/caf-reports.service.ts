import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { addMonths, dayOf, isoOf } from '../../common/time/calendar';
import { CafReportsReadModel, CrecheForReport } from '../../read-models/caf-reports.read-model';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess, notFound } from '../creches/creche-access';
import { activityReport, ActivityReport, yearBounds } from './domain/activity-report';
import { Dec } from '../fees/domain/decimal';
import { creditedByChild, filoueFile, FiloueFile } from './domain/filoue';
import { childHours, ChildHoursRow, ChildHoursTotal, childHoursTotal } from './domain/child-hours';
import { childMonth } from './domain/child-days';
import { InvoicingService } from '../billing/invoicing.service';
import { DomainError } from '../../common/errors/domain-error';

export interface ChildHoursReport {
  readonly year: number;
  /** 1–12, or null for the whole year. */
  readonly month: number | null;
  /** The period's months the crèche has issued ("2027-03"): the only ones counted. */
  readonly issuedMonths: string[];
  readonly children: (ChildHoursRow & {
    firstName: string;
    lastName: string | null;
    birthDate: string | null;
    erased: boolean;
  })[];
  /** The table's total row, summed exactly then rounded once (as the activity report's month). */
  readonly total: ChildHoursTotal;
}

/**
 * The Caf's reports on a crèche (docs/rules.md §9): the activity report and the FILOUÉ file. Read-only; readable by
 * the crèche's managers, admins and Caf auditors.
 */
@Injectable()
export class CafReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly capacity: CapacityService,
    private readonly read: CafReportsReadModel,
    private readonly invoicing: InvoicingService,
  ) {}

  private async crecheFor(user: AuthUser, crecheId: string): Promise<CrecheForReport> {
    const em = this.dataSource.manager;
    await this.access.assertCanReadCafReports(em, user, crecheId);
    const creche = await this.read.creche(em, crecheId);
    if (!creche) throw notFound();
    return creche;
  }

  async activity(
    user: AuthUser,
    crecheId: string,
    year: number,
  ): Promise<{ creche: CrecheForReport; report: ActivityReport }> {
    const creche = await this.crecheFor(user, crecheId);
    const { from, to, fromIso, toIso } = yearBounds(year);
    // One snapshot for the reads: a month issued between two of them would be counted half.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const lines = await this.read.billedLines(em, crecheId, fromIso, toIso);
      const attended = await this.read.attended(em, crecheId, fromIso, toIso);
      const credits = await this.read.credits(em, crecheId, fromIso, toIso);
      const keptFrom = await this.read.keptFrom(em, crecheId);
      const issuedMonths = await this.read.issuedMonths(em, crecheId, fromIso, toIso);
      const billableMonths = await this.read.billableMonths(em, crecheId, fromIso, toIso);
      const birth = (b: string | null) => b ?? fromIso;
      const report = activityReport({
        year,
        keptFrom,
        today: todayOf(this.clock),
        issuedMonths,
        billableMonths,
        rules: await this.capacity.compileOverTime(em, creche, from, to),
        lines: lines.map((l) => ({ ...l, birthDate: birth(l.birthDate) })),
        attended: attended.map((a) => ({ ...a, birthDate: birth(a.birthDate) })),
        credits,
      });
      return { creche, report };
    });
  }

  async filoue(user: AuthUser, crecheId: string, year: number): Promise<{ creche: CrecheForReport; file: FiloueFile }> {
    const creche = await this.crecheFor(user, crecheId);
    const { fromIso, toIso } = yearBounds(year);
    // One snapshot: a credit note issued meanwhile is in both reads or in neither.
    const [rows, credits] = await this.dataSource.transaction('REPEATABLE READ', async (em) => [
      await this.read.filoueChildren(em, crecheId, fromIso, toIso),
      await this.read.filoueCredits(em, crecheId, fromIso, toIso),
    ]);
    // The year's credit notes lower each child's total billed, as they lower the activity report's fees (R9.5).
    const credited = creditedByChild(credits);
    const children = rows.map((c) => {
      const credit = credited.get(c.childId);
      return credit ? { ...c, totalBilled: new Dec(c.totalBilled).plus(credit).toFixed(2) } : c;
    });
    return { creche, file: filoueFile({ year, creche, children }) };
  }

  /**
   * One child's month, day by day (R9.7): its attendance records, absences and lines, with the totals of its row in
   * the per-child table. 404 for a child that never had a contract, booking, presence or line at the crèche.
   */
  async childMonth(user: AuthUser, crecheId: string, childId: string, year: number, month: number) {
    await this.crecheFor(user, crecheId);
    const mm = `${year}-${String(month).padStart(2, '0')}`;
    const from = `${mm}-01`;
    const to = isoOf(addMonths(dayOf(from), 1) - 1);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      if (!(await this.read.childKnownAt(em, crecheId, childId)))
        throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable dans cette crèche.');
      const [named] = await this.read.childrenNamed(em, [childId]);
      const planned = await this.invoicing.childDays(em, crecheId, childId, mm);
      const detail = childMonth({
        childId,
        month: mm,
        issued: (await this.read.issuedMonths(em, crecheId, from, to)).length > 0,
        attended: await this.read.childAttended(em, crecheId, childId, from, to),
        planned: planned.days,
        openArrivals: planned.openArrivals,
        lines: await this.read.childLines(em, crecheId, childId, from, to),
      });
      const who =
        !named || named.erased
          ? { firstName: '', lastName: null, birthDate: null, erased: true }
          : { firstName: named.firstName, lastName: named.lastName, birthDate: named.birthDate, erased: false };
      return {
        childId,
        ...who,
        year,
        month,
        ...detail.totals,
        issued: detail.issued,
        extraHoursNow: detail.extraHoursNow,
        extraHoursBilled: detail.extraHoursBilled,
        days: detail.days,
        // A contract shared by two households is unbillable by share: said once per contract and reason.
        unbillable: [...new Map(planned.unbillable.map((u) => [`${u.contractId}|${u.reason}`, u])).values()].map(
          (u) => ({ contractId: u.contractId, reason: u.reason }),
        ),
        absences: await this.read.childAbsences(em, crecheId, childId, from, to),
        lines: detail.lines,
      };
    });
  }

  /**
   * Hours billed against hours attended, child by child, over the issued months of a year or one of its months
   * (docs/rules.md R9.7), read in one snapshot as the activity report is.
   */
  async childHours(user: AuthUser, crecheId: string, year: number, month: number | null): Promise<ChildHoursReport> {
    await this.crecheFor(user, crecheId);
    const { fromIso, toIso } = yearBounds(year);
    const mm = month === null ? null : `${year}-${String(month).padStart(2, '0')}`;
    const from = mm ? `${mm}-01` : fromIso;
    const to = mm ? isoOf(addMonths(dayOf(from), 1) - 1) : toIso;
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const lines = await this.read.billedLines(em, crecheId, from, to);
      const attended = await this.read.attended(em, crecheId, from, to);
      const issuedMonths = (await this.read.issuedMonths(em, crecheId, from, to)).sort();
      const named = await this.read.childrenNamed(em, [
        ...new Set([...lines.map((l) => l.childId), ...attended.map((a) => a.childId)]),
      ]);
      const byId = new Map(named.map((c) => [c.id, c]));
      const counted = { issuedMonths: new Set(issuedMonths), lines, attended };
      const rows = childHours({ ...counted, names: new Map(named.map((c) => [c.id, c.firstName])) });
      return {
        year,
        month,
        issuedMonths,
        children: rows.map((r) => {
          const c = byId.get(r.childId);
          // An erased household's child keeps its rows (the totals add up) but no name, and only its birth month is
          // kept: shown as no date rather than the 1st of that month, which an auditor would look for on the sheets.
          if (!c || c.erased) return { ...r, firstName: '', lastName: null, birthDate: null, erased: true };
          return { ...r, firstName: c.firstName, lastName: c.lastName, birthDate: c.birthDate, erased: false };
        }),
        total: childHoursTotal(counted),
      };
    });
  }
}
