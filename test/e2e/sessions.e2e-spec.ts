import { createHash } from 'node:crypto';
import { createParentWithChild } from '../support/families';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';

const NEW_PASSWORD = 'un tout autre secret de famille 2027';

interface Session {
  readonly accessToken: string;
  /** The refresh token, as the cookie's value. */
  readonly refresh: string;
  readonly setCookie: string;
}

/** The `berceau_refresh` Set-Cookie line of a response. */
function refreshCookieLine(res: { headers: Record<string, unknown> }): string {
  const lines = [res.headers['set-cookie'] ?? []].flat() as string[];
  const line = lines.find((l) => l.startsWith('berceau_refresh='));
  expect(line).toBeDefined();
  return line!;
}

const valueOf = (line: string) => /^berceau_refresh=([^;]*)/.exec(line)![1];
const cookie = (refresh: string) => ({ Cookie: `berceau_refresh=${refresh}` });
const bearer = (s: { accessToken: string }) => ({ Authorization: `Bearer ${s.accessToken}` });

/** Issue #15: refresh-token sessions (rotation, reuse detection, revocation) and forgotten passwords. */
describe('Sessions and forgotten passwords', () => {
  const smtp = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ runWorkers: true, env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  async function signIn(email: string, password = PASSWORD): Promise<Session> {
    const res = await t.http().post('/auth/login').send({ email, password }).expect(200);
    const line = refreshCookieLine(res);
    return { accessToken: res.body.accessToken, refresh: valueOf(line), setCookie: line };
  }

  async function refresh(refreshToken: string, status = 200): Promise<Session> {
    const res = await t.http().post('/auth/refresh').set(cookie(refreshToken)).expect(status);
    const line = refreshCookieLine(res);
    return { accessToken: res.body.accessToken, refresh: valueOf(line), setCookie: line };
  }

  it('sets the refresh token at login in an HttpOnly, Secure, SameSite=Strict cookie limited to /api/auth, stored hashed', async () => {
    const user = await createUser(t, 'PARENT');
    const res = await t.http().post('/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    const line = refreshCookieLine(res);
    const s = { refresh: valueOf(line), setCookie: line };
    const attributes = s.setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'secure',
        'samesite=strict',
        'path=/api/auth',
        expect.stringMatching(/^expires=/),
      ]),
    );
    expect(s.refresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expires = new Date(/expires=([^;]+)/i.exec(s.setCookie)![1]).getTime();
    expect(expires - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // Only the SHA-256 is stored, never the value.
    const rows: { token_hash: string }[] = await t.dataSource.query(
      `SELECT token_hash FROM refresh_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(s.refresh).digest('hex'));
    expect(rows.map((r) => r.token_hash)).not.toContain(s.refresh);
    // Beside it, a hint the app can read (no secret in it) that a session cookie may be there.
    const hint = [res.headers['set-cookie']].flat().find((l) => l?.startsWith('berceau_session='));
    expect(hint).toMatch(/^berceau_session=1;/);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/Path=\/;/);
  });

  it('rotates the refresh token at each use: the new access token works, the old refresh token does not', async () => {
    const user = await createUser(t, 'PARENT');
    const first = await signIn(user.email);
    const second = await refresh(first.refresh);
    expect(second.refresh).not.toBe(first.refresh);
    expect(second.setCookie).toMatch(/HttpOnly/);
    const me = await t.http().get('/me').set(bearer(second)).expect(200);
    expect(me.body.id).toBe(user.id);
    const third = await refresh(second.refresh);
    await t.http().get('/me').set(bearer(third)).expect(200);
    // No cookie at all, or a made-up one: 401 and the cookie is cleared.
    const none = await t.http().post('/auth/refresh').expect(401);
    expect(none.body.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await t
      .http()
      .post('/auth/refresh')
      .set(cookie('x'.repeat(43)))
      .expect(401);
    expect(refreshCookieLine(forged)).toMatch(/^berceau_refresh=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('revokes the whole session when a rotated token is presented again (reuse detection), and only that session', async () => {
    const user = await createUser(t, 'PARENT');
    const stolen = await signIn(user.email);
    const other = await signIn(user.email);
    const owner = await refresh(stolen.refresh);
    // The thief replays the spent token: refused, and the owner's current token dies with it.
    const reuse = await t.http().post('/auth/refresh').set(cookie(stolen.refresh)).expect(401);
    expect(reuse.body.code).toBe('AUTH.UNAUTHENTICATED');
    await t.http().post('/auth/refresh').set(cookie(owner.refresh)).expect(401);
    const events = await t.dataSource.query(
      `SELECT action FROM audit_events WHERE subject_id = $1 AND action = 'auth.refresh_reuse_detected'`,
      [user.id],
    );
    expect(events).toHaveLength(1);
    // The account's other sign-in (another device) goes on.
    await refresh(other.refresh);
  });

  it('serialises two refreshes of one token sent at once: one rotates it, the other counts as reuse', async () => {
    const user = await createUser(t, 'PARENT');
    const s = await signIn(user.email);
    const answers = await Promise.all([1, 2].map(() => t.http().post('/auth/refresh').set(cookie(s.refresh))));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    const live = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL`,
      [user.id],
    );
    // createUser's own sign-in is another session and stays; this one's family was revoked.
    expect(live).toEqual([{ n: 1 }]);
  });

  it('signs out: the session ends and the cookie is cleared; signing out twice or without a cookie is harmless', async () => {
    const user = await createUser(t, 'PARENT');
    const s = await signIn(user.email);
    const res = await t.http().post('/auth/logout').set(cookie(s.refresh)).expect(204);
    expect(refreshCookieLine(res)).toMatch(/^berceau_refresh=;.*Path=\/api\/auth/);
    await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
    await t.http().post('/auth/logout').set(cookie(s.refresh)).expect(204);
    await t.http().post('/auth/logout').expect(204);
  });

  it('ends every session when the password changes or the account is disabled', async () => {
    const user = await createUser(t, 'PARENT');
    const a = await signIn(user.email);
    const b = await signIn(user.email);
    await t
      .http()
      .post('/me/password')
      .set(bearer(a))
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    await t.http().post('/auth/refresh').set(cookie(a.refresh)).expect(401);
    await t.http().post('/auth/refresh').set(cookie(b.refresh)).expect(401);
    const live = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    expect(live).toEqual([{ n: 0 }]);
    // A new sign-in with the new password works again.
    await refresh((await signIn(user.email, NEW_PASSWORD)).refresh);

    const admin = await createUser(t, 'ADMIN');
    const other = await createUser(t, 'MANAGER');
    const s = await signIn(other.email);
    await t.http().post(`/users/${other.id}/disable`).set(admin.auth).expect(204);
    await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
  });

  it('ends the sessions of an erased account and forgets its refresh tokens (GDPR erasure)', async () => {
    const parent = await createParentWithChild(t);
    const s = await signIn(parent.email);
    await t.http().post(`/families/${parent.familyId}/erase`).set(bearer(s)).expect(204);
    await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
    const rows = await t.dataSource.query(`SELECT id FROM refresh_tokens WHERE user_id = $1`, [parent.id]);
    expect(rows).toEqual([]);
  });

  it('refuses a refresh token whose token version is behind the account, even if the table missed the revocation', async () => {
    const user = await createUser(t, 'PARENT');
    const s = await signIn(user.email);
    await t.dataSource.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
    await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
  });

  it('refuses an expired refresh token', async () => {
    const user = await createUser(t, 'PARENT');
    const s = await signIn(user.email);
    await t.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      user.id,
    ]);
    await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
  });

  describe('forgotten password', () => {
    async function requestReset(email: string) {
      const res = await t.http().post('/auth/password-reset-request').send({ email }).expect(202);
      return res.body as { message: string };
    }

    /** The token of the n-th (0-based) reset e-mail that reached `email`. */
    async function resetTokenSentTo(email: string, n = 0): Promise<string> {
      const resets = () => smtp.to(email).filter((m) => /nouveau mot de passe/i.test(m.subject));
      await smtp.waitFor(() => resets().length > n);
      const mail = resets()[n];
      expect(mail.subject).toBe('Choisissez un nouveau mot de passe');
      expect(mail.text).toMatch(/valable une heure/);
      const match = /https?:\/\/\S+\/nouveau-mot-de-passe\?token=([^\s"<>]+)/.exec(mail.text);
      expect(match).not.toBeNull();
      return decodeURIComponent(match![1]);
    }

    it('sends a link by e-mail; following it sets the password, ends every session and cannot be used twice', async () => {
      const user = await createUser(t, 'PARENT');
      const s = await signIn(user.email);
      await requestReset(user.email);
      const token = await resetTokenSentTo(user.email);
      const stored = await t.dataSource.query(`SELECT token_hash FROM password_reset_tokens WHERE user_id = $1`, [
        user.id,
      ]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toBe(token);
      // The strength rule of registration applies.
      const weak = await t.http().post('/auth/password-reset').send({ token, password: 'azertyuiop' }).expect(400);
      expect(weak.body.details[0].field).toBe('password');
      const done = await t.http().post('/auth/password-reset').send({ token, password: NEW_PASSWORD }).expect(204);
      expect(refreshCookieLine(done)).toMatch(/^berceau_refresh=;/);
      // Every session ended: access token and refresh token alike.
      await t.http().get('/me').set(bearer(s)).expect(401);
      await t.http().post('/auth/refresh').set(cookie(s.refresh)).expect(401);
      await t.http().post('/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
      await signIn(user.email, NEW_PASSWORD);
      // Single use.
      const again = await t
        .http()
        .post('/auth/password-reset')
        .send({ token, password: 'encore une autre phrase secrète 99' })
        .expect(400);
      expect(again.body.code).toBe('AUTH.VERIFICATION_INVALID');
    });

    it('uses up a link sent before the password was changed from the account', async () => {
      const user = await createUser(t, 'PARENT');
      await requestReset(user.email);
      const token = await resetTokenSentTo(user.email);
      await t
        .http()
        .post('/me/password')
        .set(user.auth)
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      const late = await t
        .http()
        .post('/auth/password-reset')
        .send({ token, password: 'encore une autre phrase secrète 99' })
        .expect(400);
      expect(late.body.code).toBe('AUTH.VERIFICATION_INVALID');
      await signIn(user.email, NEW_PASSWORD);
    });

    it('writes no link in a reset e-mail still waiting when the password is changed meanwhile', async () => {
      const user = await createUser(t, 'PARENT');
      // The mail server refuses for a while: the e-mail waits in the outbox for its next attempt.
      smtp.rejectWith = 451;
      try {
        await requestReset(user.email);
        const notice = async () =>
          (
            await t.dataSource.query(
              `SELECT status, last_error FROM notices WHERE recipient_user_id = $1 AND type = 'PASSWORD_RESET'`,
              [user.id],
            )
          )[0] as { status: string; last_error: string | null } | undefined;
        for (let i = 0; i < 100 && !(await notice())?.last_error; i += 1) await new Promise((r) => setTimeout(r, 100));
        expect((await notice())?.last_error).toMatch(/451/);
        await t
          .http()
          .post('/me/password')
          .set(user.auth)
          .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
          .expect(204);
        smtp.rejectWith = null;
        for (let i = 0; i < 200 && (await notice())?.status === 'PENDING'; i += 1)
          await new Promise((r) => setTimeout(r, 100));
        expect(await notice()).toEqual({ status: 'FAILED', last_error: 'password changed since the reset was asked' });
        expect(smtp.to(user.email).filter((m) => /nouveau mot de passe/i.test(m.subject))).toEqual([]);
        // No link of the account works (the one written for the refused first attempt was used up by the change).
        const [{ n }] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NULL`,
          [user.id],
        );
        expect(n).toBe(0);
      } finally {
        smtp.rejectWith = null;
      }
    });

    it('refuses an expired link and a made-up one', async () => {
      const user = await createUser(t, 'PARENT');
      await requestReset(user.email);
      const token = await resetTokenSentTo(user.email);
      await t.dataSource.query(
        `UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      const expired = await t.http().post('/auth/password-reset').send({ token, password: NEW_PASSWORD }).expect(400);
      expect(expired.body.code).toBe('AUTH.VERIFICATION_INVALID');
      const made = await t
        .http()
        .post('/auth/password-reset')
        .send({ token: 'A'.repeat(43), password: NEW_PASSWORD })
        .expect(400);
      expect(made.body.code).toBe('AUTH.VERIFICATION_INVALID');
      await signIn(user.email);
    });

    it('answers the same for an unknown address and sends nothing; a disabled account gets nothing either', async () => {
      const known = await createUser(t, 'PARENT');
      const unknown = uniqueEmail('nobody');
      const a = await requestReset(known.email);
      const b = await requestReset(unknown);
      expect(a.message.replace(known.email, '@')).toBe(b.message.replace(unknown, '@'));
      await resetTokenSentTo(known.email);
      const admin = await createUser(t, 'ADMIN');
      const disabled = await createUser(t, 'PARENT');
      await t.http().post(`/users/${disabled.id}/disable`).set(admin.auth).expect(204);
      await requestReset(disabled.email);
      // The known address's e-mail was sent after the unknown one's request: had one been made, it would be there.
      await requestReset(known.email);
      await resetTokenSentTo(known.email, 1);
      expect(smtp.to(unknown)).toEqual([]);
      expect(smtp.to(disabled.email).filter((m) => /mot de passe/.test(m.subject))).toEqual([]);
      const tokens = await t.dataSource.query(`SELECT id FROM password_reset_tokens WHERE user_id = $1`, [disabled.id]);
      expect(tokens).toEqual([]);
    });

    it('sends at most PASSWORD_RESET_MAX_PER_EMAIL e-mails per address and hour, answering 202 all the same', async () => {
      const user = await createUser(t, 'PARENT');
      for (let i = 0; i < 5; i++) await requestReset(user.email);
      await resetTokenSentTo(user.email, 2);
      // Time for a 4th or 5th e-mail to arrive, were one sent.
      await requestReset(uniqueEmail('flush'));
      await new Promise((r) => setTimeout(r, 500));
      const notices = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notices WHERE recipient_user_id = $1 AND type = 'PASSWORD_RESET'`,
        [user.id],
      );
      expect(notices).toEqual([{ n: 3 }]);
    });
  });
});

describe('Session rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REFRESH_MAX_PER_IP: '3',
        REGISTER_MAX_PER_IP: '2',
        QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-sessions-${Date.now()}`,
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('limits refreshes per client address like logins, and reset requests per address like sign-ups', async () => {
    for (let i = 0; i < 3; i++) await t.http().post('/auth/refresh').expect(401);
    const refused = await t.http().post('/auth/refresh').expect(429);
    expect(refused.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .post('/auth/password-reset-request')
        .send({ email: uniqueEmail('x') })
        .expect(202);
    const tooMany = await t
      .http()
      .post('/auth/password-reset-request')
      .send({ email: uniqueEmail('x') })
      .expect(429);
    expect(tooMany.body.code).toBe('REQUEST.TOO_MANY');
  });
});
