import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser } from '../../common/auth/auth.decorators';
import { ListNoticesQuery, MyNoticeResponseDto } from './dto/notice.response.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /**
   * "Mes messages": the caller's own notices, newest first, a page at a time (`before` = the last id of the previous
   * page), each with its delivery status and the e-mail's subject and text.
   */
  @ApiOperation({ summary: 'List my messages (the e-mails I was sent, with their text), newest first' })
  @ApiErrors(400)
  @Get('me/notices')
  @ApiOkResponse({ type: [MyNoticeResponseDto] })
  async mine(@CurrentUser() user: AuthUser, @Query() query: ListNoticesQuery): Promise<MyNoticeResponseDto[]> {
    const page = await this.notices.messagesOf(user.id, { limit: query.limit ?? 20, before: query.before });
    return page.map(({ notice, message }) => MyNoticeResponseDto.of(notice, message));
  }
}
