import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { attachmentOf, DocumentUpload } from './document-files';
import {
  CreateFeeDeclarationBody,
  CreateFeeDeclarationDto,
  FeeDeclarationResponseDto,
  ReviewFeeDeclarationDto,
} from './dto/fee-declaration.dto';
import { FeeDeclarationReviewService } from './fee-declaration-review.service';
import { FeeDeclarationsService } from './fee-declarations.service';

/** Families declare changes of their fee situation with a proof; managers check them (issue #14 §4). */
@ApiTags('families')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class FeeDeclarationsController {
  constructor(
    private readonly declarations: FeeDeclarationsService,
    private readonly reviews: FeeDeclarationReviewService,
  ) {}

  /** A parent declares new resources, dependent children or AEEH children, with the proof in `document`. */
  @ApiOperation({ summary: 'Declare a change of fee situation, with its proof' })
  @ApiCreatedResponse({ type: FeeDeclarationResponseDto })
  @ApiErrors(400, 404, 409, 413, 415, 429)
  @Post('families/:id/declarations')
  @Roles('PARENT')
  @DocumentUpload(CreateFeeDeclarationBody, 10)
  async declare(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CreateFeeDeclarationDto,
    @UploadedFile() document: UploadedMultipartFile | undefined,
  ): Promise<FeeDeclarationResponseDto> {
    return FeeDeclarationResponseDto.from(await this.declarations.declare(actor, id, dto, document));
  }

  /**
   * A parent of the household withdraws its declaration while it waits for a manager (a wrong figure, the wrong
   * file): it goes with its proof. 409 DECLARATION.ALREADY_REVIEWED once validated or refused.
   */
  @ApiOperation({ summary: 'Withdraw a pending fee declaration, with its proof' })
  @ApiNoContentResponse({ description: 'Withdrawn: the declaration and its proof are deleted' })
  @ApiErrors(400, 404, 409, 429)
  @Delete('families/:id/declarations/:declarationId')
  @HttpCode(204)
  @Roles('PARENT')
  async withdraw(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('declarationId', uuidParam('declarationId')) declarationId: string,
  ): Promise<void> {
    await this.declarations.withdraw(actor, id, declarationId);
  }

  @ApiOperation({ summary: "List a household's fee declarations" })
  @ApiOkResponse({ type: [FeeDeclarationResponseDto] })
  @ApiErrors(400, 404)
  @Get('families/:id/declarations')
  @RequirePermission('families:read')
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<FeeDeclarationResponseDto[]> {
    return (await this.declarations.list(user, id)).map(FeeDeclarationResponseDto.from);
  }

  /** The proof, as uploaded, for the household's parents, the managers who see the household and admins. */
  @ApiOperation({ summary: "Download a declaration's proof as uploaded" })
  @ApiOkContent('The proof (PDF, JPEG or PNG), as an attachment', ['application/pdf', 'image/jpeg', 'image/png'], {
    binary: true,
  })
  @ApiErrors(400, 404)
  @Get('families/:id/declarations/:declarationId/document')
  @RequirePermission('families:read')
  @Header('Cache-Control', 'private, no-store')
  async document(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('declarationId', uuidParam('declarationId')) declarationId: string,
  ): Promise<StreamableFile> {
    return attachmentOf(await this.declarations.openDocument(user, id, declarationId));
  }

  /** A manager who sees the household, or an admin, validates or rejects a declaration, once. */
  @ApiOperation({ summary: 'Validate or reject a fee declaration' })
  @ApiOkResponse({ type: FeeDeclarationResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('families/:id/declarations/:declarationId/review')
  @HttpCode(200)
  @Roles('MANAGER', 'ADMIN')
  async review(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('declarationId', uuidParam('declarationId')) declarationId: string,
    @Body() dto: ReviewFeeDeclarationDto,
  ): Promise<FeeDeclarationResponseDto> {
    return FeeDeclarationResponseDto.from(await this.reviews.review(actor, id, declarationId, dto));
  }
}
