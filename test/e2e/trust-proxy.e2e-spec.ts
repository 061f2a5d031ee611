import { createUser, PASSWORD, startTestApp, TestApp } from '../support/test-app';

/** Issue #13, item 5: a client must not choose its own address with X-Forwarded-For. */
describe('Spoofable client address (TRUST_PROXY)', () => {
  // Its own key prefix: the login limiter's counters for 127.0.0.1 must not carry other tests' logins.
  const isolated = (extra: Record<string, string>) => ({
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-trust-${Math.random().toString(36).slice(2)}`,
    ...extra,
  });
  const attempt = (t: TestApp, forwardedFor: string) =>
    t
      .http()
      .post('/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: `nobody.${forwardedFor}@example.test`, password: 'wrong password here' });

  describe('by default (no proxy trusted)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: isolated({ LOGIN_MAX_PER_IP: '3' }) });
    });
    afterAll(async () => {
      await t.close();
    });

    it('ignores X-Forwarded-For: the per-address login limit holds whatever address the client claims', async () => {
      const statuses: number[] = [];
      for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) statuses.push((await attempt(t, ip)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });

  describe('successful logins (one office address)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: isolated({ LOGIN_MAX_PER_IP: '3' }) });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts only failed attempts against the address: a team signing in all day is never refused', async () => {
      const user = await createUser(t, 'MANAGER');
      const good = () => t.http().post('/auth/login').send({ email: user.email, password: PASSWORD });
      for (let i = 0; i < 6; i += 1) await good().expect(200);
      const statuses: number[] = [];
      for (const ip of ['10.2.0.1', '10.2.0.2', '10.2.0.3', '10.2.0.4']) statuses.push((await attempt(t, ip)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Once the failures used the address's limit, even the right password waits for the window.
      expect((await good()).status).toBe(429);
    });
  });

  describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: isolated({ LOGIN_MAX_PER_IP: '3', TRUST_PROXY: '1' }) });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts each forwarded client address on its own', async () => {
      const statuses: number[] = [];
      for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4']) statuses.push((await attempt(t, ip)).status);
      expect(statuses).toEqual([401, 401, 401, 401]);
    });
  });
});
