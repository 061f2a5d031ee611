import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { PrivacyService } from './privacy.service';

/** GDPR for households: export and erasure (the routes stay under /families/:id). */
@ApiTags('families')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /**
   * GDPR: everything Berceau holds about the household, as a JSON file (French field names, dates as dates), for its
   * parents (an admin too).
   */
  @Get('families/:id/export')
  @Roles('PARENT', 'ADMIN')
  @ApiProduces('application/json')
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
  @Post('families/:id/erase')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'erased' })
  @Roles('PARENT', 'ADMIN')
  async erase(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.privacy.erase(actor, id);
  }
}
