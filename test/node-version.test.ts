/** The start-up refusal on an old Node: its message, and that main.ts loads it before anything else. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const realVersions = process.versions;

function runGuardAs(version: string): { exited: number | undefined; stderr: string } {
  let exited: number | undefined;
  let stderr = '';
  Object.defineProperty(process, 'versions', { value: { ...realVersions, node: version }, configurable: true });
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    exited = Number(code);
    return undefined as never;
  });
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    jest.isolateModules(() => {
      require('../src/node-version');
    });
  } finally {
    exit.mockRestore();
    write.mockRestore();
    Object.defineProperty(process, 'versions', { value: realVersions, configurable: true });
  }
  return { exited, stderr };
}

it('refuses Node 20 with one line naming the version and the README', () => {
  expect(runGuardAs('20.19.5')).toEqual({
    exited: 1,
    stderr: 'Reflect needs Node.js 22 or later; this is 20.x. See README ("Node.js 22").\n',
  });
});

it('refuses a Node 22 older than the engines field allows, naming the exact version', () => {
  const { exited, stderr } = runGuardAs('22.3.0');
  expect(exited).toBe(1);
  expect(stderr).toContain('needs Node.js 22.12 or later; this is 22.3.0');
});

it.each(['22.12.0', '22.20.1', '24.1.0'])('lets Node %s start', (version) => {
  expect(runGuardAs(version)).toEqual({ exited: undefined, stderr: '' });
});

it('is the first module main.ts loads', () => {
  const source = readFileSync(path.join(__dirname, '../src/main.ts'), 'utf8');
  const firstImport = source.match(/^import .*$/m)?.[0];
  expect(firstImport).toBe("import './node-version';");
});
