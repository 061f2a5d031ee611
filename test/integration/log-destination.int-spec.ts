import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../support/wait';
import { MARK } from '../support/log-destination-child';

/**
 * Production logs are buffered (`bufferedLogDestination`), written to stdout, here a pipe as under a process manager
 * or a terminal: a line is held (it comes after text written directly just after it), then written, whatever ends the
 * process; and Berceau's own entry point starts, logs its requests and stops so.
 */
const root = join(__dirname, '..', '..');

interface Child {
  readonly process: ChildProcess;
  /** Everything the child wrote to stdout so far. */
  stdout(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(process.execPath, ['-r', join(root, 'test/bench/swc-register.js'), script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, stdout: () => out, exited };
}

const runChild = (mode: string) => run(join(root, 'test/support/log-destination-child.ts'), [mode]);
const loggedBy = (child: Child) => new Promise<void>((resolve) => child.process.once('message', () => resolve()));

/** The messages of the JSON lines of `out`, and MARK where it was written. */
const written = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l));

describe('buffered production logs', () => {
  it('holds a line, then writes it within the flush interval while the process runs on', async () => {
    const child = runChild('stay');
    try {
      await loggedBy(child);
      const lines = await waitFor(() => written(child.stdout()).length === 2 && written(child.stdout()), 5_000);
      expect(lines).toEqual([MARK, 'line before the end']);
    } finally {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  });

  it.each([
    ['exit', { code: 0, signal: null }],
    ['throw', { code: 1, signal: null }],
  ])('writes what it holds when the process ends by %s', async (mode, end) => {
    const child = runChild(mode);
    expect(await child.exited).toEqual(end);
    expect(written(child.stdout())).toEqual([MARK, 'line before the end']);
  });

  it('writes what it holds, and what the last shutdown hooks log, when SIGTERM stops the application', async () => {
    const child = runChild('sigterm');
    await loggedBy(child);
    child.process.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const lines = written(child.stdout());
    // Held when logged (after MARK), then written at exit, with the line a shutdown hook logged last.
    expect(lines.indexOf(MARK)).toBeLessThan(lines.indexOf('line before the signal'));
    expect(lines.at(-1)).toBe('line logged while shutting down');
  });

  it("starts Berceau's API with stdout a pipe, logs its requests there, and stops on SIGTERM", async () => {
    const port = await freePort();
    const api = run(join(root, 'src/main.ts'), ['--role=api'], {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    try {
      await waitFor(() => api.stdout().includes('listening on port'), 45_000);
      // The start-up's lines come before the banner, none held behind it.
      const [before, after] = api.stdout().split(/^Berceau \(api\) listening on port.*$/m);
      expect(written(before)).toContain('Nest application successfully started');
      expect(after.trim()).toBe('');
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      const requestLine = await waitFor(
        () =>
          api
            .stdout()
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as { msg: string; req?: { path: string }; res?: { statusCode: number } })
            .find((l) => l.req?.path === '/api/health'),
        5_000,
      );
      expect(requestLine).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
    } finally {
      api.process.kill('SIGTERM');
    }
    expect(await api.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
