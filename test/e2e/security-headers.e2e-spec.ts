import { CONTENT_SECURITY_POLICY } from '../../src/bootstrap';
import { helmetHeaders } from '../../src/common/http/security-headers';
import { startTestApp, TestApp } from '../support/test-app';

/** The headers of @fastify/helmet, worked out once at boot (issue #18), are on every kind of answer. */
describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are those of @fastify/helmet with our Content-Security-Policy', async () => {
    const headers = await helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    });
    expect(headers).toMatchObject({
      'content-security-policy':
        "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('are on every answer: public JSON, an error, an unknown route, the API docs', async () => {
    const expected = await helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    });
    const answers = [
      await t.http().get('/creches').expect(200),
      await t.http().post('/fees/quote').send({}).expect(400),
      await t.http().get('/nothing-here').expect(404),
      await t.http().get('/health'),
      await t.raw().get('/api/docs/').redirects(1),
    ];
    for (const res of answers) {
      for (const [name, value] of Object.entries(expected))
        expect({ url: res.request.url, name, value: res.headers[name] }).toEqual({
          url: res.request.url,
          name,
          value,
        });
    }
  });
});
