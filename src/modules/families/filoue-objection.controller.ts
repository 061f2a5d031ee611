import { Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { FiloueObjectionDto } from './dto/filoue-objection.dto';
import { FiloueObjectionService } from './filoue-objection.service';

/** The household's right to object to the FILOUÉ file sent to the Cnaf (issue #17). */
@ApiTags('families')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404, 429)
@Controller('families/:id/filoue-objection')
export class FiloueObjectionController {
  constructor(private readonly objections: FiloueObjectionService) {}

  @Put()
  @HttpCode(200)
  @Roles('PARENT', 'ADMIN')
  @ApiOperation({ summary: 'A parent of the household objects to the yearly FILOUÉ file to the Cnaf (idempotent)' })
  @ApiOkResponse({ type: FiloueObjectionDto })
  async object(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<FiloueObjectionDto> {
    return { objectedAt: (await this.objections.object(actor, id)).toISOString() };
  }

  @Delete()
  @HttpCode(204)
  @Roles('PARENT', 'ADMIN')
  @ApiOperation({ summary: 'A parent of the household withdraws its objection to the FILOUÉ file' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.objections.withdraw(actor, id);
  }
}
