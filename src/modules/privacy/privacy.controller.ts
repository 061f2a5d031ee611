import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
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

  /**
   * GDPR: everything Berceau holds about the household, as a JSON file (French field names, dates as dates), for its
   * parents (an admin too).
   */
  @ApiOperation({ summary: 'Export everything held about a household (GDPR), as a JSON file' })
  @ApiErrors(400, 404)
  @Get('families/:id/export')
  @Roles('PARENT', 'ADMIN')
  @ApiOkResponse({
    description: 'a JSON file (Content-Disposition: attachment), sections named in French',
    schema: { type: 'object', additionalProperties: true },
  })
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const data = await this.privacy.export(user, id);
    const day = String(data['Exporté le']).slice(0, 10);
    void reply
      .header('Content-Disposition', `attachment; filename="berceau-mes-donnees-${day}.json"`)
      .header('Cache-Control', 'private, no-store');
    return data;
  }

  /** GDPR: removes personal data, keeping what the Caf audit needs pseudonymised. By the parent, or an admin. */
  @ApiOperation({
    summary: "Erase a household's personal data (GDPR)",
    description:
      'A parent: 409 PRIVACY.ERASURE_BLOCKED while a contract runs, a month is not invoiced yet or a balance is owed (details.blockers); an admin erases all the same, the audit event keeping what was outstanding (docs/rules.md R8.11).',
  })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 409, 429)
  @Post('families/:id/erase')
  @HttpCode(204)
  @Roles('PARENT', 'ADMIN')
  async erase(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.privacy.erase(actor, id);
  }
}
