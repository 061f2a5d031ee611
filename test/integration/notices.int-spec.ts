import { NoticeDeliveryService } from '../../src/modules/notices/notice-delivery.service';
import { UsersService } from '../../src/modules/users/users.service';
import { IntegrationApp, startIntegrationApp } from '../support/integration-app';
import { SmtpSink } from '../support/smtp-sink';
import { PASSWORD, uniqueEmail } from '../support/test-app';

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
});
