/**
 * npm run teams:package: the zip Teams sideloads. Read back with an independent ZIP reader, the
 * manifest validated against the vendored schema, icon sizes checked from the PNG headers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { buildPackage, checkIcon, validateManifest } from '../../../scripts/teams-package';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const APP_PACKAGE = path.join(ROOT, 'appPackage');
const SCHEMA = path.join(APP_PACKAGE, 'schema', 'MicrosoftTeams.v1.22.schema.json');
const CLIENT_ID = '6f1c2d3e-1111-2222-3333-444455556666';

/** Reads a ZIP's central directory and inflates each entry, checking its CRC. */
function unzip(file: Buffer): Map<string, Buffer> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(at)).toBe(0x02014b50);
    const method = file.readUInt16LE(at + 10);
    const crc = file.readUInt32LE(at + 16);
    const size = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const raw = file.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data) >>> 0).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + extra;
  }
  return out;
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('npm run teams:package', () => {
  it('writes a zip with a valid manifest carrying CLIENT_ID, and icons of the right sizes', () => {
    const run = spawnSync('npm', ['run', '--silent', 'teams:package'], {
      cwd: ROOT,
      env: { ...process.env, CLIENT_ID },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    const entries = unzip(readFileSync(path.join(APP_PACKAGE, 'reflect-teams.zip')));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: CLIENT_ID,
      bots: [{ botId: CLIENT_ID, scopes: ['personal', 'team'] }],
      manifestVersion: '1.22',
    });
    expect(JSON.stringify(manifest)).not.toContain('00000000-0000-0000-0000-000000000000');
    expect(validateManifest(manifest, SCHEMA)).toEqual([]);
    expect(pngSize(entries.get('color.png') ?? Buffer.alloc(24))).toEqual({ width: 192, height: 192 });
    expect(pngSize(entries.get('outline.png') ?? Buffer.alloc(24))).toEqual({ width: 32, height: 32 });
  });

  it('draws missing icons, and names what is wrong with a bad manifest or icon', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-apppkg-'));
    try {
      cpSync(path.join(APP_PACKAGE, 'manifest.json'), path.join(dir, 'manifest.json'));
      cpSync(path.join(APP_PACKAGE, 'schema'), path.join(dir, 'schema'), { recursive: true });
      const ok = buildPackage(dir, CLIENT_ID);
      expect(ok.problems).toEqual([]);
      expect(checkIcon(path.join(dir, 'color.png'), 192, false)).toEqual([]);
      expect(checkIcon(path.join(dir, 'outline.png'), 32, true)).toEqual([]);
      expect(checkIcon(path.join(dir, 'color.png'), 32, true).join('\n')).toMatch(
        /192×192; Teams needs 32×32[\s\S]*non-white/,
      );
      expect(buildPackage(dir, 'not-a-guid').problems.join('\n')).toMatch(/CLIENT_ID "not-a-guid" is not a GUID/);
      expect(
        validateManifest(
          { ...ok.manifest, accentColor: undefined, bots: [{ botId: CLIENT_ID, scopes: ['everywhere'] }] },
          SCHEMA,
        ).join('\n'),
      ).toMatch(/accentColor|scopes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
