import { HealthController } from '../../src/modules/health/health.controller';
import { startTestApp, TestApp } from '../support/test-app';

describe(HealthController.name, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports database and Redis up (200)', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document built from the DTOs, and Swagger UI', async () => {
    const doc = await t.raw().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/me', '/api/users', '/api/health']),
    );
    expect(doc.body.components.schemas.RegisterDto.required).toEqual(expect.arrayContaining(['email', 'password']));
    const ui = await t.raw().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers an unknown route with the error shape', async () => {
    const res = await t.http().get('/nope').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'ROUTE.NOT_FOUND',
      message: 'Route not found',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers malformed JSON with a 400, and an oversized body with a 413', async () => {
    const bad = await t
      .http()
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(bad.body.code).toBe('REQUEST.MALFORMED');
    const big = await t
      .http()
      .post('/auth/login')
      .send({ email: 'x'.repeat(2_000_000), password: 'y' })
      .expect(413);
    expect(big.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it('sets security headers and keeps CORS closed by default', async () => {
    const res = await t.http().get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('health with Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 and says Redis is down', async () => {
    const res = await t.http().get('/health').expect(503);
    expect(res.body).toMatchObject({ status: 'error', database: { status: 'up' }, redis: { status: 'down' } });
  });
});
