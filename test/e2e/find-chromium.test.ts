/** How the browser tests find a Chromium, and what happens when there is none. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumForTests, findChromium } from '../support/browser';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeExecutable(...parts: string[]): string {
  const file = path.join(dir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

const nowhere = path.join(dir, 'no-such-chromium');

it('prefers CHROMIUM_PATH, then the Debian path, then chromium or chromium-browser on PATH', () => {
  const explicit = fakeExecutable('explicit', 'chrome');
  const debian = fakeExecutable('usr-bin', 'chromium');
  const onPath = fakeExecutable('bin-a', 'chromium-browser');
  expect(findChromium({ CHROMIUM_PATH: explicit, PATH: path.dirname(onPath) }, debian)).toBe(explicit);
  expect(findChromium({ PATH: path.dirname(onPath) }, debian)).toBe(debian);
  expect(findChromium({ PATH: ['/nonexistent', path.dirname(onPath)].join(path.delimiter) }, nowhere)).toBe(onPath);
});

it('ignores files that are not executable', () => {
  const plain = path.join(dir, 'bin-b', 'chromium');
  mkdirSync(path.dirname(plain), { recursive: true });
  writeFileSync(plain, 'not a program');
  expect(findChromium({ PATH: path.dirname(plain) }, nowhere)).toBeUndefined();
});

it('refuses a CHROMIUM_PATH that does not exist rather than falling back', () => {
  expect(() => findChromium({ CHROMIUM_PATH: nowhere }, nowhere)).toThrow(/CHROMIUM_PATH=.* is not an executable/);
});

it('with no browser: one "not run" line saying how to enable it, or a failure under REQUIRE_BROWSER=1', () => {
  let printed = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    expect(chromiumForTests('e2e/example', { PATH: '' }, nowhere)).toBeUndefined();
  } finally {
    write.mockRestore();
  }
  expect(printed.split('\n').filter(Boolean)).toHaveLength(1);
  expect(printed).toMatch(/^Browser test e2e\/example not run: no Chromium found\. To run it, .*CHROMIUM_PATH/);
  expect(() => chromiumForTests('e2e/example', { PATH: '', REQUIRE_BROWSER: '1' }, nowhere)).toThrow(
    /REQUIRE_BROWSER=1 but no Chromium was found/,
  );
});
