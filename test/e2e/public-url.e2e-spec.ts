import { SmtpSink } from '../support/smtp-sink';
import { PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';

/** Issue #15: with PORT=4100 and no PUBLIC_BASE_URL, the links of the e-mails point at port 4100, not 3000. */
describe('E-mail links follow the configured port', () => {
  const smtp = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ runWorkers: true, env: { SMTP_URL: smtp.url, PORT: '4100', PUBLIC_BASE_URL: '' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('sends the welcome e-mail with links on http://localhost:4100', async () => {
    expect(t.config.publicBaseUrl).toBe('http://localhost:4100');
    const email = uniqueEmail('port');
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Port', lastName: 'Test' })
      .expect(202);
    await smtp.waitFor(() => smtp.to(email).length > 0);
    const mail = smtp.to(email)[0];
    const links = [...mail.text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith('http://localhost:4100/')).toBe(true);
    expect(mail.text).not.toContain(':3000');
  });
});
