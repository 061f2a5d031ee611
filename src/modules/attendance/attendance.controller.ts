import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { civilDateProblems, uuidParam } from '../../common/http/validators';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { DocumentUploadInterceptor } from '../families/document-upload.interceptor';
import { MAX_DOCUMENT_BYTES } from '../families/domain/fee-declarations';
import { AbsencesService } from './absences.service';
import { AttendanceService } from './attendance.service';
import {
  AbsenceDocumentBody,
  CheckChildDto,
  CheckDayDto,
  ClockDto,
  CorrectAttendanceDto,
  CreateAbsenceDto,
  UpdateAbsenceDto,
} from './dto/attendance.dto';
import {
  AbsenceResponseDto,
  AttendanceResponseDto,
  DayResponseDto,
  OpenArrivalDto,
} from './dto/attendance.response.dto';

/**
 * Pointage and absences (issue #16), for the crèche's managers and admins; the day's list and the arrivals and
 * departures for its staff too (CRECHE_STAFF). Corrections and absences stay the managers'.
 */
@ApiTags('attendance')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
@RequirePermission('creches:plan')
@Roles('MANAGER', 'ADMIN')
export class AttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly absences: AbsencesService,
  ) {}

  @RequirePermission('attendance:clock')
  @Roles('MANAGER', 'ADMIN', 'CRECHE_STAFF')
  @Get('creches/:id/attendance')
  @ApiOperation({ summary: 'The day planned (contracts, bookings) beside the arrivals, departures and absences' })
  @ApiOkResponse({ type: DayResponseDto })
  @ApiErrors(400, 404)
  @ApiQuery({ name: 'date', required: true, example: '2027-03-01', format: 'date' })
  async day(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query('date') date: string,
  ): Promise<DayResponseDto> {
    const problems =
      date === undefined ? [{ field: 'date', errors: ['date is required'] }] : civilDateProblems('date', date);
    if (problems.length) throw invalidFields(problems);
    const day = await this.attendance.day(user, crecheId, date);
    return {
      date: day.date,
      children: day.children.map((c) => ({
        ...c,
        actual: c.actual && AttendanceResponseDto.from(c.actual),
        absence:
          c.absence &&
          (user.role === 'CRECHE_STAFF' ? AbsenceResponseDto.forStaff(c.absence) : AbsenceResponseDto.from(c.absence)),
      })),
    };
  }

  @Get('creches/:id/attendance/open')
  @ApiOperation({
    summary:
      'Arrivals of earlier days still without a departure (to be entered before the month can be invoiced), oldest first',
  })
  @ApiOkResponse({ type: [OpenArrivalDto] })
  @ApiErrors(400, 404)
  async openArrivals(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
  ): Promise<OpenArrivalDto[]> {
    return (await this.attendance.openArrivals(user, crecheId)).map(OpenArrivalDto.fromOpen);
  }

  @RequirePermission('attendance:clock')
  @Roles('MANAGER', 'ADMIN', 'CRECHE_STAFF')
  @Post('creches/:id/attendance/check-in')
  @ApiOperation({ summary: "Checks a child in (arrival), now or at the given day's time" })
  @ApiCreatedResponse({ type: AttendanceResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async checkIn(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CheckChildDto,
  ): Promise<AttendanceResponseDto> {
    return AttendanceResponseDto.from(await this.attendance.checkIn(actor, crecheId, dto.childId, dto));
  }

  @RequirePermission('attendance:clock')
  @Roles('MANAGER', 'ADMIN', 'CRECHE_STAFF')
  @Post('creches/:id/attendance/check-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Checks a child out (departure)' })
  @ApiOkResponse({ type: AttendanceResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async checkOut(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CheckChildDto,
  ): Promise<AttendanceResponseDto> {
    return AttendanceResponseDto.from(await this.attendance.checkOut(actor, crecheId, dto.childId, dto));
  }

  @RequirePermission('attendance:clock')
  @Roles('MANAGER', 'ADMIN', 'CRECHE_STAFF')
  @Post('creches/:id/attendance/day/check-in')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Checks in at once every child due (a slot under way or starting within 30 minutes), or those listed; absentees left out',
  })
  @ApiOkResponse({ type: [AttendanceResponseDto], description: 'the children checked in by this call' })
  @ApiErrors(400, 404, 429)
  async checkInDay(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CheckDayDto,
  ): Promise<AttendanceResponseDto[]> {
    return (await this.attendance.checkInDay(actor, crecheId, dto, dto.childIds, dto.expectedBy)).map(
      AttendanceResponseDto.from,
    );
  }

  // Not the staff's: every child still marked present would leave at the time of the tap, and one picked up earlier
  // without being checked out would be billed the extra hours (R8.2); a manager checks the day's end.
  @Post('creches/:id/attendance/day/check-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Checks out at once every child still in that day' })
  @ApiOkResponse({ type: [AttendanceResponseDto], description: 'the children checked out by this call' })
  @ApiErrors(400, 404, 429)
  async checkOutDay(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: ClockDto,
  ): Promise<AttendanceResponseDto[]> {
    return (await this.attendance.checkOutDay(actor, crecheId, dto)).map(AttendanceResponseDto.from);
  }

  @Patch('attendance/:id')
  @ApiOperation({ summary: 'Corrects the arrival and departure times (audited with the previous times)' })
  @ApiOkResponse({ type: AttendanceResponseDto })
  @ApiErrors(400, 404, 429)
  async correct(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CorrectAttendanceDto,
  ): Promise<AttendanceResponseDto> {
    return AttendanceResponseDto.from(await this.attendance.correct(actor, id, dto));
  }

  @Delete('attendance/:id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Removes a check-in made by mistake (a child who did not come), audited with its times; refused once its month is invoiced',
  })
  @ApiNoContentResponse({ description: 'the record is removed' })
  @ApiErrors(400, 404, 409, 429)
  async remove(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.attendance.remove(actor, id);
  }

  @Post('creches/:id/absences')
  @ApiOperation({
    summary: 'Records an absence with its reason over dated days; refused on a month already invoiced',
  })
  @ApiCreatedResponse({ type: AbsenceResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async recordAbsence(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CreateAbsenceDto,
  ): Promise<AbsenceResponseDto> {
    return AbsenceResponseDto.from(await this.absences.record(actor, crecheId, dto));
  }

  @Patch('absences/:id')
  @ApiOperation({
    summary:
      'Corrects an absence recorded by mistake (reason, dates, certificate seen), audited with the values before; refused once a month it covers is invoiced',
  })
  @ApiOkResponse({ type: AbsenceResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async correctAbsence(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateAbsenceDto,
  ): Promise<AbsenceResponseDto> {
    return AbsenceResponseDto.from(await this.absences.update(actor, id, dto));
  }

  @Delete('absences/:id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Removes an absence recorded by mistake (and its proof), audited with what it was; refused once a month it covers is invoiced',
  })
  @ApiNoContentResponse({ description: 'the absence is removed' })
  @ApiErrors(400, 404, 409, 429)
  async removeAbsence(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.absences.remove(actor, id);
  }

  @Post('absences/:id/document')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Uploads the medical certificate or hospital note (PDF, JPEG or PNG, 5 MiB at most); a first proof is refused once the month is invoiced',
  })
  @ApiOkResponse({ type: AbsenceResponseDto })
  @ApiErrors(400, 404, 409, 413, 415, 429)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AbsenceDocumentBody })
  @UseInterceptors(
    DocumentUploadInterceptor,
    FileInterceptor('document', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 0, parts: 1 } }),
  )
  async attach(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @UploadedFile() document: UploadedMultipartFile | undefined,
  ): Promise<AbsenceResponseDto> {
    return AbsenceResponseDto.from(await this.absences.attachDocument(actor, id, document));
  }

  @Get('absences/:id/document')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: "The absence's proof, as uploaded" })
  @ApiOkContent('The proof (PDF, JPEG or PNG), as an attachment', ['application/pdf', 'image/jpeg', 'image/png'], {
    binary: true,
  })
  @ApiErrors(400, 404)
  async document(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<StreamableFile> {
    const file = await this.absences.openDocument(user, id);
    return new StreamableFile(file.stream, {
      type: file.mime,
      length: file.size,
      disposition: 'attachment; filename="justificatif"',
    });
  }
}
