import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { ANY_OBJECT } from '../../common/openapi/formats';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { PrivacyService } from './privacy.service';

/** GDPR for households: export and erasure (the routes stay under /families/:id). */
@ApiTags('families')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** GDPR: everything Berceau holds about the household, as JSON. */
  @ApiOperation({ summary: 'Export everything held about a household (GDPR)' })
  @ApiOkResponse({
    schema: ANY_OBJECT,
    description: 'The household, its members, children, applications, offers, contracts and declarations',
  })
  @ApiErrors(400, 404)
  @Get('families/:id/export')
  @Roles('PARENT', 'ADMIN')
  export(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.privacy.export(user, id);
  }

  /** GDPR: removes personal data, keeping what the Caf audit needs pseudonymised. By the parent, or an admin. */
  @ApiOperation({ summary: "Erase a household's personal data (GDPR)" })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 429)
  @Post('families/:id/erase')
  @HttpCode(204)
  @Roles('PARENT', 'ADMIN')
  async erase(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.privacy.erase(actor, id);
  }
}
