import { JwtService } from '@nestjs/jwt';
import { AuthController } from '../../src/modules/users/auth.controller';
import { TokenUserCache } from '../../src/common/auth/token-user.cache';
import { createUser, login, PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';
import { waitFor } from '../support/wait';

describe(AuthController.name, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const register = (body: Record<string, unknown>) => t.http().post('/auth/register').send(body);
  const valid = () => ({ email: uniqueEmail('parent'), password: PASSWORD, firstName: 'Camille', lastName: 'Martin' });

  it('registers a parent (202) who can then log in and read /me', async () => {
    const body = valid();
    const res = await register({ ...body, email: body.email.toUpperCase() }).expect(202);
    expect(Object.keys(res.body)).toEqual(['message']);
    const { auth } = await login(t, body.email);
    const me = await t.http().get('/me').set(auth).expect(200);
    expect(me.body).toMatchObject({ email: body.email, firstName: 'Camille', lastName: 'Martin', role: 'PARENT' });
  });

  it('answers 400 naming each faulty field', async () => {
    const res = await register({ email: 'not-an-email', password: 'short', firstName: '', lastName: 'M' }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.FAILED' });
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['email', 'firstName', 'password']);
    expect(res.body.requestId).toEqual(res.headers['x-request-id']);
  });

  it('refuses unknown fields (a parent cannot choose their role)', async () => {
    const res = await register({ ...valid(), role: 'ADMIN' }).expect(400);
    expect(res.body.details).toEqual([{ field: 'role', errors: ['property role should not exist'] }]);
  });

  it('gives the same answer for a taken address as for a new one (#13.8), tells the owner by e-mail, creates nothing', async () => {
    const body = valid();
    const fresh = await register(body).expect(202);
    const taken = await register({
      ...body,
      email: body.email.toUpperCase(),
      firstName: 'Autre',
      password: 'another long passphrase',
    }).expect(202);
    expect(taken.body).toEqual({ message: fresh.body.message });
    const count = await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]);
    expect(count[0].n).toBe(1);
    const notices = await t.dataSource.query(
      `SELECT n.type FROM notices n JOIN users u ON u.id = n.recipient_user_id WHERE u.email = $1 ORDER BY n.created_at`,
      [body.email],
    );
    expect(notices.map((n: { type: string }) => n.type)).toEqual(['WELCOME', 'ACCOUNT_EXISTS']);
  });

  it('refuses a password that is easy to guess (#13.8), naming the field', async () => {
    for (const password of ['aaaaaaaaaa', 'motdepasse123', 'azertyuiop']) {
      const res = await register({ ...valid(), password }).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['password']);
    }
  });

  it('answers 401 to a wrong password and audits the failure', async () => {
    const parent = await createUser(t, 'PARENT');
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: parent.email, password: 'wrong password!' })
      .expect(401);
    expect(res.body).toMatchObject({
      code: 'AUTH.INVALID_CREDENTIALS',
      message: 'Adresse e-mail ou mot de passe incorrect.',
    });
    const events = await t.dataSource.query(
      `SELECT action, subject_id, details, request_id FROM audit_events WHERE action = 'auth.login_failed' AND subject_id = $1`,
      [parent.id],
    );
    expect(events).toEqual([
      {
        action: 'auth.login_failed',
        subject_id: parent.id,
        details: { reason: 'BAD_PASSWORD' },
        request_id: res.body.requestId,
      },
    ]);
  });

  it('gives an unknown e-mail the same 401 as a wrong password', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: uniqueEmail('nobody'), password: PASSWORD })
      .expect(401);
    expect(res.body).toMatchObject({
      code: 'AUTH.INVALID_CREDENTIALS',
      message: 'Adresse e-mail ou mot de passe incorrect.',
    });
  });

  it('answers 401 without a token, with a tampered one, and with an expired one', async () => {
    const parent = await createUser(t, 'PARENT');
    await t.http().get('/me').expect(401);
    const [h, p] = parent.token.split('.');
    await t
      .http()
      .get('/me')
      .set({ Authorization: `Bearer ${h}.${p}.forged` })
      .expect(401);
    const jwt = t.app.get(JwtService);
    const expired = await jwt.signAsync({ sub: parent.id, role: 'PARENT', tv: 0 }, { expiresIn: -10 });
    const res = await t
      .http()
      .get('/me')
      .set({ Authorization: `Bearer ${expired}` })
      .expect(401);
    expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
  });
});

describe('login rate limit', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { LOGIN_MAX_PER_EMAIL: '3', LOGIN_WINDOW_SECONDS: '60' };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('holds across two API instances sharing Redis, with a Retry-After', async () => {
    const email = uniqueEmail('target');
    const attempt = (t: TestApp) => t.http().post('/auth/login').send({ email, password: 'guess guess guess' });
    await attempt(a).expect(401);
    await attempt(b).expect(401);
    await attempt(a).expect(401);
    const res = await attempt(b).expect(429);
    expect(res.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('token revocation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('revokes earlier tokens when the password changes', async () => {
    const parent = await createUser(t, 'PARENT');
    await t
      .http()
      .post('/me/password')
      .set(parent.auth)
      .send({ currentPassword: 'wrong one!!', newPassword: 'a brand new passphrase' })
      .expect(401);
    await t
      .http()
      .post('/me/password')
      .set(parent.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' })
      .expect(204);
    await t.http().get('/me').set(parent.auth).expect(401);
    const fresh = await login(t, parent.email, 'a brand new passphrase');
    await t.http().get('/me').set(fresh.auth).expect(200);
  });

  it('revokes the tokens of a disabled account and refuses its logins', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    await t.http().get('/me').set(manager.auth).expect(200);
    await t.http().post(`/users/${manager.id}/disable`).set(admin.auth).expect(204);
    await t.http().get('/me').set(manager.auth).expect(401);
    await t.http().post('/auth/login').send({ email: manager.email, password: PASSWORD }).expect(401);
  });

  it('revokes at once on another API instance too: the database notifies every process of a changed account', async () => {
    const other = await startTestApp();
    try {
      const admin = await createUser(t, 'ADMIN');
      const manager = await createUser(t, 'MANAGER');
      // The other instance has read the account and keeps it (TokenUserCache) once it listens.
      await waitFor(
        async () =>
          (await other.http().get('/me').set(manager.auth)).status === 200 &&
          other.app.get(TokenUserCache).isListening(),
      );
      await other.http().get('/me').set(manager.auth).expect(200);
      await t.http().post(`/users/${manager.id}/disable`).set(admin.auth).expect(204);
      await waitFor(async () => (await other.http().get('/me').set(manager.auth)).status === 401, 2000);
    } finally {
      await other.close();
    }
  });

  it('drops a cached account changed straight in the database (no process of ours told)', async () => {
    const parent = await createUser(t, 'PARENT');
    await waitFor(
      async () =>
        (await t.http().get('/me').set(parent.auth)).status === 200 && t.app.get(TokenUserCache).isListening(),
    );
    await t.http().get('/me').set(parent.auth).expect(200);
    await t.dataSource.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [parent.id]);
    await waitFor(async () => (await t.http().get('/me').set(parent.auth)).status === 401, 2000);
  });

  it('reads the account on every request while its notification connection is down, so no change is missed', async () => {
    const parent = await createUser(t, 'PARENT');
    await waitFor(
      async () =>
        (await t.http().get('/me').set(parent.auth)).status === 200 && t.app.get(TokenUserCache).isListening(),
    );
    // Cut the listening connection, then change the account: no notification can arrive.
    await t.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN user_changed'`,
    );
    await waitFor(() => !t.app.get(TokenUserCache).isListening(), 2000);
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [parent.id]);
    await t.http().get('/me').set(parent.auth).expect(401);
    // It listens again on its own.
    await waitFor(
      async () => (await t.http().get('/me').set(parent.auth), t.app.get(TokenUserCache).isListening()),
      5000,
    );
  });
});
