import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/validators';
import { IsEuros } from '../../fees/dto/quote.dto';
import { DECLARATION_STATUSES, DeclarationStatus } from '../domain/declaration-status';
import { DOCUMENT_MIME_TYPES, DOCUMENT_TYPES, DocumentType } from '../domain/fee-declarations';
import type { FeeDeclarationEntity } from '../entities/fee-declaration.entity';

/** Multipart text fields arrive as strings: a whole number in digits becomes a number (anything else is refused). */
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value;

/** The text fields of `POST /families/:id/declarations` (multipart/form-data, with the file in `document`). */
export class CreateFeeDeclarationDto {
  @ApiPropertyOptional({
    example: '2650.00',
    description:
      'new monthly resources (year N-2 ÷ 12) in euros, "unknown" or "refused"; give at least one of the three fields',
  })
  @IsOptionalNotNull()
  @ValidateIf((o: CreateFeeDeclarationDto) => o.monthlyResources !== 'unknown' && o.monthlyResources !== 'refused')
  @IsEuros(['unknown', 'refused'])
  monthlyResources?: string;

  @ApiPropertyOptional({ example: 2, description: 'new number of dependent children' })
  @IsOptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  dependentChildren?: number;

  @ApiPropertyOptional({ example: 1, description: 'new number of children of the household receiving AEEH' })
  @IsOptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  aeehChildren?: number;

  @ApiProperty({
    enum: DOCUMENT_TYPES,
    description:
      "the proof: TAX_NOTICE_N2 (avis d'imposition N-2), CAF_CDAP (the Caf's CDAP consultation), CERTIFICATE (attestation), AEEH_NOTIFICATION, OTHER",
  })
  @IsIn(DOCUMENT_TYPES)
  documentType!: DocumentType;
}

/** Swagger: the multipart body (text fields + the file). */
export class CreateFeeDeclarationBody extends CreateFeeDeclarationDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MiB' })
  document!: unknown;
}

export const REVIEW_DECISIONS = ['VALIDATE', 'REJECT'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export class ReviewFeeDeclarationDto {
  @ApiProperty({ enum: REVIEW_DECISIONS }) @IsIn(REVIEW_DECISIONS) decision!: ReviewDecision;

  @ApiPropertyOptional({
    example: "L'avis d'imposition joint n'est pas celui de l'année N-2.",
    description: 'required to reject: shown to the family',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @ValidateIf((o: ReviewFeeDeclarationDto) => o.decision === 'REJECT' || o.reason !== undefined)
  @IsString()
  @Length(3, 1000)
  reason?: string;

  @ApiPropertyOptional({
    description:
      'to validate a declaration applying from a month already invoiced to the household (409 DECLARATION.MONTHS_INVOICED ' +
      'without it): the reviewer knows those invoices stand at the old fee and corrects them by a credit note',
  })
  @IsOptional()
  @IsBoolean()
  invoicedMonthsAcknowledged?: boolean;
}

export class DeclarationDocumentDto {
  @ApiProperty({ enum: DOCUMENT_MIME_TYPES, description: 'read from its bytes' }) mime!: string;
  @ApiProperty({ description: 'bytes' }) size!: number;
  @ApiProperty({ description: 'SHA-256, hex' }) sha256!: string;
}

export class FeeDeclarationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: DECLARATION_STATUSES }) status!: DeclarationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'euros, "unknown", "refused", or null when not declared' })
  monthlyResources!: string | null;
  @ApiProperty({ nullable: true, type: Number }) dependentChildren!: number | null;
  @ApiProperty({ nullable: true, type: Number }) aeehChildren!: number | null;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType!: DocumentType;
  @ApiProperty({
    type: DeclarationDocumentDto,
    description: 'the proof: type read from its bytes, size in bytes, SHA-256 (hex)',
  })
  document!: DeclarationDocumentDto;
  @ApiProperty() declaredBy!: string;
  @ApiProperty({ format: 'date-time' }) declaredAt!: string;
  @ApiProperty({ format: 'date', description: 'the first day of the month after the declaration' })
  appliesFrom!: string;
  @ApiProperty({ nullable: true, type: String }) reviewedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason!: string | null;

  static from(d: FeeDeclarationEntity): FeeDeclarationResponseDto {
    const resources = { AMOUNT: d.monthlyResources, UNKNOWN: 'unknown', REFUSED: 'refused' } as const;
    return {
      id: d.id,
      familyId: d.familyId,
      status: d.status,
      monthlyResources: d.resourcesKind ? resources[d.resourcesKind] : null,
      dependentChildren: d.dependentChildren,
      aeehChildren: d.aeehChildren,
      documentType: d.documentType,
      document: { mime: d.documentMime, size: d.documentSize, sha256: d.documentSha256 },
      declaredBy: d.declaredBy,
      declaredAt: d.declaredAt.toISOString(),
      appliesFrom: d.appliesFrom,
      reviewedBy: d.reviewedBy,
      reviewedAt: d.reviewedAt?.toISOString() ?? null,
      rejectionReason: d.rejectionReason,
    };
  }
}
