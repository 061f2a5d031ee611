import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';

/** The request line written by Fastify hooks (useRequestLogging): the shape pino-http wrote, field for field. */
describe('request logging', () => {
  const lines: string[] = [];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp({
      config: loadConfig({ ...process.env, LOG_LEVEL: 'info' }),
      runWorkers: false,
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    const fastify = app.getHttpAdapter().getInstance();
    // Two routes of this spec only: one logs during the request, one fails outside Nest's filters.
    fastify.get('/api/spec-logs-inside', async () => {
      new Logger('Spec').log({ step: 'inside' }, 'working');
      return { ok: true };
    });
    fastify.get('/api/spec-logs-fails', async () => {
      throw new Error('boom');
    });
    await app.init();
    await fastify.ready();
  });
  afterAll(() => app.close());

  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const lineOf = (id: string) => logged().find((l) => (l.req as { id?: string } | undefined)?.id === id && 'res' in l);
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('writes one line per answer: req {id, method, path without query}, res {statusCode}, responseTime', async () => {
    const ok = await request(app.getHttpServer()).get('/api/health?email=zoe.secret@example.test').expect(200);
    await settle();
    const line = lineOf(ok.headers['x-request-id'])!;
    expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'hostname', 'req', 'res', 'responseTime', 'msg']);
    expect(line).toMatchObject({
      level: 30,
      req: { id: ok.headers['x-request-id'], method: 'GET', path: '/api/health' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line.responseTime).toBe('number');
    expect(lines.join('')).not.toContain('zoe.secret');
  });

  it('logs a 4xx at warn, a 5xx at error with an err, and unknown routes too', async () => {
    const bad = await request(app.getHttpServer()).post('/api/fees/quote').send({ date: 'soon' }).expect(400);
    const missing = await request(app.getHttpServer()).get('/api/nope').expect(404);
    const failed = await request(app.getHttpServer()).get('/api/spec-logs-fails').expect(500);
    await settle();
    expect(lineOf(bad.headers['x-request-id'])).toMatchObject({ level: 40, res: { statusCode: 400 } });
    expect(lineOf(missing.headers['x-request-id'])).toMatchObject({ level: 40, res: { statusCode: 404 } });
    const errored = lineOf(failed.headers['x-request-id'])!;
    expect(Object.keys(errored)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'req',
      'res',
      'err',
      'responseTime',
      'msg',
    ]);
    expect(errored).toMatchObject({
      level: 50,
      res: { statusCode: 500 },
      err: { type: 'Error', message: 'failed with status code 500' },
      msg: 'request errored',
    });
  });

  it("gives the application's logs made during a request that request's req, and none outside", async () => {
    const res = await request(app.getHttpServer()).get('/api/spec-logs-inside').expect(200);
    await settle();
    const id = res.headers['x-request-id'];
    const inside = logged().find((l) => l.msg === 'working')!;
    expect(inside).toMatchObject({
      context: 'Spec',
      step: 'inside',
      req: { id, method: 'GET', path: '/api/spec-logs-inside' },
    });
    new Logger('Spec').log('outside');
    expect(logged().find((l) => l.msg === 'outside')).not.toHaveProperty('req');
  });
});
