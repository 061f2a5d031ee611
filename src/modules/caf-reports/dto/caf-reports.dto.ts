import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import { wholeNumber } from '../../../common/http/validators';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AGE_BANDS, CARE_KINDS } from '../domain/activity-report';
import { FILOUE_ERROR_CODES } from '../domain/filoue';

const HOURS = '^-?\\d+\\.\\d{2}$';

export class YearQuery {
  @ApiProperty({ example: 2027, minimum: 2019, maximum: 2100 })
  @Transform(wholeNumber)
  @IsInt()
  @Min(2019)
  @Max(2100)
  year!: number;
}

export class ChildHoursQuery extends YearQuery {
  @ApiPropertyOptional({
    example: 3,
    minimum: 1,
    maximum: 12,
    description: 'a month of the year; the whole year when absent',
  })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;
}

export class ChildHoursRowDto {
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ example: 'Lou', description: 'empty for an erased household' }) firstName!: string;
  @ApiProperty({ type: String, nullable: true, description: "a parent's last name (children carry none in Berceau)" })
  lastName!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) birthDate!: string | null;
  @ApiProperty({ type: String, format: 'decimal', pattern: HOURS, example: '108.33' }) hoursAttended!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '112.00',
    description: 'net of the credit notes in hours',
  })
  hoursBilled!: string;
  @ApiProperty({ type: String, format: 'decimal', pattern: HOURS, example: '-14.00', description: '≤ 0' })
  hoursCredited!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '168.00',
    description: "euros of the child's lines net of the credit notes in hours (one in euros names no child)",
  })
  feesBilled!: string;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 103.7,
    description: 'null: nothing attended',
  })
  billingRatePercent!: number | null;
  @ApiProperty({ description: 'billing rate above 107 %' }) billingRateAlert!: boolean;
  @ApiProperty({ description: 'hours billed with no hour attended in the issued months' })
  billedWithoutAttendance!: boolean;
  @ApiProperty({ description: 'hours attended with no invoice line in the issued months (to bill by issuing again)' })
  attendedWithoutBilling!: boolean;
  @ApiProperty({ description: 'its household was erased (GDPR): no name nor birth date, its hours still counted' })
  erased!: boolean;
}

export class ChildHoursTotalDto {
  @ApiProperty({ example: '725.33' }) hoursAttended!: string;
  @ApiProperty({ example: '725.33' }) hoursBilled!: string;
  @ApiProperty({ example: '-2.00' }) hoursCredited!: string;
  @ApiProperty({ example: '1234.56' }) feesBilled!: string;
}

export class ChildHoursReportDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'null: the whole year' }) month!: number | null;
  @ApiProperty({
    type: [String],
    example: ['2027-03'],
    description:
      "the period's months the crèche has issued: the only ones counted (a month not issued has no hours billed yet)",
  })
  issuedMonths!: string[];
  @ApiProperty({
    type: [ChildHoursRowDto],
    description: 'alerts first, then children billed with no presence, then the highest rates, by first name',
  })
  children!: ChildHoursRowDto[];
  @ApiProperty({
    type: ChildHoursTotalDto,
    description: "the children's exact hours and euros summed, then rounded once (the activity report's figures)",
  })
  total!: ChildHoursTotalDto;
}

export class ChildMonthQuery extends YearQuery {
  @ApiProperty({ example: 3, minimum: 1, maximum: 12, description: 'the month of the year' })
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;
}

export class ChildDayBookingDto {
  @ApiProperty({ enum: ['OCCASIONAL', 'EMERGENCY'] }) kind!: string;
  @ApiProperty({ example: '14:00', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '18:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}

export class ChildDaySlotDto {
  @ApiProperty({ example: '08:00', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '17:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}

export class ChildDayRecordDto {
  @ApiProperty({ example: '08:05', pattern: TIME_OF_DAY_PATTERN }) arrivedAt!: string;
  @ApiProperty({ example: '17:10', pattern: TIME_OF_DAY_PATTERN }) leftAt!: string;
  @ApiProperty({ type: 'integer', example: 545 }) minutes!: number;
}

export class ChildDayDto {
  @ApiProperty({ type: String, format: 'date' }) date!: string;
  @ApiProperty({
    type: [ChildDaySlotDto],
    description: "the contract's slots that day as billed: none on a public holiday, a closure, declared leave",
  })
  reserved!: ChildDaySlotDto[];
  @ApiProperty({ type: 'integer', example: 540 }) reservedMinutes!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'HOSPITALISATION',
    description:
      "why the day's hours are deductible: an absence's reason, or EXCEPTIONAL_CLOSURE for a closure added since the hours were reserved (deducted within the instalment)",
  })
  deducted!: string | null;
  @ApiProperty({ type: [ChildDayRecordDto], description: 'the finished attendance records of the day, in order' })
  records!: ChildDayRecordDto[];
  @ApiProperty({
    type: 'integer',
    example: 545,
    description: 'attended; summed, the hours attended of the month exactly',
  })
  minutes!: number;
  @ApiProperty({ description: 'an arrival with no departure recorded that day (it counts no minute)' })
  openArrival!: boolean;
  @ApiProperty({ type: [ChildDayBookingDto], description: 'occasional or emergency bookings of the day' })
  bookings!: ChildDayBookingDto[];
  @ApiProperty({
    type: 'integer',
    example: 30,
    description:
      'minutes of « Heures complémentaires » that day (outside the slots and bookings, every started unit), before an alternating residence’s percent',
  })
  extraMinutes!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      "minutes of « Dépassement de l'accueil réservé » that day: a booking's overtime on a day with no contract",
  })
  overtimeMinutes!: number;
}

export class ChildAbsenceDto {
  @ApiProperty({ type: String, format: 'date' }) fromDate!: string;
  @ApiProperty({ type: String, format: 'date' }) toDate!: string;
  @ApiProperty({ example: 'ILLNESS' }) reason!: string;
  @ApiProperty({ description: 'a certificate was given' }) certified!: boolean;
}

export class ChildDocumentLineDto {
  @ApiProperty({ example: '000042', description: "the document's number as printed" }) reference!: string;
  @ApiProperty({ enum: ['INVOICE', 'CREDIT_NOTE'] }) documentKind!: string;
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty({ example: 'INSTALMENT' }) kind!: string;
  @ApiProperty({ example: 'Mensualité : 126 h réservées' }) label!: string;
  @ApiProperty({ type: String, format: 'decimal', nullable: true, example: '126.0000' }) hours!: string | null;
  @ApiProperty({ type: String, format: 'decimal', nullable: true, example: '1.50' }) hourlyRate!: string | null;
  @ApiProperty({ type: String, format: 'decimal', example: '189.00' }) amount!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "a credit note's line in hours: the position of the invoice's line it takes hours off",
  })
  creditedPosition!: number | null;
}

export class ChildUnbillableDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ enum: ['NO_MENSUALISATION', 'NO_FEE'] }) reason!: string;
}

export class ChildMonthDto extends ChildHoursRowDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ example: 3 }) month!: number;
  @ApiProperty({ description: 'the month is issued; not issued, nothing is billed yet and the figures are zeros' })
  issued!: boolean;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '1.50',
    description: "the days' extra time and bookings' overtime counted again today, in hours",
  })
  extraHoursNow!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '1.50',
    description: "the extra-time lines of the month's invoices as printed, every household's share, in hours",
  })
  extraHoursBilled!: string;
  @ApiProperty({
    type: [ChildUnbillableDto],
    description: "the child's contracts of the month that cannot be billed (no day of theirs is counted)",
  })
  unbillable!: ChildUnbillableDto[];
  @ApiProperty({
    type: [ChildDayDto],
    description:
      'every date with reserved hours, a booking, a presence or extra time, as the invoices count it from the data as it is now',
  })
  days!: ChildDayDto[];
  @ApiProperty({ type: [ChildAbsenceDto], description: 'absences recorded that touch the month' })
  absences!: ChildAbsenceDto[];
  @ApiProperty({
    type: [ChildDocumentLineDto],
    description: "the child's lines of the month's invoices and of the credit notes in hours, as printed",
  })
  lines!: ChildDocumentLineDto[];
}

export class FiguresDto {
  @ApiProperty({ type: String, format: 'decimal', pattern: HOURS, example: '108.33' }) hoursAttended!: string;
  @ApiProperty({ type: String, format: 'decimal', pattern: HOURS, example: '126.50' }) hoursBilled!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '189.75',
    description:
      "euros of the invoices' lines; by kind and age band, net of the credit notes in hours (as their hours are), the period's credit notes being in feesCredited",
  })
  feesBilled!: string;
}

export class FiguresByKindDto {
  @ApiProperty({ type: FiguresDto }) REGULAR!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) OCCASIONAL!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) EMERGENCY!: FiguresDto;
}

export class FiguresByAgeBandDto {
  @ApiProperty({ type: FiguresDto, description: 'under 1 year on the first of the month' }) UNDER_1!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) AGE_1!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) AGE_2!: FiguresDto;
  @ApiProperty({ type: FiguresDto }) AGE_3_AND_OVER!: FiguresDto;
}

export class PeriodReportDto extends FiguresDto {
  @ApiProperty({ example: '2027-03', pattern: '^\\d{4}(-\\d{2})?$', description: 'a month, or the year' })
  period!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: HOURS,
    example: '-14.00',
    description: 'hours credit notes took off lines of the invoices (≤ 0), already counted in hoursBilled (R8.16)',
  })
  hoursCredited!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '-10.00', description: 'credit notes (euros, ≤ 0)' })
  feesCredited!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '179.75', description: 'fees billed + credited' })
  feesNet!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '323.00', description: 'theoretical capacity in hours' })
  capacityHours!: string;
  @ApiProperty({
    type: String,
    format: 'decimal',
    example: '38.00',
    description: "the capacity of the days before the report's day (the real occupancy's denominator)",
  })
  capacityHoursElapsed!: string;
  @ApiProperty({
    description:
      'a month: over, and issued or with nothing to bill (no contract, booking, attendance nor line); the year: every month with something to bill or capacity is (if not, its rates are over the issued and invoiced months only)',
  })
  invoiced!: boolean;
  @ApiProperty({
    type: String,
    format: 'decimal',
    nullable: true,
    example: '3.00',
    description:
      'hours attended in an issued month by children with no invoice line that month (to bill by issuing it again); null for a month not issued',
  })
  hoursAttendedUnbilled!: string | null;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 116.77,
    description: 'billed ÷ attended, over issued months; null for a month not issued yet or nothing attended',
  })
  billingRatePercent!: number | null;
  @ApiProperty({ description: 'billing rate above 107 %' }) billingRateAlert!: boolean;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 39.16,
    description: 'billed ÷ capacity, over invoiced months (see invoiced); null for a month not invoiced yet',
  })
  financialOccupancyPercent!: number | null;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 33.54,
    description: 'attended ÷ capacity over the days before the report is read; null for a month to come',
  })
  realOccupancyPercent!: number | null;
  @ApiProperty({ type: FiguresByKindDto, description: `keys: ${CARE_KINDS.join(', ')}` }) byKind!: FiguresByKindDto;
  @ApiProperty({ type: FiguresByAgeBandDto, description: `keys: ${AGE_BANDS.join(', ')}` })
  byAgeBand!: FiguresByAgeBandDto;
}

export class ActivityReportDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty() crecheName!: string;
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-09-01',
    description:
      "first day of the crèche's activity kept in Berceau (first contract, booking or attendance); capacity and occupancies count from it; null: none kept, no capacity counted",
  })
  keptFrom!: string | null;
  @ApiProperty({ type: [PeriodReportDto], description: 'January to December' }) months!: PeriodReportDto[];
  @ApiProperty({ type: PeriodReportDto, description: 'the whole year' }) total!: PeriodReportDto;
}

export class FiloueLineDto {
  @ApiProperty() crecheCafNumber!: string;
  @ApiProperty() afcFileNumber!: string;
  @ApiProperty({ enum: ['0', '1'], description: '1: a Caf allocataire (general scheme with a matricule)' })
  allocataire!: string;
  @ApiProperty() childFirstName!: string;
  @ApiProperty({ description: "a parent's last name (children carry none in Berceau)" }) childLastName!: string;
  @ApiProperty({ description: 'matricule allocataire; empty for a non-allocataire' }) cafNumber!: string;
  @ApiProperty({ enum: ['1', '2', '3'], description: '1 general, 2 MSA, 3 other' }) regime!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the CSV writes dd/mm/yyyy' })
  birthDate!: string | null;
  @ApiProperty({ example: '88700', description: "the household's postal code" }) postalCode!: string;
  @ApiProperty({ example: 'Rambervillers', description: "the household's commune" }) town!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '126.50' }) hoursBilled!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '108.33' }) hoursAttended!: string;
  @ApiProperty({ type: String, format: 'decimal', example: '189.75' }) totalBilled!: string;
  @ApiProperty({ type: String, example: '1.50', description: 'total ÷ hours billed; empty when none billed' })
  averageHourlyRate!: string;
  @ApiProperty({ type: String, example: '0.0619', description: 'empty when no fee is stored' })
  effortRatePercent!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'first day attended in the year' })
  firstDay!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'last day attended in the year' })
  lastDay!: string | null;
}

export class FiloueErrorDto {
  @ApiProperty({ enum: FILOUE_ERROR_CODES })
  code!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) childId!: string | null;
  @ApiProperty({ type: String, nullable: true }) childFirstName!: string | null;
  @ApiProperty({ description: 'in French' }) message!: string;
}

export class FiloueFileDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ type: [FiloueLineDto] }) lines!: FiloueLineDto[];
  @ApiProperty({ type: [FiloueErrorDto], description: 'children not written, and missing crèche numbers' })
  errors!: FiloueErrorDto[];
  @ApiProperty({ description: 'children left out because their household objected' }) objectionsLeftOut!: number;
}
