import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, TokenResponseDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { RegistrationAcceptedDto } from './dto/register.dto';
import { RegistrationLimiter } from './registration-limiter';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly registrations: RegistrationLimiter,
  ) {}

  /**
   * A parent creates an account. The same 202 whether the address is new or already has an account: the e-mail that
   * follows says which (a welcome, or "your account already exists"), so nobody learns who has an account here.
   */
  @Public()
  @Post('register')
  @HttpCode(202)
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<RegistrationAcceptedDto> {
    await this.registrations.consume(req.ip);
    await this.users.register(dto);
    return { message: `Demande enregistrée : un e-mail a été envoyé à ${dto.email}. Suivez-le pour continuer.` };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenResponseDto> {
    return this.auth.login(dto.email, dto.password, req.ip);
  }
}
