import autocannon from 'autocannon';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { UsersService } from '../../src/modules/users/users.service';
import { benchDatabase } from '../../test/bench/support/bench-env';
import { spawn } from 'node:child_process';
async function main() {
  const db = await benchDatabase();
  const config = loadConfig({ ...process.env, DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: db.queuePrefix, LOG_LEVEL: 'silent' });
  const app = await createHttpApp({ config, runWorkers: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  const users = app.get(UsersService);
  await users.createByAdmin({ id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' } as any, { email: 'm@b.test', password: 'bench password long enough', firstName: 'A', lastName: 'B', role: 'MANAGER' });
  const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'm@b.test', password: 'bench password long enough' }) });
  const { accessToken } = await r.json() as any;
  for (const path of ['/health', '/territories', '/me']) {
    const out = await new Promise<string>((res) => { const c = spawn('npx', ['autocannon', '-c', '20', '-d', '5', '-j', '-H', `authorization=Bearer ${accessToken}`, base + path]); let s = ''; c.stdout.on('data', (d) => (s += d)); c.on('exit', () => res(s)); });
    const j = JSON.parse(out);
    console.log(path, Math.round(j.requests.average), 'req/s, median', j.latency.p50, 'ms', JSON.stringify(j.statusCodeStats ?? {}));
  }
  await app.close(); await db.drop();
}
main();
