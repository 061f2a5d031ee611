import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { NoticesService } from '../../src/modules/notices/notices.service';
import { fillOutbox } from '../support/outbox';
import { startBenchApp } from './support/bench-app';
import { fmt } from './support/bench-env';
import { BENCH_JWT_SECRET } from './support/http-servers';

/**
 * Notices from the outbox to a local SMTP server (issue #18: ≥ 500 e-mails a second): 5 000 welcome notices written,
 * dispatched as the services do after their commits (batch jobs), and delivered by a worker process of its own
 * (`--role=worker`, NODE_ENV=production, its logs on) through pooled connections. The SMTP server here reads each
 * message whole and acknowledges it; it counts distinct Message-IDs, so a duplicate would show.
 */
const COUNT = 5000;
const WARM = 300;

class CountingSmtp {
  readonly seen = new Map<string, number>();
  received = 0;
  lastAt = 0;
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const head = Buffer.concat(chunks).toString('utf8', 0, 4096);
          const id = /^Message-ID: *(<[^>]+>)/im.exec(head)?.[1] ?? 'none';
          this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
          this.received += 1;
          this.lastAt = performance.now();
          callback();
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** CPU time (user + system) a process has used, in ms (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main(): Promise<void> {
  const smtp = new CountingSmtp();
  await smtp.start();
  const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
  const b = await startBenchApp({ runWorkers: false, env: { SMTP_URL: smtpUrl } });
  const root = join(__dirname, '..', '..');
  const worker = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, 'swc-register.js'),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      join(root, 'src/main.ts'),
      '--role=worker',
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        JWT_SECRET: BENCH_JWT_SECRET,
        DATABASE_URL: b.databaseUrl,
        QUEUE_PREFIX: b.queuePrefix,
        SMTP_URL: smtpUrl,
        LOG_LEVEL: 'info',
      },
      stdio: 'ignore',
    },
  );
  const notices = b.app.get(NoticesService);
  const until = async (n: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (smtp.received < n) {
      if (Date.now() > deadline) throw new Error(`${smtp.received} of ${n} e-mails received in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    // Warm-up: the worker boots, connects and compiles its hot paths.
    const warm = await fillOutbox(b.ds, WARM);
    await notices.dispatch(warm.noticeIds);
    await until(WARM, 120_000);
    const { noticeIds, messageIds } = await fillOutbox(b.ds, COUNT);
    const cpu0 = cpuMsOf(worker.pid!);
    const t0 = performance.now();
    await notices.dispatch(noticeIds);
    const tDispatched = performance.now();
    await until(WARM + COUNT, 120_000);
    const seconds = (smtp.lastAt - t0) / 1000;
    const workerCpuMs = cpuMsOf(worker.pid!) - cpu0;
    await new Promise((r) => setTimeout(r, 1000));
    const [{ sent }] = await b.ds.query(
      `SELECT count(*)::int AS sent FROM notices WHERE id = ANY($1) AND status = 'SENT'`,
      [noticeIds],
    );
    const ours = [...messageIds].filter((id) => smtp.seen.has(id));
    const duplicates = [...smtp.seen.values()].filter((n) => n > 1).length;
    console.log(
      `notices: ${COUNT} e-mails from the outbox to a local SMTP server in ${fmt(seconds, 2)} s: ${Math.round(COUNT / seconds)} e-mails/s   (target ≥ 500/s)\n` +
        `  (worker CPU ${fmt((workerCpuMs * 1000) / COUNT, 0)} µs an e-mail; dispatch of the ${Math.ceil(COUNT / 100)} batch jobs ${fmt((tDispatched - t0) / 1000, 2)} s; received ${ours.length} distinct, ${duplicates} duplicated; ${sent} marked SENT)`,
    );
    if (ours.length !== COUNT || duplicates || sent !== COUNT) process.exitCode = 1;
  } finally {
    worker.kill('SIGINT');
    await new Promise((r) => worker.once('exit', r));
    await b.close();
    await smtp.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
