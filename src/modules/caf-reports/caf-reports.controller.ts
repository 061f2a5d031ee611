import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { renderActivityReportPdf } from './activity-report-pdf';
import { CafReportsService } from './caf-reports.service';
import { activityReportCsv, childHoursCsv, filoueCsv, filoueErrorsCsv } from './domain/report-csv';
import {
  ActivityReportDto,
  ChildHoursQuery,
  ChildHoursReportDto,
  ChildMonthDto,
  ChildMonthQuery,
  FiloueFileDto,
  YearQuery,
} from './dto/caf-reports.dto';

const csvFile = (csv: string, filename: string) =>
  new StreamableFile(Buffer.from(csv, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}"`,
  });

/** The Caf's reports on a crèche (issue #17): the activity report and the yearly FILOUÉ file. */
@ApiTags('caf-reports')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('creches/:id/caf-reports')
export class CafReportsController {
  constructor(private readonly reports: CafReportsService) {}

  @Get('activity')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      "Caf activity report of a crèche's year, per month: hours attended and billed, fees, by kind and age band; billing rate (alert above 107 %), capacity and occupancies",
  })
  @ApiOkResponse({ type: ActivityReportDto })
  @ApiErrors(400, 404)
  async activity(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<ActivityReportDto> {
    const { creche, report } = await this.reports.activity(user, id, q.year);
    return { crecheId: creche.id, crecheName: creche.name, ...report, months: [...report.months] };
  }

  @Get('activity.csv')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Caf activity report as a French CSV (";", decimal comma, UTF-8 with BOM)' })
  @ApiOkContent('One row per month, then the year, as an attachment', ['text/csv'])
  @ApiErrors(400, 404)
  async activityCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<StreamableFile> {
    const { report } = await this.reports.activity(user, id, q.year);
    return csvFile(activityReportCsv(report), `rapport-activite-caf-${q.year}.csv`);
  }

  @Get('activity.pdf')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Caf activity report as a printable PDF in French' })
  @ApiOkContent('The report (PDF), as an attachment', ['application/pdf'], { binary: true })
  @ApiErrors(400, 404)
  async activityPdf(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<StreamableFile> {
    const { creche, report } = await this.reports.activity(user, id, q.year);
    const bytes = await renderActivityReportPdf({ crecheName: creche.name, report });
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: `attachment; filename="rapport-activite-caf-${q.year}.pdf"`,
    });
  }

  @Get('filoue')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      "FILOUÉ file of a crèche's year: one line per child present (objecting households left out), with the errors that kept lines out",
  })
  @ApiOkResponse({ type: FiloueFileDto })
  @ApiErrors(400, 404)
  async filoue(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<FiloueFileDto> {
    const { creche, file } = await this.reports.filoue(user, id, q.year);
    return { crecheId: creche.id, ...file, lines: [...file.lines], errors: [...file.errors] };
  }

  @Get('filoue.csv')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'FILOUÉ file as a French CSV (";", decimal comma, UTF-8 with BOM)' })
  @ApiOkContent('One line per child written (see filoue-errors.csv for those left out), as an attachment', ['text/csv'])
  @ApiErrors(400, 404)
  async filoueCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<StreamableFile> {
    const { file } = await this.reports.filoue(user, id, q.year);
    return csvFile(filoueCsv(file), `filoue-${q.year}.csv`);
  }

  @Get('filoue-errors.csv')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: "FILOUÉ file's errors as a French CSV: missing or malformed Caf numbers" })
  @ApiOkContent('One line per error, as an attachment', ['text/csv'])
  @ApiErrors(400, 404)
  async filoueErrorsCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: YearQuery,
  ): Promise<StreamableFile> {
    const { file } = await this.reports.filoue(user, id, q.year);
    return csvFile(filoueErrorsCsv(file), `filoue-${q.year}-erreurs.csv`);
  }

  @Get('children')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      "Hours billed against hours attended, child by child, over the issued months of a crèche's year or month (billing rate, alert above 107 %)",
  })
  @ApiOkResponse({ type: ChildHoursReportDto })
  @ApiErrors(400, 404)
  async children(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: ChildHoursQuery,
  ): Promise<ChildHoursReportDto> {
    const report = await this.reports.childHours(user, id, q.year, q.month ?? null);
    return { crecheId: id, ...report };
  }

  @Get('children/:childId')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      "One child's month at the crèche, day by day: its attendance records, absences and invoice lines as printed, with its row of the per-child table",
  })
  @ApiOkResponse({ type: ChildMonthDto })
  @ApiErrors(400, 404)
  async childMonth(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('childId', uuidParam()) childId: string,
    @Query() q: ChildMonthQuery,
  ): Promise<ChildMonthDto> {
    return { crecheId: id, ...(await this.reports.childMonth(user, id, childId, q.year, q.month)) };
  }

  @Get('children.csv')
  @RequirePermission('caf_reports:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Hours billed and attended child by child as a French CSV' })
  @ApiOkContent('One row per child, as an attachment', ['text/csv'])
  @ApiErrors(400, 404)
  async childrenCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: ChildHoursQuery,
  ): Promise<StreamableFile> {
    const report = await this.reports.childHours(user, id, q.year, q.month ?? null);
    const period = q.month ? `${q.year}-${String(q.month).padStart(2, '0')}` : String(q.year);
    return csvFile(childHoursCsv(report.children), `heures-par-enfant-${period}.csv`);
  }
}
