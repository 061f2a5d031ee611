import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth/auth.decorators';
import { NoticeResponseDto } from './dto/notice.response.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** The caller's own notices, newest first, with their delivery status. */
  @Get('me/notices')
  async mine(@CurrentUser() user: AuthUser): Promise<NoticeResponseDto[]> {
    return (await this.notices.listForRecipient(user.id)).map(NoticeResponseDto.from);
  }
}
