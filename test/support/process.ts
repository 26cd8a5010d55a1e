/** Runs the real service as a child process (so it can be killed with SIGKILL) and waits for it to listen. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A child runs on its own SQLite DATA_DIR and the demo organisation, whatever the test runner's
 * environment holds (CI sets DATABASE_URL for the Postgres leg; an empty value means unset).
 */
const ISOLATED = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', ORG_CONFIG: '', NODE_ENV: 'test' };

export interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

export function startChild(env: Record<string, string>, timeoutMs = 20_000): Promise<Child> {
  // `node --import tsx` runs src/main.ts in this one process, so SIGKILL reaches the server (the tsx
  // CLI would add a wrapper); the ESM hook is needed for main.ts's lazy import() of channel SDKs.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...ISOLATED, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${m[1]}`, output: () => out });
      }
    };
    proc.stdout?.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${out}`));
    });
  });
}

export function kill9(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.proc.removeAllListeners('exit');
    child.proc.once('exit', () => resolve());
    child.proc.kill('SIGKILL');
  });
}

export function runToExit(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...ISOLATED, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
