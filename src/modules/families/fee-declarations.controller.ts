import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
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
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { MAX_DOCUMENT_BYTES } from './domain/fee-declarations';
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
@Controller()
export class FeeDeclarationsController {
  constructor(
    private readonly declarations: FeeDeclarationsService,
    private readonly reviews: FeeDeclarationReviewService,
  ) {}

  /** A parent declares new resources, dependent children or AEEH children, with the proof in `document`. */
  @Post('families/:id/declarations')
  @Roles('PARENT')
  @ApiCreatedResponse({ type: FeeDeclarationResponseDto })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateFeeDeclarationBody })
  @UseInterceptors(
    DocumentUploadInterceptor,
    FileInterceptor('document', {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 },
    }),
  )
  async declare(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CreateFeeDeclarationDto,
    @UploadedFile() document: UploadedMultipartFile | undefined,
  ): Promise<FeeDeclarationResponseDto> {
    return FeeDeclarationResponseDto.from(await this.declarations.declare(actor, id, dto, document));
  }

  @Get('families/:id/declarations')
  @RequirePermission('families:read')
  @ApiOkResponse({ type: [FeeDeclarationResponseDto] })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<FeeDeclarationResponseDto[]> {
    return (await this.declarations.list(user, id)).map(FeeDeclarationResponseDto.from);
  }

  /** The proof, as uploaded, for the household's parents, the managers who see the household and admins. */
  @Get('families/:id/declarations/:declarationId/document')
  @RequirePermission('families:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async document(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('declarationId', uuidParam('declarationId')) declarationId: string,
  ): Promise<StreamableFile> {
    const file = await this.declarations.openDocument(user, id, declarationId);
    return new StreamableFile(file.stream, {
      type: file.mime,
      length: file.size,
      disposition: `attachment; filename="${file.name}"`,
    });
  }

  /** A manager who sees the household, or an admin, validates or rejects a declaration, once. */
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
