/**
 * Finds a Chromium for the browser tests: CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` (or
 * `chromium-browser`) on PATH. Never downloads one. Without a browser the browser tests are reported
 * as not run with one line saying how to enable them; REQUIRE_BROWSER=1 (CI) makes that a failure.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

const HOW_TO = 'install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  defaultPath = '/usr/bin/chromium',
): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (executable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: ${HOW_TO}.`);
  }
  if (executable(defaultPath)) return defaultPath;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The Chromium to use, or undefined after printing the one "not run" line. Throws when none is
 * found and REQUIRE_BROWSER=1, so a CI run without a browser fails instead of passing quietly.
 */
export function chromiumForTests(
  suite: string,
  env: NodeJS.ProcessEnv = process.env,
  defaultPath = '/usr/bin/chromium',
): string | undefined {
  const found = findChromium(env, defaultPath);
  if (found) return found;
  if (env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but no Chromium was found: ${HOW_TO}.`);
  process.stderr.write(`Browser test ${suite} not run: no Chromium found. To run it, ${HOW_TO}.\n`);
  return undefined;
}
