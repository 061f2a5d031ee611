import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuthService } from './auth.service';
import {
  LoginDto,
  PasswordResetAcceptedDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  TokenResponseDto,
} from './dto/login.dto';
import { PasswordResetService } from './password-reset.service';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';
import { SessionLimiter } from './session-limiter';
import { SessionsService } from './sessions.service';
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
    private readonly sessions: SessionsService,
    private readonly resets: PasswordResetService,
    private readonly limiter: SessionLimiter,
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

  /**
   * Signs in: the access token in the body (kept in the app's memory), and a refresh token in an HttpOnly cookie
   * (`berceau_refresh`, Secure, SameSite=Strict, Path=/api/auth) that POST /api/auth/refresh trades for a new one.
   */
  @ApiOperation({ summary: 'Sign in: a bearer token in the body and a refresh-token cookie' })
  @ApiErrors(400, 401, 429)
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    const { access, refresh } = await this.auth.login(dto.email, dto.password, req.ip);
    setRefreshCookie(reply, refresh);
    return access;
  }

  /**
   * A new access token for the refresh-token cookie (after a reload, or when the access token expired). The cookie
   * is rotated: the one sent stops working. Presenting a spent one ends the whole session (reuse detection). A 401
   * clears the cookie: sign in again.
   */
  @Public()
  @ApiOperation({ summary: 'Trade the refresh-token cookie for a new access token (the cookie is rotated)' })
  @ApiErrors(401, 429)
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  async refresh(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    await this.limiter.consumeRefresh(req.ip);
    try {
      const { access, refresh } = await this.sessions.refresh(refreshCookieOf(req));
      setRefreshCookie(reply, refresh);
      return access;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'AUTH.UNAUTHENTICATED') clearRefreshCookie(reply);
      throw err;
    }
  }

  /** Signs out: the session of the refresh-token cookie ends and the cookie is cleared (204 even without one). */
  @Public()
  @ApiOperation({ summary: 'Sign out: revoke the refresh token and clear its cookie' })
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.logout(refreshCookieOf(req));
    clearRefreshCookie(reply);
  }

  /**
   * Forgotten password: the same 202 whether the address has an account or not. An account gets an e-mail with a
   * link (valid one hour, single use) to the page `/nouveau-mot-de-passe`.
   */
  @Public()
  @ApiOperation({ summary: 'Ask for a password reset link by e-mail (same answer whether the address exists or not)' })
  @ApiErrors(400, 429)
  @Post('password-reset-request')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  async requestPasswordReset(
    @Body() dto: PasswordResetRequestDto,
    @Req() req: FastifyRequest,
  ): Promise<PasswordResetAcceptedDto> {
    await this.resets.request(dto.email, req.ip);
    return {
      message: `Si un compte existe pour ${dto.email}, un e-mail vient d’y être envoyé avec un lien pour choisir un nouveau mot de passe (valable une heure).`,
    };
  }

  /**
   * Sets a new password from the e-mail's link; every session of the account ends (this browser's cookie is cleared
   * too). Used or expired: 400.
   */
  @Public()
  @ApiOperation({ summary: 'Set a new password with the link of a reset e-mail (ends every session)' })
  @ApiErrors(400, 429)
  @Post('password-reset')
  @HttpCode(204)
  @ApiNoContentResponse()
  async resetPassword(@Body() dto: PasswordResetDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.resets.reset(dto.token, dto.password);
    clearRefreshCookie(reply);
  }
}

function verifiedPage(): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Adresse confirmée — Berceau</title></head><body style="font-family:Arial,Helvetica,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>Adresse confirmée</h1><p>Merci : votre adresse e-mail est confirmée. Vous pouvez maintenant déposer une demande de place ou rejoindre le foyer qui vous a invité.</p></body></html>`;
}
