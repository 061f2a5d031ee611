import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull, IsUuid } from '../../../common/http/validators';
import { CLAIMS, type Claim } from '../domain/claims';
import { DOCUMENT_MIME_TYPES } from '../domain/fee-declarations';
import type { ClaimProof } from '../claim-proofs.service';

/** The text fields of `POST /families/:id/claim-proofs` (multipart/form-data, with the file in `document`). */
export class UploadClaimProofDto {
  @ApiProperty({
    enum: CLAIMS,
    description: 'the declared criterion this document proves, as POST /families/:id/claims names it',
  })
  @IsIn(CLAIMS)
  claim!: Claim;

  @ApiPropertyOptional({ format: 'uuid', description: 'the child, for CHILD_DISABILITY and MULTIPLE_BIRTH only' })
  @IsOptionalNotNull()
  @IsUuid()
  childId?: string;
}

/** Swagger: the multipart body (text fields + the file). */
export class UploadClaimProofBody extends UploadClaimProofDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MiB' })
  document!: unknown;
}

export class ClaimProofResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: CLAIMS }) claim!: Claim;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the child, for a child criterion' })
  childId!: string | null;
  @ApiProperty({ enum: DOCUMENT_MIME_TYPES, description: 'read from the bytes' }) mime!: string;
  @ApiProperty({ description: 'bytes' }) size!: number;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ format: 'uuid' }) uploadedBy!: string;
  @ApiProperty({
    description: 'a manager verified the criterion (its value verified is the one declared now): "vu par la crèche"',
  })
  verified!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'when it was verified, if it is' })
  verifiedAt!: string | null;

  static from(p: ClaimProof): ClaimProofResponseDto {
    return {
      id: p.id,
      familyId: p.familyId,
      claim: p.claim,
      childId: p.childId,
      mime: p.documentMime,
      size: p.documentSize,
      uploadedAt: p.uploadedAt.toISOString(),
      uploadedBy: p.uploadedBy,
      verified: p.verifiedAt !== null,
      verifiedAt: p.verifiedAt,
    };
  }
}
