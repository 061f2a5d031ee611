import { NoticeDeliveryService } from '../../src/modules/notices/notice-delivery.service';
import { UsersService } from '../../src/modules/users/users.service';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { EmailVerificationService } from '../../src/modules/users/email-verification.service';
import { IntegrationApp, startIntegrationApp } from '../support/integration-app';
import { SmtpSink } from '../support/smtp-sink';
import { PASSWORD, uniqueEmail } from '../support/test-app';
import { fillOutbox } from '../support/outbox';

/** What the `notice.send` job runs (NoticesProcessor delegates to NoticeDeliveryService.deliver), called directly. */
describe(NoticeDeliveryService.name, () => {
  const smtp = new SmtpSink();
  let t: IntegrationApp;
  let delivery: NoticeDeliveryService;

  beforeAll(async () => {
    await smtp.start();
    t = await startIntegrationApp({ env: { SMTP_URL: smtp.url } });
    delivery = t.get(NoticeDeliveryService);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  /** A parent signs up: the welcome notice is written in the same transaction (the outbox), PENDING. */
  async function pendingWelcomeNotice(): Promise<{ noticeId: string; email: string }> {
    const email = uniqueEmail('notice');
    const user = (await t
      .get(UsersService)
      .register({ email, password: PASSWORD, firstName: 'Camille', lastName: 'Nom' }))!;
    const rows: { id: string; status: string; attempts: number }[] = await t.dataSource.query(
      `SELECT id, status, attempts FROM notices WHERE recipient_user_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([{ id: expect.any(String), status: 'PENDING', attempts: 0 }]);
    return { noticeId: rows[0].id, email };
  }

  const rowOf = async (noticeId: string) =>
    (
      await t.dataSource.query(
        `SELECT status, attempts, sent_at, claimed_until, last_error FROM notices WHERE id = $1`,
        [noticeId],
      )
    )[0];

  it('sends one e-mail when the same notice job runs twice in a row', async () => {
    const { noticeId, email } = await pendingWelcomeNotice();
    const mailsBefore = smtp.mails.length;

    const first = await delivery.deliver(noticeId, { isLastAttempt: false });
    const second = await delivery.deliver(noticeId, { isLastAttempt: false });

    expect([first, second]).toEqual(['SENT', 'SKIPPED']);
    expect(smtp.to(email)).toHaveLength(1);
    expect(smtp.to(email)[0].messageId).toBe(`<notice-${noticeId}@berceau>`);
    expect(smtp.mails.length - mailsBefore).toBe(1); // nobody else got anything
    expect(await rowOf(noticeId)).toEqual({
      status: 'SENT',
      attempts: 1,
      sent_at: expect.any(Date),
      claimed_until: null,
      last_error: null,
    });
  });

  it('sends one e-mail when two runs of the same notice job race', async () => {
    const { noticeId, email } = await pendingWelcomeNotice();
    const mailsBefore = smtp.mails.length;

    const outcomes = await Promise.all([
      delivery.deliver(noticeId, { isLastAttempt: false }),
      delivery.deliver(noticeId, { isLastAttempt: false }),
    ]);

    expect([...outcomes].sort()).toEqual(['SENT', 'SKIPPED']);
    expect(smtp.to(email)).toHaveLength(1);
    expect(smtp.to(email)[0].messageId).toBe(`<notice-${noticeId}@berceau>`);
    expect(smtp.mails.length - mailsBefore).toBe(1);
    expect(await rowOf(noticeId)).toEqual({
      status: 'SENT',
      attempts: 1,
      sent_at: expect.any(Date),
      claimed_until: null,
      last_error: null,
    });
  });

  it('delivers a batch once: claimed together, sent over pooled connections, each marked SENT; a racing run skips', async () => {
    const { noticeIds, emails, messageIds } = await fillOutbox(t.dataSource, 300);
    const mailsBefore = smtp.mails.length;
    const batches = [noticeIds.slice(0, 100), noticeIds.slice(100, 200), noticeIds.slice(200)];
    // Each batch delivered by two runs at the same time (a duplicate job, a stalled one re-run).
    const runs = await Promise.all(
      batches.flatMap((ids) => [
        delivery.deliverBatch(ids, { isLastAttempt: false }),
        delivery.deliverBatch(ids, { isLastAttempt: false }),
      ]),
    );
    const outcomes = runs.flatMap((r) => [...r.outcomes.values()]);
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(300);
    expect(outcomes.filter((o) => o === 'SKIPPED')).toHaveLength(300);
    expect(runs.flatMap((r) => r.retryable)).toEqual([]);
    const received = smtp.mails.slice(mailsBefore);
    expect(received).toHaveLength(300);
    expect(new Set(received.map((m) => m.messageId))).toEqual(messageIds);
    expect(received.map((m) => m.to[0]).sort()).toEqual([...emails].sort());
    const rows = await t.dataSource.query(
      `SELECT status, attempts, count(*)::int AS n FROM notices WHERE id = ANY($1) GROUP BY status, attempts`,
      [noticeIds],
    );
    expect(rows).toEqual([{ status: 'SENT', attempts: 1, n: 300 }]);
    // Run again: nothing left to send.
    const again = await delivery.deliverBatch(noticeIds, { isLastAttempt: false });
    expect([...again.outcomes.values()].every((o) => o === 'SKIPPED')).toBe(true);
    expect(smtp.mails.length - mailsBefore).toBe(300);
  });

  it("renders a batch of welcome e-mails from one read of their accounts, each link proving its own account's address", async () => {
    const { noticeIds, emails } = await fillOutbox(t.dataSource, 20);
    const readOne = jest.spyOn(UsersRepository.prototype, 'contact');
    try {
      const { outcomes } = await delivery.deliverBatch(noticeIds, { isLastAttempt: false });
      expect([...outcomes.values()]).toEqual(noticeIds.map(() => 'SENT'));
      // The delivery read every recipient's address for the batch; no renderer read its account again.
      expect(readOne).not.toHaveBeenCalled();
    } finally {
      readOne.mockRestore();
    }
    const link = /\/verifier-email\?token=([^\s"<>]+)/;
    for (const email of [emails[0], emails[19]]) {
      const token = decodeURIComponent(link.exec(smtp.to(email)[0].text)![1]);
      await t.get(EmailVerificationService).verify(token);
      const [row] = await t.dataSource.query(`SELECT email_verified_at FROM users WHERE email = $1`, [email]);
      expect(row.email_verified_at).toEqual(expect.any(Date));
    }
    const [{ unproved }] = await t.dataSource.query(
      `SELECT count(*)::int AS unproved FROM users WHERE email = ANY($1) AND email_verified_at IS NULL`,
      [emails],
    );
    expect(unproved).toBe(18);
  });

  it('fails for good, within a batch, the notice that cannot be rendered; the others are sent', async () => {
    const { noticeIds } = await fillOutbox(t.dataSource, 3);
    await t.dataSource.query(`UPDATE notices SET type = 'NO_SUCH_TYPE' WHERE id = $1`, [noticeIds[1]]);
    const { outcomes, retryable } = await delivery.deliverBatch(noticeIds, { isLastAttempt: false });
    expect(noticeIds.map((id) => outcomes.get(id))).toEqual(['SENT', 'FAILED', 'SENT']);
    expect(retryable).toEqual([]);
    expect(await rowOf(noticeIds[1])).toMatchObject({
      status: 'FAILED',
      last_error: 'no renderer for notice type NO_SUCH_TYPE',
    });
  });
});
