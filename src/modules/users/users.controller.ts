import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { uuidParam } from '../../common/http/validators';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { ChangePasswordDto, CreateUserDto } from './dto/create-user.dto';
import { MeResponseDto, UserResponseDto } from './dto/user.response.dto';
import { UsersService } from './users.service';
import { EmailVerificationService } from './email-verification.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly verification: EmailVerificationService,
  ) {}

  @ApiOperation({ summary: 'Get my account' })
  @Get('me')
  @ApiOkResponse({ type: MeResponseDto })
  async me(@CurrentUser() user: AuthUser): Promise<MeResponseDto> {
    const [account, familyId] = await Promise.all([this.users.get(user.id), this.users.householdOf(user.id)]);
    return { ...UserResponseDto.from(account), familyId };
  }

  /** Sends the link that proves the address again (at most once an hour). */
  @ApiOperation({ summary: 'Send the e-mail address verification link again' })
  @ApiAcceptedResponse({ description: 'Sent (no body)' })
  @ApiErrors(429)
  @Post('me/verify-email')
  @HttpCode(202)
  async resendVerification(@CurrentUser() user: AuthUser): Promise<void> {
    await this.verification.resend(user);
  }

  /** Changes the caller's password; every token issued before stops working. */
  @ApiOperation({ summary: 'Change my password (earlier tokens stop working)' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 429)
  @Post('me/password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @ApiOperation({ summary: 'Disable a user account' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 429)
  @Post('users/:id/disable')
  @HttpCode(204)
  @RequirePermission('users:create')
  async disable(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.users.disable(actor, id);
  }

  /** An admin creates a staff account (manager, Caf auditor, admin). */
  @ApiOperation({ summary: 'Create a staff account (manager, Caf auditor, admin)' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrors(400, 409, 429)
  @Post('users')
  @RequirePermission('users:create')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.createByAdmin(actor, dto));
  }
}
