import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser } from '../../common/auth/auth.decorators';
import { NoticeResponseDto } from './dto/notice.response.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** The caller's own notices, newest first, with their delivery status. */
  @ApiOperation({ summary: 'List my notices with their delivery status' })
  @ApiOkResponse({ type: [NoticeResponseDto] })
  @Get('me/notices')
  async mine(@CurrentUser() user: AuthUser): Promise<NoticeResponseDto[]> {
    return (await this.notices.listForRecipient(user.id)).map(NoticeResponseDto.from);
  }
}
