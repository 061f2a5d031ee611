import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** A server started by a benchmark in its own process (the load generator stays in the bench's). */
export interface ServerProcess {
  readonly url: string;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** JWT secret of the benchmarks' production-mode servers (production refuses to start without one). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

/** Starts `support/<script>.ts` under NODE_ENV=production and waits for it to report its URL. */
export async function startServer(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = fork(join(__dirname, `${script}.ts`), [], {
    // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (to see what a request costs).
    execArgv: [
      '-r',
      join(__dirname, '..', 'swc-register.js'),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: BENCH_JWT_SECRET, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: url.replace('[::1]', '127.0.0.1'),
    cpuMs: () =>
      new Promise((resolve) => {
        const onMessage = (m: { cpu?: NodeJS.CpuUsage }) => {
          if (!m.cpu) return;
          child.off('message', onMessage);
          resolve((m.cpu.user + m.cpu.system) / 1000);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop: async () => {
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadFigures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly bytesPerRequest: number;
  /** CPU time of the server per answered request, in ms (less sensitive than req/s to other load on the host). */
  readonly cpuMsPerRequest: number;
}

/** `connections` clients sending `req` to `url` for `seconds` (after a warm-up of `warmSeconds`, not counted). */
export async function load(
  server: ServerProcess,
  req: LoadRequest,
  opts: { connections: number; seconds: number; warmSeconds: number },
): Promise<LoadFigures> {
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}${req.path}`,
      connections: opts.connections,
      duration,
      method: (req.method ?? 'GET') as 'GET',
      headers: req.headers ?? {},
      body: req.body,
    });
  if (opts.warmSeconds > 0) await run(opts.warmSeconds);
  const cpuBefore = await server.cpuMs();
  const r = await run(opts.seconds);
  const cpu = (await server.cpuMs()) - cpuBefore;
  return {
    cpuMsPerRequest: r.requests.total ? cpu / r.requests.total : 0,
    perSecond: r.requests.total / opts.seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    bytesPerRequest: r.requests.total ? r.throughput.total / r.requests.total : 0,
  };
}

export const kreq = (x: number) => `${(x / 1000).toFixed(1)}k req/s`;
