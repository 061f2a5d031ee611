import { NoticeDeliveryService } from '../../src/modules/notices/notice-delivery.service';
import { NoticesProcessor } from '../../src/modules/notices/notices.processor';
import { ownDatabaseUrl } from '../support/own-database';
import { SmtpSink } from '../support/smtp-sink';
import { PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';

async function noticeOf(t: TestApp, userId: string) {
  const rows = await t.dataSource.query(
    `SELECT id, status, attempts, last_error, sent_at, claimed_until FROM notices WHERE recipient_user_id = $1 AND type = 'WELCOME'`,
    [userId],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as {
    id: string;
    status: string;
    attempts: number;
    last_error: string | null;
    sent_at: Date | null;
    claimed_until: Date | null;
  };
}

async function waitForStatus(t: TestApp, userId: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await noticeOf(t, userId);
    if (n.status === status) return n;
    if (Date.now() > deadline) throw new Error(`notice still ${n.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notice pipeline (outbox → BullMQ → SMTP)', () => {
  const smtp = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      runWorkers: true,
      env: { SMTP_URL: smtp.url, NOTICE_SWEEP_EVERY_MS: '1000', NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.rejectWith = null;
  });

  const register = async () => {
    const email = uniqueEmail('famille');
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Léa', lastName: 'Durand' })
      .expect(202);
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    return { email, id: user.id as string };
  };

  it('sends the welcome e-mail to the new parent, in French, and marks it SENT', async () => {
    const { email, id } = await register();
    await smtp.waitFor(() => smtp.to(email).length === 1);
    const [mail] = smtp.to(email);
    expect(mail.subject).toBe('Bienvenue sur Berceau');
    expect(mail.text).toContain('Bonjour,');
    expect(mail.text).not.toContain('Léa');
    expect(mail.html).toContain('Bienvenue sur Berceau');
    const notice = await waitForStatus(t, id, 'SENT');
    expect(notice.attempts).toBe(1);
    expect(mail.messageId).toBe(`<notice-${notice.id}@berceau>`);
  });

  it('marks a notice FAILED with the reason when the server refuses it for good (5xx), without retrying', async () => {
    smtp.rejectWith = 550;
    const { email, id } = await register();
    const notice = await waitForStatus(t, id, 'FAILED');
    expect(notice.last_error).toMatch(/550/);
    // The server quoted the address; the notice keeps (and the log writes) the reason without it.
    expect(notice.last_error).toContain('<<address>>: Recipient address rejected');
    expect(notice.last_error).not.toContain(email);
    expect(notice.attempts).toBe(1);
    expect(smtp.to(email)).toHaveLength(0);
  });

  it('sends nothing to an account disabled before its notice went out', async () => {
    smtp.rejectWith = 451;
    const { email, id } = await register();
    const deadline = Date.now() + 10_000;
    while ((await noticeOf(t, id)).last_error === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [id]);
    smtp.rejectWith = null;
    const notice = await waitForStatus(t, id, 'FAILED');
    expect(notice.last_error).toBe('recipient account disabled');
    expect(smtp.to(email)).toHaveLength(0);
  });

  it('retries a temporary refusal (4xx) with backoff and then delivers once', async () => {
    smtp.rejectWith = 451;
    const { email, id } = await register();
    const deadline = Date.now() + 10_000;
    while ((await noticeOf(t, id)).last_error === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    smtp.rejectWith = null;
    expect((await noticeOf(t, id)).last_error).toMatch(/451/);
    const notice = await waitForStatus(t, id, 'SENT');
    expect(notice.attempts).toBe(2);
    expect(notice.last_error).toBeNull();
    expect(smtp.to(email)).toHaveLength(1);
  });
});

describe('a notice job run twice', () => {
  const smtp = new SmtpSink();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  it('sends one e-mail when the same notice is delivered twice, even at the same time', async () => {
    // No worker and no queue here (Redis unreachable): only these explicit runs deliver.
    const api = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6397', SMTP_URL: smtp.url } });
    try {
      const email = uniqueEmail('double');
      await api
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Nina', lastName: 'B' })
        .expect(202);
      const [user] = await api.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
      const res = { body: { id: user.id as string } };
      const [row] = await api.dataSource.query(`SELECT id FROM notices WHERE recipient_user_id = $1`, [res.body.id]);
      const delivery = api.app.get(NoticeDeliveryService);
      const outcomes = await Promise.all([
        delivery.deliver(row.id, { isLastAttempt: false }),
        delivery.deliver(row.id, { isLastAttempt: false }),
      ]);
      const again = await delivery.deliver(row.id, { isLastAttempt: false });
      expect(outcomes.sort()).toEqual(['SENT', 'SKIPPED']);
      expect(again).toBe('SKIPPED');
      expect(smtp.to(email)).toHaveLength(1);
      expect((await noticeOf(api, res.body.id)).status).toBe('SENT');
    } finally {
      await api.close();
    }
  });
});

describe('notice pipeline when Redis is unreachable at registration', () => {
  const smtp = new SmtpSink();
  // A database and a queue of this test's own: the run's hold other files' pending notices and jobs, which a sweep
  // would deliver first (or another file's leftover job scheduler would time), and this test measures the sweep.
  let env: Record<string, string>;

  beforeAll(async () => {
    await smtp.start();
    env = {
      DATABASE_URL: await ownDatabaseUrl('notices_outage'),
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-outage-${Date.now().toString(36)}`,
      SMTP_URL: smtp.url,
    };
  });
  afterAll(() => smtp.stop());

  it('still registers (202), keeps the notice PENDING, and the sweep delivers it once Redis is back', async () => {
    const offline = await startTestApp({ env: { ...env, REDIS_URL: 'redis://127.0.0.1:6398' } });
    const email = uniqueEmail('panne');
    const started = Date.now();
    await offline
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Hugo', lastName: 'R' })
      .expect(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [user] = await offline.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const res = { body: { id: user.id as string } };
    expect((await noticeOf(offline, res.body.id)).status).toBe('PENDING');
    await offline.close();

    const worker = await startTestApp({
      runWorkers: true,
      env: { ...env, NOTICE_SWEEP_EVERY_MS: '1000', NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
    try {
      await smtp
        .waitFor(() => smtp.to(email).length === 1, 45_000)
        .catch(async (err: Error) => {
          // Why, for the record: the notice's row says whether it was claimed, tried, or never swept.
          throw new Error(`${err.message}; notice ${JSON.stringify(await noticeOf(worker, res.body.id))}`);
        });
      expect((await waitForStatus(worker, res.body.id, 'SENT')).attempts).toBe(1);
      await worker.app.get(NoticesProcessor).sweep();
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.to(email)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  }, 90_000);
});
