import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../errors/domain-error';
import { AuthUser, IS_PUBLIC, REQUIRED_PERMISSIONS, REQUIRED_ROLES } from './auth.decorators';
import { can, Permission } from './permissions';
import { TokenUserCache, TokenUserReader } from './token-user.cache';

type Role = AuthUser['role'];

interface TokenClaims {
  sub: string;
  role: Role;
  tv: number;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
}

/** How many verified tokens the guard remembers (the oldest is forgotten first). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The account behind the token is
 * checked on each request (from the notified cache, else the row) so that disabling a user or changing a password
 * (token version) takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: TokenUserReader,
    private readonly users: TokenUserCache,
  ) {}

  private readonly verified = new Map<string, TokenClaims>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) throw forbidden();
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    if (!permissions.every((p) => can(user.role, p))) throw forbidden();
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new DomainError('AUTH.UNAUTHENTICATED', 'Authentification requise (jeton Bearer).');
    const claims = await this.verify(token);
    // Only access tokens carry a token version: another signed token (an e-mail verification link) is not one.
    if (typeof claims.tv !== 'number') throw new DomainError('AUTH.UNAUTHENTICATED', 'Jeton invalide ou expiré.');
    const user = await this.users.get(claims.sub, () => this.accounts.tokenUser(claims.sub));
    if (!user || user.disabled || user.tokenVersion !== claims.tv) {
      throw new DomainError('AUTH.UNAUTHENTICATED', 'Jeton invalide ou expiré.');
    }
    return { id: user.id, role: user.role };
  }

  /**
   * The token's claims. A signature checked once stays checked for the same token string, so verified tokens are
   * remembered (bounded) until they expire: the HMAC and JSON work is done once per token, not per request.
   */
  private async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && (known.exp === undefined || known.exp * 1000 > Date.now())) return known;
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      this.verified.delete(token);
      throw new DomainError('AUTH.UNAUTHENTICATED', 'Jeton invalide ou expiré.');
    }
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }
}

function forbidden(): DomainError {
  return new DomainError('AUTH.FORBIDDEN', "Vous n'avez pas le droit d'effectuer cette action.");
}
