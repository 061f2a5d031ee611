import { setTimeout as sleep } from 'node:timers/promises';
import { PASSWORD, createUser, startTestApp, TestApp } from '../support/test-app';

/** Issue #13, item 9: wrong passwords slow an account down; they do not lock its owner out for the whole window. */
describe('Lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-lockout`,
        LOGIN_MAX_PER_EMAIL: '3',
        LOGIN_DELAY_BASE_MS: '600',
        LOGIN_WINDOW_SECONDS: '900',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const attempt = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  it('lets the real user in with the right password once a short, growing delay has passed', async () => {
    const user = await createUser(t, 'PARENT');
    for (let i = 0; i < 3; i += 1) await attempt(user.email, 'not the password').expect(401);
    const waiting = await attempt(user.email, PASSWORD).expect(429);
    expect(waiting.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(waiting.headers['retry-after'])).toBe(1);
    await sleep(700);
    await attempt(user.email, 'not the password').expect(401); // 4th failure: the wait doubles (1.2 s)
    await sleep(300);
    await attempt(user.email, PASSWORD).expect(429);
    await sleep(1000);
    await attempt(user.email, PASSWORD).expect(200);
    // A success clears the failures: the next wrong password is free again.
    await attempt(user.email, 'not the password').expect(401);
    await attempt(user.email, PASSWORD).expect(200);
  });

  it("answers a login with an erased account's address with 401, like any unknown address", async () => {
    const user = await createUser(t, 'PARENT');
    await t.dataSource.query(
      `UPDATE users SET email = 'erased-' || id || '@erased.invalid', password_hash = 'erased' WHERE id = $1`,
      [user.id],
    );
    const res = await attempt(`erased-${user.id}@erased.invalid`, 'erased').expect(401);
    expect(res.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });
});
