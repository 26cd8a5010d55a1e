/**
 * The channel registry (issue 14 §6): one list, each channel a module in its own folder, and
 * nothing outside src/channels naming a channel. The import side is a layer rule
 * (.dependency-cruiser.cjs, "channels-through-the-registry", run by npm run lint:layers); this
 * test checks the names written in the code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHANNELS } from '../../src/channels/registry';
import { CHANNEL_SETTINGS } from '../../src/channels/settings';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the channel registry', () => {
  it('lists each channel once, as a module in the folder of its name', () => {
    const names = CHANNELS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const c of CHANNELS) {
      expect(existsSync(path.join(SRC, 'channels', c.name, 'channel.ts'))).toBe(true);
      expect(typeof c.enabled).toBe('function');
      expect(typeof c.mount).toBe('function');
    }
  });

  it('gives every channel that knows people by its own ids an identity schema', () => {
    for (const c of CHANNELS.filter((ch) => ch.identity)) {
      expect(c.identity?.supervisor.safeParse(undefined).success).toBe(true); // optional in the org file
      expect(c.identity?.practitioner.safeParse({}).success).toBe(false); // but complete when given
    }
  });

  it('keeps settings only for registered channels, each with the same identity schemas', () => {
    for (const [name, settings] of Object.entries(CHANNEL_SETTINGS)) {
      const channel = CHANNELS.find((c) => c.name === name);
      expect(channel).toBeDefined();
      expect(channel?.identity).toBe(settings.identity);
    }
  });

  it('leaves no channel name written outside src/channels', () => {
    const names = CHANNELS.map((c) => c.name).join('|');
    const naming = new RegExp(`['"\`](${names})['"\`]|\\.(${names})\\b|^\\s*(${names}):`, 'm');
    const found = files(SRC)
      .filter((f) => !f.startsWith(path.join(SRC, 'channels') + path.sep))
      .filter((f) => naming.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .sort();
    expect(found).toEqual([]);
  });
});
