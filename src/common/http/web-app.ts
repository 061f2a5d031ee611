import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Vite names the files under `assets/` by their content hash: a new build gives new names, so they never change. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets: revalidated on every load so a new build is seen at once. */
export const REVALIDATE_CACHE = 'no-cache';

/** Compression of every answer (API JSON, CSV, the app's files) above 1 kB, for clients that ask for it. */
export async function useCompression(app: NestFastifyApplication): Promise<void> {
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
}

/**
 * Serves the built web app (`web/dist`) beside the API: its files as they are, and `index.html` for any other GET
 * outside `/api` that does not name a file (the app's own router then shows the page). Without a build (API-only
 * development) nothing is served and the API runs alone. Returns whether the app is served.
 */
export async function serveWebApp(app: NestFastifyApplication, distDir: string): Promise<boolean> {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per file found now, so the fallback below owns every other path.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (req, reply) => {
    const path = req.url.split('?')[0];
    // The API's unknown routes and missing files keep their 404 (the API's error body), never the app's page.
    if (path === '/api' || path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path)) return reply.callNotFound();
    return reply.header('cache-control', REVALIDATE_CACHE).type('text/html; charset=utf-8').send(indexHtml);
  });
  return true;
}
