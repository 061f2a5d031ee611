import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { PrivacyService } from './privacy.service';

/** GDPR for households: export and erasure (the routes stay under /families/:id). */
@ApiTags('families')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** GDPR: everything Berceau holds about the household, as JSON. */
  @Get('families/:id/export')
  @Roles('PARENT', 'ADMIN')
  export(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.privacy.export(user, id);
  }

  /** GDPR: removes personal data, keeping what the Caf audit needs pseudonymised. By the parent, or an admin. */
  @Post('families/:id/erase')
  @HttpCode(204)
  @Roles('PARENT', 'ADMIN')
  async erase(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.privacy.erase(actor, id);
  }
}
