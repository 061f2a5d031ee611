import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedRefresh } from './sessions.service';

/** The refresh token's cookie: sent back only to the session routes (`/api/auth/…`), never readable by scripts. */
export const REFRESH_COOKIE = 'berceau_refresh';

/**
 * HttpOnly (no script reads it), Secure (HTTPS only: browsers count http://localhost and http://127.0.0.1 as secure
 * contexts and accept it there too, so development and the browser tests need no exception), SameSite=Strict (never
 * sent from another site, so no cross-site request can refresh or sign out), Path=/api/auth (not sent with other
 * API calls).
 */
const ATTRIBUTES: CookieSerializeOptions = { httpOnly: true, secure: true, sameSite: 'strict', path: '/api/auth' };

/**
 * A second cookie, readable by the app and holding no secret ("1"), says that a session cookie may be there: the app
 * tries a refresh at start only then, so an anonymous visit makes no request that is bound to fail (a 401 in the
 * console of every first visit).
 */
export const SESSION_HINT_COOKIE = 'berceau_session';
const HINT_ATTRIBUTES: CookieSerializeOptions = { httpOnly: false, secure: true, sameSite: 'strict', path: '/' };

export function setRefreshCookie(reply: FastifyReply, refresh: IssuedRefresh): void {
  void reply.setCookie(REFRESH_COOKIE, refresh.value, { ...ATTRIBUTES, expires: refresh.expiresAt });
  void reply.setCookie(SESSION_HINT_COOKIE, '1', { ...HINT_ATTRIBUTES, expires: refresh.expiresAt });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, ATTRIBUTES);
  void reply.clearCookie(SESSION_HINT_COOKIE, HINT_ATTRIBUTES);
}

export function refreshCookieOf(req: FastifyRequest): string | undefined {
  const value = req.cookies?.[REFRESH_COOKIE];
  return value ? value : undefined;
}
