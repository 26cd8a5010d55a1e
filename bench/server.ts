/**
 * Starts the built service (dist/main.js) on a free loopback port, as the benchmarks measure it,
 * and resolves once /healthz answers. Shared by npm run bench and npm run bench:replicas.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..');

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
  readyMs: number;
}

export function startServer(env: Record<string, string>): Promise<Server> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /localhost:(\d+)/.exec(out);
      if (!m) return;
      const url = `http://127.0.0.1:${m[1]}`;
      void waitHealthy(url).then(() =>
        resolve({
          url,
          pid: proc.pid ?? 0,
          readyMs: performance.now() - t0,
          stop: () =>
            new Promise((r) => {
              proc.once('exit', () => r());
              proc.kill('SIGTERM');
            }),
        }),
      );
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

export async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('server never became healthy');
}
