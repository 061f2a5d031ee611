import { Body, Controller, Get, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, TokenResponseDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { EmailVerifiedDto, RegistrationAcceptedDto, VerifyEmailDto, VerifyEmailQuery } from './dto/register.dto';
import { EmailVerificationService } from './email-verification.service';
import { RegistrationLimiter } from './registration-limiter';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly registrations: RegistrationLimiter,
    private readonly verification: EmailVerificationService,
  ) {}

  /**
   * A parent creates an account. The same 202 whether the address is new or already has an account: the e-mail that
   * follows says which (a welcome, or "your account already exists"), so nobody learns who has an account here.
   */
  @ApiOperation({ summary: 'Create a parent account (an e-mail follows)' })
  @ApiAcceptedResponse({ type: RegistrationAcceptedDto })
  @ApiErrors(400, 429)
  @Public()
  @Post('register')
  @HttpCode(202)
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<RegistrationAcceptedDto> {
    await this.registrations.consume(req.ip);
    await this.users.register(dto);
    return { message: `Demande enregistrée : un e-mail a été envoyé à ${dto.email}. Suivez-le pour continuer.` };
  }

  /**
   * The link of the welcome e-mail: proves the account's address and answers a short page in French (the link opens
   * in a browser). An invalid or expired link is a 400 with the same kind of page.
   */
  @ApiOperation({ summary: 'Confirm an e-mail address from the link of the e-mail (HTML page)' })
  @ApiOkContent('A short page in French saying the address is confirmed', ['text/html'])
  @ApiErrors(400)
  @Public()
  @Get('verify-email')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async verifyEmail(@Query() q: VerifyEmailQuery): Promise<string> {
    await this.verification.verify(q.token);
    return verifiedPage();
  }

  /**
   * The same proof, asked by the web app's page `/verifier-email?token=…` (the link of the e-mail opens the page, which
   * posts the token here and says the result in French). Following a link twice is harmless.
   */
  @ApiOperation({ summary: 'Confirm an e-mail address (from the web app)' })
  @ApiErrors(400)
  @Public()
  @Post('verify-email')
  @HttpCode(200)
  @ApiOkResponse({ type: EmailVerifiedDto })
  async verifyEmailFromApp(@Body() dto: VerifyEmailDto): Promise<EmailVerifiedDto> {
    await this.verification.verify(dto.token);
    return { emailVerified: true };
  }

  @ApiOperation({ summary: 'Sign in: exchange e-mail and password for a bearer token' })
  @ApiErrors(400, 401, 429)
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenResponseDto> {
    return this.auth.login(dto.email, dto.password, req.ip);
  }
}

function verifiedPage(): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Adresse confirmée — Berceau</title></head><body style="font-family:Arial,Helvetica,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>Adresse confirmée</h1><p>Merci : votre adresse e-mail est confirmée. Vous pouvez maintenant déposer une demande de place ou rejoindre le foyer qui vous a invité.</p></body></html>`;
}
