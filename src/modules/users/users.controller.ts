import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { uuidParam } from '../../common/http/validators';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { ChangePasswordDto, CreateUserDto } from './dto/create-user.dto';
import { MeResponseDto, UserResponseDto } from './dto/user.response.dto';
import { UsersService } from './users.service';
import { EmailVerificationService } from './email-verification.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly verification: EmailVerificationService,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: MeResponseDto })
  async me(@CurrentUser() user: AuthUser): Promise<MeResponseDto> {
    const [account, familyId] = await Promise.all([this.users.get(user.id), this.users.householdOf(user.id)]);
    return { ...UserResponseDto.from(account), familyId };
  }

  /** Sends the link that proves the address again (at most once an hour). */
  @Post('me/verify-email')
  @HttpCode(202)
  async resendVerification(@CurrentUser() user: AuthUser): Promise<void> {
    await this.verification.resend(user);
  }

  /** Changes the caller's password; every token issued before stops working. */
  @Post('me/password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @Post('users/:id/disable')
  @HttpCode(204)
  @RequirePermission('users:create')
  async disable(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.users.disable(actor, id);
  }

  /** An admin creates a staff account (manager, Caf auditor, admin). */
  @Post('users')
  @RequirePermission('users:create')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.createByAdmin(actor, dto));
  }
}
