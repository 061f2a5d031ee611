import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../support/wait';

/**
 * Production logs are buffered (`bufferedLogDestination`): each scenario runs a process that logs one line and then
 * ends in its own way, and checks that the line was held (not written at once) and is in the file in the end.
 */
const root = join(__dirname, '..', '..');

interface Child {
  readonly report: Promise<{ heldRightAfter: boolean; logged: string }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

function runChild(mode: string, file: string): Child {
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'test/bench/swc-register.js'), join(root, 'test/support/log-destination-child.ts'), mode, file],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  const report = new Promise<{ heldRightAfter: boolean; logged: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.once('exit', () => reject(new Error(`the child ended without reporting (stdout: ${out})`)));
  });
  report.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { report, exited, kill: (signal) => child.kill(signal) };
}

describe('buffered production logs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berceau-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string });

  it('holds a line, then writes it within the flush interval while the process runs on', async () => {
    const file = join(dir, 'log');
    const child = runChild('stay', file);
    try {
      const report = await child.report;
      expect(report.heldRightAfter).toBe(true);
      const written = await waitFor(() => lines(file).length > 0 && lines(file), 5_000);
      expect(written.map((l) => l.msg)).toEqual([report.logged]);
    } finally {
      child.kill('SIGKILL');
      await child.exited;
    }
  });

  it.each([
    ['exit', 'process.exit', { code: 0, signal: null }],
    ['throw', 'an uncaught exception', { code: 1, signal: null }],
  ])('writes what it holds when the process ends by %s (%s)', async (mode, _how, end) => {
    const file = join(dir, 'log');
    const child = runChild(mode, file);
    const report = await child.report;
    expect(await child.exited).toEqual(end);
    expect(report.heldRightAfter).toBe(true);
    expect(lines(file).map((l) => l.msg)).toEqual([report.logged]);
  });

  it('writes what it holds when SIGTERM stops the application (Nest re-sends the signal, so no exit event)', async () => {
    const file = join(dir, 'log');
    const child = runChild('sigterm', file);
    const report = await child.report;
    expect(report.heldRightAfter).toBe(true);
    child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(lines(file).map((l) => l.msg)).toContain(report.logged);
  });
});
