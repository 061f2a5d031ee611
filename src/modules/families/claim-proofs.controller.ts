import { Body, Controller, Get, Header, Param, Post, StreamableFile, UploadedFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { ClaimProofsService } from './claim-proofs.service';
import { attachmentOf, DocumentUpload } from './document-files';
import { ClaimProofResponseDto, UploadClaimProofBody, UploadClaimProofDto } from './dto/claim-proof.dto';

/** The proofs of the priority criteria a household declares, for the crèche's managers to open then verify (#19). */
@ApiTags('families')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class ClaimProofsController {
  constructor(private readonly proofs: ClaimProofsService) {}

  /** A parent uploads the proof of a declared criterion in `document`; it replaces that criterion's previous proof. */
  @ApiOperation({
    summary: "Upload the proof of a declared priority criterion (replaces the criterion's previous one)",
  })
  @ApiCreatedResponse({ type: ClaimProofResponseDto })
  @ApiErrors(400, 404, 409, 413, 415, 429)
  @Post('families/:id/claim-proofs')
  @Roles('PARENT')
  @DocumentUpload(UploadClaimProofBody, 4)
  async upload(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UploadClaimProofDto,
    @UploadedFile() document: UploadedMultipartFile | undefined,
  ): Promise<ClaimProofResponseDto> {
    return ClaimProofResponseDto.from(await this.proofs.upload(actor, id, dto, document));
  }

  @ApiOperation({ summary: "List a household's proofs of priority criteria, each with whether it was verified" })
  @ApiOkResponse({ type: [ClaimProofResponseDto] })
  @ApiErrors(400, 404)
  @Get('families/:id/claim-proofs')
  @RequirePermission('families:read')
  async list(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<ClaimProofResponseDto[]> {
    return (await this.proofs.list(user, id)).map(ClaimProofResponseDto.from);
  }

  /** The proof as uploaded, for the household's parents, the managers who see the household and admins. */
  @ApiOperation({ summary: "Download a criterion's proof as uploaded" })
  @ApiOkContent('The proof (PDF, JPEG or PNG), as an attachment', ['application/pdf', 'image/jpeg', 'image/png'], {
    binary: true,
  })
  @ApiErrors(400, 404)
  @Get('families/:id/claim-proofs/:proofId/document')
  @RequirePermission('families:read')
  @Header('Cache-Control', 'private, no-store')
  async document(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('proofId', uuidParam('proofId')) proofId: string,
  ): Promise<StreamableFile> {
    return attachmentOf(await this.proofs.openDocument(user, id, proofId));
  }
}
