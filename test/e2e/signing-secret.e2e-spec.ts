import { JwtService } from '@nestjs/jwt';
import { ConfigError, loadConfig, PUBLISHED_SECRETS } from '../../src/config/app-config';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/** Issue #13, item 1: Berceau never signs with a secret from its source. */
describe('A public signing secret', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    // Two instances without JWT_SECRET, as the Dockerfile and docker-compose start them.
    a = await startTestApp();
    b = await startTestApp();
    admin = await createUser(a, 'ADMIN');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('refuses an ADMIN token signed with the development string once in the source', async () => {
    const forged = await new JwtService({ secret: PUBLISHED_SECRETS[0] }).signAsync(
      { sub: admin.id, role: 'ADMIN', tv: 0 },
      { expiresIn: 600 },
    );
    await a
      .http()
      .get('/me')
      .set({ Authorization: `Bearer ${forged}` })
      .expect(401);
    await a
      .http()
      .post('/users')
      .set({ Authorization: `Bearer ${forged}` })
      .send({
        email: 'intruder@example.test',
        password: 'a-long-enough-password',
        firstName: 'I',
        lastName: 'N',
        role: 'ADMIN',
      })
      .expect(401);
    const [row] = await a.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE email = 'intruder@example.test'`,
    );
    expect(row.n).toBe(0);
  });

  it('signs with a generated key kept in the database, shared by every instance', async () => {
    await b.http().get('/me').set(admin.auth).expect(200);
    const [secret] = await a.dataSource.query(
      `SELECT length(value) AS n FROM app_secrets WHERE name = 'jwt-signing-key'`,
    );
    expect(secret.n).toBeGreaterThanOrEqual(48);
  });

  it.each(['development', 'test', 'production'])(
    'refuses JWT_SECRET set to a published value with NODE_ENV=%s',
    (mode) => {
      expect(() => loadConfig({ NODE_ENV: mode, JWT_SECRET: PUBLISHED_SECRETS[0] })).toThrow(ConfigError);
    },
  );

  it('still requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).jwt.secret).toBe('x'.repeat(40));
  });
});
