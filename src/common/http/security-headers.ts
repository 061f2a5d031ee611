import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The security headers of @fastify/helmet on every answer, worked out once at boot. The plugin builds the whole of
 * helmet again for each request (parsing the Content-Security-Policy directives every time: some 5 % of a small
 * route's CPU); with no per-request nonce the headers never change, so they are taken from one answer of a throwaway
 * server running the plugin with the same options, and set as they are by an `onRequest` hook.
 */
export async function useSecurityHeaders(app: NestFastifyApplication, options: FastifyHelmetOptions): Promise<void> {
  const headers = await helmetHeaders(options);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
}

/** The headers the plugin adds to an answer (those absent from the same answer without it). */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const f = new FastifyAdapter().getInstance();
    if (withHelmet) await f.register(helmet, options);
    f.get('/', () => 'ok');
    try {
      return (await f.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await f.close();
    }
  };
  const [plain, secured] = [await answer(false), await answer(true)];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(secured)) {
    if (value === undefined || plain[name] !== undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (!headers['content-security-policy']) throw new Error('helmet set no Content-Security-Policy');
  return headers;
}
